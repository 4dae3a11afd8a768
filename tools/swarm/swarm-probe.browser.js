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
  };

  const now = () => performance.now();
  const STATS_FIELDS = ['httpBytes', 'p2pBytes', 'uploadBytes', 'rejectedBytes', 'peers', 'segments', 'storedBytes', 'p2pRatio'];
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
    el.addEventListener('p2psegmentload', (e) => {
      const d = e.detail || {};
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
      const engine = el.engine;
      if (!engine || engine === hooked) return;
      hooked = engine;
      state.engineName = el.engineName;
      if (typeof engine.on === 'function' && typeof engine.loadSource === 'function') {
        watchHls(engine);
        state.video = engine.media || undefined;
      } else if (typeof engine.getNetworkingEngine === 'function') {
        watchShaka(engine);
        state.video = engine.getMediaElement() || undefined;
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
      p2p: { ...state.p2p, stats },
    };
  }

  function attach(media) {
    state.media = media;
  }

  window.__probe = { watchMedia, watchHls, watchShaka, watchP2PVideo, count, attach, report };
  window.addEventListener('error', (e) => state.pageErrors.push({ atMs: now(), message: `uncaught: ${e.message}` }));
  window.addEventListener('unhandledrejection', (e) => state.pageErrors.push({ atMs: now(), message: `unhandled rejection: ${e.reason}` }));
})();
