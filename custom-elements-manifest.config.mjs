// `npm run analyze`: generates custom-elements.json from the JSDoc of src/elements (@attr, @fires,
// @slot, @csspart, @cssprop, @prop). Never edit custom-elements.json by hand.
export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['**/*.d.ts'],
  outdir: '.',
  litelement: true,
};
