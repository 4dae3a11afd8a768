// `npm run analyze`: generates custom-elements.json from the JSDoc of src/elements (@attr, @fires,
// @slot, @csspart, @cssprop, @prop). Never edit custom-elements.json by hand.

/**
 * The manifest documents the public API: `#private` fields and methods (and anything marked
 * `private`) are implementation, and would only clutter IDE hints and the generated docs.
 */
function dropPrivateMembers() {
  return {
    name: 'p2p-video:drop-private-members',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (!declaration.members) continue;
          declaration.members = declaration.members.filter(
            (member) => member.privacy !== 'private' && !member.name.startsWith('#'),
          );
        }
      }
    },
  };
}

/** The `<video>` API `<p2p-video>` passes through, as HTMLVideoElement types it. */
const MEDIA_TYPES = {
  currentTime: 'number', volume: 'number', muted: 'boolean', defaultMuted: 'boolean',
  playbackRate: 'number', defaultPlaybackRate: 'number', preservesPitch: 'boolean',
  disablePictureInPicture: 'boolean', disableRemotePlayback: 'boolean', duration: 'number',
  paused: 'boolean', ended: 'boolean', seeking: 'boolean', buffered: 'TimeRanges',
  seekable: 'TimeRanges', played: 'TimeRanges', readyState: 'number', networkState: 'number',
  videoWidth: 'number', videoHeight: 'number', textTracks: 'TextTrackList', currentSrc: 'string',
  autoplay: 'boolean', loop: 'boolean', poster: 'string', preload: 'string', playsInline: 'boolean',
  crossOrigin: 'string | null',
};
const MEDIA_METHODS = {
  fastSeek: { parameters: [['time', 'number']], return: 'void' },
  addTextTrack: { parameters: [['kind', 'TextTrackKind'], ['label', 'string', true], ['language', 'string', true]], return: 'TextTrack' },
  requestPictureInPicture: { parameters: [], return: 'Promise<PictureInPictureWindow>' },
  getVideoPlaybackQuality: { parameters: [], return: 'VideoPlaybackQuality' },
  requestVideoFrameCallback: { parameters: [['callback', 'VideoFrameRequestCallback']], return: 'number' },
  cancelVideoFrameCallback: { parameters: [['handle', 'number']], return: 'void' },
};
const FROM_VIDEO = { name: 'HTMLVideoElement', package: 'global:' };

/**
 * Lists the media members the element passes through from its `<video>` (media-passthrough.ts
 * defines them at run time, media-events-controller.ts re-dispatches the events, so the analyzer
 * cannot see them). The names are read from those files' `as const` lists: one owner per list.
 */
function mediaPassthrough() {
  const lists = {};
  const LIST_NAMES = new Set(['WRITABLE_PROPS', 'READONLY_PROPS', 'METHODS', 'MEDIA_EVENTS']);
  return {
    name: 'p2p-video:media-passthrough',
    analyzePhase({ ts, node }) {
      if (!ts.isVariableDeclaration(node) || !ts.isIdentifier(node.name) || !LIST_NAMES.has(node.name.text)) return;
      let value = node.initializer;
      while (value && (ts.isAsExpression(value) || ts.isSatisfiesExpression?.(value))) value = value.expression;
      if (!value || !ts.isArrayLiteralExpression(value)) return;
      lists[node.name.text] = value.elements.filter(ts.isStringLiteral).map((element) => element.text);
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const name of LIST_NAMES) if (!lists[name]?.length) throw new Error(`media-passthrough plugin: no ${name} list found in src/elements`);
      const element = customElementsManifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'p2p-video');
      const members = (element.members ??= []);
      const events = (element.events ??= []);
      const has = (list, name) => list.some((item) => item.name === name);
      const typeOf = (name) => {
        if (!(name in MEDIA_TYPES)) throw new Error(`media-passthrough plugin: add the type of ${name} to MEDIA_TYPES`);
        return { text: MEDIA_TYPES[name] };
      };
      // Members the element's JSDoc already names (`@prop currentTime`) come from the video too.
      const passedThrough = new Set([...lists.WRITABLE_PROPS, ...lists.READONLY_PROPS, ...lists.METHODS]);
      for (const member of members.filter((m) => passedThrough.has(m.name))) {
        member.inheritedFrom ??= FROM_VIDEO;
        if (lists.READONLY_PROPS.includes(member.name)) member.readonly = true;
      }
      for (const [list, readonly] of [[lists.WRITABLE_PROPS, false], [lists.READONLY_PROPS, true]]) {
        for (const name of list.filter((n) => !has(members, n))) {
          members.push({ kind: 'field', name, type: typeOf(name), ...(readonly ? { readonly: true } : {}), description: `As on \`<video>\`${readonly ? ' (read-only)' : ''}.`, inheritedFrom: FROM_VIDEO });
        }
      }
      for (const name of lists.METHODS.filter((n) => !has(members, n))) {
        const method = MEDIA_METHODS[name];
        if (!method) throw new Error(`media-passthrough plugin: add the signature of ${name}() to MEDIA_METHODS`);
        const parameters = method.parameters.map(([param, text, optional]) => ({ name: param, type: { text }, ...(optional ? { optional: true } : {}) }));
        members.push({ kind: 'method', name, parameters, return: { type: { text: method.return } }, description: `As on \`<video>\`.`, inheritedFrom: FROM_VIDEO });
      }
      for (const name of lists.MEDIA_EVENTS.filter((n) => !has(events, n))) {
        events.push({ name, type: { text: 'Event' }, description: 'As on `<video>`, re-dispatched from the host.', inheritedFrom: FROM_VIDEO });
      }
    },
  };
}

/** The source modules whose built files the package ships, and those files (vite.config.ts entries). */
const SHIPPED = {
  'src/elements/p2p-video.ts': 'dist/elements/p2p-video.js',
  'src/elements/p2p-stats-display.ts': 'dist/elements/p2p-stats-display.js',
  'src/elements/define.ts': 'dist/elements/define.js',
};

/**
 * Points the manifest at the files the package ships (`dist/…js`), not at src/ (not in the
 * package). Modules that ship no file of their own (internal helpers bundled into those) are left
 * out; references to them keep their name only. The element's superclass is internal
 * (MediaTracksLitElement: LitElement plus media-tracks' API, whose members are listed on the element).
 */
function shippedPaths() {
  const normalise = (path) => path.replace(/^\//, '').replace(/\.js$/, '.ts');
  const relink = (reference) => {
    if (!reference?.module) return;
    const shipped = SHIPPED[normalise(reference.module)];
    if (shipped) reference.module = shipped;
    else delete reference.module;
  };
  return {
    name: 'p2p-video:shipped-paths',
    packageLinkPhase({ customElementsManifest }) {
      customElementsManifest.modules = customElementsManifest.modules.filter((module) => SHIPPED[module.path]);
      for (const module of customElementsManifest.modules) {
        module.path = SHIPPED[module.path];
        for (const declaration of module.declarations ?? []) {
          if (declaration.superclass?.name === 'MediaTracksLitElement') declaration.superclass = { name: 'LitElement', package: 'lit' };
          relink(declaration.superclass);
          for (const item of [...(declaration.members ?? []), ...(declaration.attributes ?? []), ...(declaration.events ?? [])]) relink(item.inheritedFrom);
        }
        for (const exported of module.exports ?? []) relink(exported.declaration);
      }
    },
  };
}

export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['**/*.d.ts'],
  outdir: '.',
  litelement: true,
  plugins: [dropPrivateMembers(), mediaPassthrough(), shippedPaths()],
};
