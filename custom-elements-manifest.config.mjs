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

export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['**/*.d.ts'],
  outdir: '.',
  litelement: true,
  plugins: [dropPrivateMembers()],
};
