// In-page probe of the swarm harness: loaded as a classic script by every subject page before the
// player. It records what the viewer experienced (start-up, stalls, errors) and which segments the
// player loaded with their presentation times, so Node can tell what was actually played.
// Plain JS on purpose: it runs in the page as-is (no bundler, no tsx helpers).
(() => {
  const state = {
    firstPlayingMs: undefined,
    stalls: [],
    openStallStartMs: undefined,
    errors: [],
    pageErrors: [],
    segments: [],
    p2p: { stats: undefined, bySource: {}, peerConnects: 0, peerDisconnects: 0, warnings: [] },
    engineName: undefined,
    video: undefined,
    /** First time (ms since navigation start) each start-up milestone happened. */
    marks: {},
    /** Height of the picture shown, sampled: [ms since navigation start, videoHeight]. */
    heights: [],
    httpByReason: {},
  };
  // The start-up timeline reads resource entries; a long watch must not push the early ones out.
  try {
    performance.setResourceTimingBufferSize(5000);
  } catch {}

  const now = () => performance.now();
  /** Records a milestone the first time it happens. */
  const mark = (name) => {
    if (state.marks[name] === undefined) state.marks[name] = now();
  };
  const MEDIA_MARKS = ['loadstart', 'loadedmetadata', 'seeking', 'canplay', 'playing'];
  const STATS_FIELDS = ['httpBytes', 'p2pBytes', 'uploadBytes', 'rejectedBytes', 'peers', 'segments', 'storedBytes', 'p2pRatio', 'httpByReason'];
  const pathOf = (url) => {
    try {
      return new URL(url, location.href).pathname;
    } catch {
      return String(url);
    }
  };
  const describe = (e) => {
    const target = e && e.target;
    const err = (target && target.error) || (e && e.detail) || e;
    if (!err) return 'unknown error';
    return [err.code, err.detail, err.message].filter((x) => x !== undefined && x !== '').join(' ') || String(err);
  };

  function closeStall(endMs) {
    if (state.openStallStartMs === undefined) return;
    state.stalls.push({ startMs: state.openStallStartMs, durationMs: endMs - state.openStallStartMs });
    state.openStallStartMs = undefined;
  }

  /** Media events: from the `<video>` or from a host element that re-dispatches them. */
  function watchMedia(target) {
    for (const type of MEDIA_MARKS) target.addEventListener(type, () => mark(`media-${type}`));
    target.addEventListener('playing', () => {
      if (state.firstPlayingMs === undefined) state.firstPlayingMs = now();
      closeStall(now());
    });
    target.addEventListener('timeupdate', () => {
      // Some players resume without a `playing` event after a short stall; time moving ends it.
      if (state.openStallStartMs !== undefined && now() - state.openStallStartMs > 250 && !target.paused) {
        closeStall(now());
      }
    });
    target.addEventListener('waiting', () => {
      if (state.firstPlayingMs !== undefined && state.openStallStartMs === undefined) state.openStallStartMs = now();
    });
    target.addEventListener('error', (e) => state.errors.push({ atMs: now(), message: describe(e) }));
  }

  function addSegment(segment) {
    state.segments.push({ ...segment, loadedAtMs: now() });
  }

  /** hls.js (also P2P Media Loader's hls.js and `<p2p-video>`'s engine): event names are strings, no import needed. */
  function watchHls(hls) {
    mark('engine-created');
    hls.on('hlsManifestLoading', () => mark('engine-manifest-loading'));
    hls.on('hlsLevelLoading', () => mark('engine-playlist-loading'));
    hls.on('hlsFragLoading', (_event, data) => data.frag && data.frag.sn !== 'initSegment' && mark('engine-segment-loading'));
    hls.on('hlsFragLoaded', (_event, data) => {
      const frag = data.frag;
      if (!frag || frag.sn === 'initSegment') return;
      const bytes = (data.payload && data.payload.byteLength) || (frag.stats && frag.stats.loaded) || 0;
      addSegment({
        key: pathOf(frag.url),
        type: frag.type === 'main' ? 'video' : frag.type,
        rendition: String(frag.level),
        startSeconds: frag.start,
        durationSeconds: frag.duration,
        bytes,
      });
    });
    hls.on('hlsError', (_event, data) => {
      if (data.fatal) state.errors.push({ atMs: now(), message: `hls.js fatal ${data.type} ${data.details}` });
    });
  }

  /** Shaka: a response filter sees every media segment with its reference (times) and stream. */
  function watchShaka(player) {
    mark('engine-created');
    const SEGMENT = 1;
    player.getNetworkingEngine().registerResponseFilter((type, response, context) => {
      const ref = context && context.segment;
      if (type !== SEGMENT || !ref) return;
      const stream = context.stream;
      addSegment({
        key: pathOf(response.uri),
        type: (stream && stream.type) || 'video',
        rendition: String(stream ? stream.id : ''),
        startSeconds: ref.getStartTime(),
        durationSeconds: ref.getEndTime() - ref.getStartTime(),
        bytes: response.data ? response.data.byteLength : 0,
      });
    });
    player.addEventListener('error', (e) => state.errors.push({ atMs: now(), message: `shaka ${e.detail && e.detail.code}` }));
  }

  /** `<p2p-video>`: media events on the host, engine hooked once the element created it. */
  function watchP2PVideo(el) {
    watchMedia(el);
    customElements.whenDefined(el.localName).then(() => mark('element-defined'));
    el.addEventListener('p2psegmentload', (e) => {
      const d = e.detail || {};
      mark('first-segment-event');
      if (d.httpReason) {
        const r = (state.httpByReason[d.httpReason] ||= { requests: 0, bytes: 0 });
        r.requests += 1;
        r.bytes += d.httpBytes ?? (d.source === 'http' ? d.bytes || 0 : 0);
      }
      const s = (state.p2p.bySource[d.source] ||= { count: 0, bytes: 0, firstAtMs: now() });
      s.count += 1;
      s.bytes += d.bytes || 0;
    });
    el.addEventListener('p2ppeerconnect', () => (state.p2p.peerConnects += 1));
    el.addEventListener('p2ppeerdisconnect', () => (state.p2p.peerDisconnects += 1));
    el.addEventListener('p2pwarning', (e) => state.p2p.warnings.push(String(e.detail && (e.detail.code || e.detail.message))));
    el.addEventListener('p2pstats', (e) => (state.p2p.stats = e.detail));
    let hooked;
    const hook = () => {
      if (el.p2p) mark('p2p-core-created');
      const engine = el.engine;
      if (!engine || engine === hooked) return;
      hooked = engine;
      state.engineName = el.engineName;
      if (typeof engine.on === 'function' && typeof engine.loadSource === 'function') {
        watchHls(engine);
        state.video = engine.media || undefined;
        if (state.video) for (const type of MEDIA_MARKS) state.video.addEventListener(type, () => mark(`video-${type}`));
      } else if (typeof engine.getNetworkingEngine === 'function') {
        watchShaka(engine);
        state.video = engine.getMediaElement() || undefined;
        if (state.video) for (const type of MEDIA_MARKS) state.video.addEventListener(type, () => mark(`video-${type}`));
      }
    };
    // The element creates its engine asynchronously (lazy import); poll briefly, then keep checking slowly.
    const fast = setInterval(hook, 5);
    setTimeout(() => {
      clearInterval(fast);
      setInterval(hook, 500);
    }, 10000);
  }

  /** Custom counters a subject page wants in its report (e.g. P2P Media Loader's bytes by source). */
  function count(source, bytes) {
    const s = (state.p2p.bySource[source] ||= { count: 0, bytes: 0, firstAtMs: now() });
    s.count += 1;
    s.bytes += bytes;
  }

  function playedRanges(media) {
    const ranges = [];
    const played = media && media.played;
    if (!played) return ranges;
    for (let i = 0; i < played.length; i++) ranges.push([played.start(i), played.end(i)]);
    return ranges;
  }

  /** Every resource the page fetched, for the start-up timeline (times: ms since navigation start). */
  function resources() {
    return performance.getEntriesByType('resource').map((e) => ({
      url: e.name,
      initiator: e.initiatorType,
      startMs: e.startTime,
      endMs: e.responseEnd,
    }));
  }

  const mediaOf = () => state.video || state.media;
  /** The picture's height over time: a sample each second, kept when it changes. */
  function sampleHeight() {
    const media = mediaOf();
    const height = media && media.videoHeight;
    if (!height) return;
    const last = state.heights[state.heights.length - 1];
    if (!last || last[1] !== height) state.heights.push([now(), height]);
  }
  setInterval(sampleHeight, 1000);

  /** Everything Node needs, JSON-serialisable. `media` is what has `played`/`currentTime`. */
  function report() {
    const host = state.media;
    const media = state.video || host;
    const nowMs = now();
    const openStall =
      state.openStallStartMs === undefined ? [] : [{ startMs: state.openStallStartMs, durationMs: nowMs - state.openStallStartMs, open: true }];
    let stats = state.p2p.stats;
    try {
      // Copy field by field: a stats object with getters would serialise as {}.
      const live = host && host.stats;
      if (live) stats = Object.fromEntries(STATS_FIELDS.map((k) => [k, JSON.parse(JSON.stringify(live[k] ?? null))]));
    } catch {}
    return {
      sinceLoadMs: nowMs, // performance.now() counts from navigation start
      firstPlayingMs: state.firstPlayingMs,
      stalls: [...state.stalls, ...openStall],
      errors: state.errors,
      pageErrors: state.pageErrors,
      segments: state.segments,
      played: playedRanges(media && media.played ? media : host),
      currentTime: media ? media.currentTime : host ? host.currentTime : 0,
      paused: host ? host.paused : true,
      engineName: state.engineName,
      p2p: { ...state.p2p, stats, httpByReasonFromEvents: state.httpByReason },
      marks: state.marks,
      resources: resources(),
      heights: state.heights,
      videoHeight: (mediaOf() && mediaOf().videoHeight) || 0,
    };
  }

  function attach(media) {
    state.media = media;
  }

  window.__probe = { watchMedia, watchHls, watchShaka, watchP2PVideo, count, attach, mark, report };
  window.addEventListener('error', (e) => state.pageErrors.push({ atMs: now(), message: `uncaught: ${e.message}` }));
  window.addEventListener('unhandledrejection', (e) => state.pageErrors.push({ atMs: now(), message: `unhandled rejection: ${e.reason}` }));
})();
