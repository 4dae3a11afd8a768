/**
 * The players the swarm harness compares, one HTML page each. A page reads its stream, tracker and
 * swarm id from its query string (`?src=…&tracker=…&swarm=…`), plays muted + autoplay, and reports
 * through the in-page probe (`/__probe.js`, see swarm-probe.browser.js).
 */

export const SWARM_SUBJECTS = ['baseline-hls', 'baseline-shaka', 'p2p-video', 'pml'] as const;
export type SwarmSubject = (typeof SWARM_SUBJECTS)[number];

/** The player under test for each subject, given `params` (URLSearchParams), `video` and the probe. */
const PLAYER_SCRIPTS: Record<SwarmSubject, string> = {
  // Buffer capped like a real deployment: hls.js defaults would download the whole VOD (STACK.md).
  'baseline-hls': `
    <video id="video" muted autoplay playsinline></video>
    <script type="module">
      import Hls from '/node_modules/hls.js/dist/hls.mjs';
      __probe.mark('engine-module-loaded');
      const params = new URLSearchParams(location.search);
      const video = document.getElementById('video');
      __probe.attach(video);
      __probe.watchMedia(video);
      const hls = new Hls({ maxBufferLength: 30, maxMaxBufferLength: 30 });
      __probe.watchHls(hls);
      hls.loadSource(params.get('src'));
      hls.attachMedia(video);
      window.__player = hls;
    </script>`,
  'baseline-shaka': `
    <video id="video" muted autoplay playsinline></video>
    <script src="/node_modules/shaka-player/dist/shaka-player.dash.js"></script>
    <script type="module">
      __probe.mark('engine-module-loaded');
      const params = new URLSearchParams(location.search);
      const video = document.getElementById('video');
      __probe.attach(video);
      __probe.watchMedia(video);
      shaka.polyfill.installAll();
      const player = new shaka.Player();
      await player.attach(video);
      player.configure({ streaming: { bufferingGoal: 30 } });
      __probe.watchShaka(player);
      window.__player = player;
      await player.load(params.get('src'));
    </script>`,
  // Default settings except a local tracker and no ICE servers (never public hosts in tests);
  // `integrity` (optional) is the segment hash file's URL.
  'p2p-video': `
    <script type="module" src="/dist/p2p-video.js"></script>
    <script type="module">
      const params = new URLSearchParams(location.search);
      const el = document.createElement('p2p-video');
      el.setAttribute('trackers', params.get('tracker'));
      el.setAttribute('ice-servers', '');
      el.setAttribute('swarm-id', params.get('swarm'));
      el.setAttribute('muted', '');
      el.setAttribute('autoplay', '');
      el.setAttribute('playsinline', '');
      el.setAttribute('src', params.get('src'));
      if (params.get('integrity')) el.config = { p2p: { integrityUrl: params.get('integrity') } };
      __probe.attach(el);
      __probe.watchP2PVideo(el);
      document.body.append(el);
      window.__player = el;
    </script>`,
  // P2P Media Loader's DEFAULT config (and hls.js defaults) except tracker, ICE servers and swarm id.
  pml: `
    <video id="video" muted autoplay playsinline></video>
    <script type="module">
      import { Hls, HlsJsP2PEngine } from '/.cache/swarm-bundles/pml.js';
      __probe.mark('engine-module-loaded');
      const params = new URLSearchParams(location.search);
      const video = document.getElementById('video');
      __probe.attach(video);
      __probe.watchMedia(video);
      const HlsWithP2P = HlsJsP2PEngine.injectMixin(Hls);
      const hls = new HlsWithP2P({
        p2p: { core: { announceTrackers: [params.get('tracker')], rtcConfig: { iceServers: [] }, swarmId: params.get('swarm') } },
      });
      __probe.watchHls(hls);
      hls.p2pEngine.addEventListener('onChunkDownloaded', (bytes, source) => __probe.count(source, bytes));
      hls.loadSource(params.get('src'));
      hls.attachMedia(video);
      window.__player = hls;
    </script>`,
};

/** The full HTML of a subject's page. */
export function subjectPageHtml(subject: SwarmSubject): string {
  return `<!doctype html>
<html>
  <head><meta charset="utf-8"><title>${subject}</title></head>
  <body style="margin:0;background:#000">
    <script src="/__probe.js"></script>
    ${PLAYER_SCRIPTS[subject]}
  </body>
</html>
`;
}

export function isSwarmSubject(name: string): name is SwarmSubject {
  return (SWARM_SUBJECTS as readonly string[]).includes(name);
}
