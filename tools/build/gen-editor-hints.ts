/**
 * Writes editor hints for `<p2p-video>` and `<p2p-stats-display>` from custom-elements.json, so
 * HTML completion and hover docs come from the same JSDoc as everything else. Into dist/
 * (shipped; `vite build` empties it, so this runs after it):
 *
 *   vscode.html-custom-data.json  VS Code (`"html.customData"` setting): tags, attributes, values
 *   vscode.css-custom-data.json   VS Code (`"css.customData"`): the elements' CSS custom properties
 *   web-types.json                JetBrains IDEs (package.json "web-types"): attributes, properties,
 *                                 events, slots, CSS parts and custom properties
 *
 * Runs at the end of `npm run build` (see docs/frameworks.md for the editor settings).
 *
 *   node --import tsx tools/build/gen-editor-hints.ts [manifest] [outDir]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isPublic, type ElementDeclaration, type Item, type Manifest } from './manifest.ts';

/** Values of standard media attributes (the manifest types them `string`). */
const ATTRIBUTE_VALUES: Record<string, string[]> = {
  preload: ['none', 'metadata', 'auto'],
  crossorigin: ['anonymous', 'use-credentials'],
};
const DOCS_URL = 'https://github.com/p2p-video/p2p-video/blob/main/docs/attributes-and-events.md';

const text = (item: Item): string => (item.description ?? item.summary ?? '').trim();
const isBoolean = (item: Item): boolean => item.type?.text === 'boolean';

/** `'a' | 'b'` in a type, or the table above. */
function attributeValues(attribute: Item): string[] {
  const literals = [...(attribute.type?.text ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]);
  return literals.length > 0 ? literals : (ATTRIBUTE_VALUES[attribute.name] ?? []);
}

function elementsOf(manifest: Manifest): Array<{ element: ElementDeclaration; module: string }> {
  return manifest.modules.flatMap((module) =>
    (module.declarations ?? []).filter((d) => d.tagName).map((element) => ({ element, module: module.path })),
  );
}

/** VS Code's HTML custom data (version 1.1). Boolean attributes use the built-in value set `v` (no value). */
export function renderVsCodeHtmlData(manifest: Manifest): object {
  return {
    $schema: 'https://raw.githubusercontent.com/microsoft/vscode-html-languageservice/main/docs/customData.schema.json',
    version: 1.1,
    tags: elementsOf(manifest).map(({ element }) => ({
      name: element.tagName,
      description: { kind: 'markdown', value: text(element) },
      attributes: (element.attributes ?? []).filter(isPublic).map((attribute) => {
        const values = attributeValues(attribute);
        return {
          name: attribute.name,
          description: { kind: 'markdown', value: text(attribute) },
          ...(isBoolean(attribute) ? { valueSet: 'v' } : {}),
          ...(values.length > 0 ? { values: values.map((name) => ({ name })) } : {}),
        };
      }),
      references: [{ name: 'Attributes, properties and events', url: DOCS_URL }],
    })),
  };
}

/** VS Code's CSS custom data: the custom properties the elements read. */
export function renderVsCodeCssData(manifest: Manifest): object {
  const seen = new Set<string>();
  const properties = elementsOf(manifest)
    .flatMap(({ element }) => (element.cssProperties ?? []).map((p) => ({ p, tag: element.tagName })))
    .filter(({ p }) => !seen.has(p.name) && seen.add(p.name))
    .map(({ p, tag }) => ({ name: p.name, description: `${text(p)}${p.default ? ` Default: \`${p.default}\`.` : ''} (<${tag}>)` }));
  return {
    $schema: 'https://raw.githubusercontent.com/microsoft/vscode-css-languageservice/main/docs/customData.schema.json',
    version: 1.1,
    properties,
  };
}

const named = (items: Item[] | undefined): Array<{ name: string; description: string }> =>
  (items ?? []).filter(isPublic).map((item) => ({ name: item.name, description: text(item) }));

/** JetBrains web-types: HTML elements with attributes, slots, JS properties and events, CSS parts and properties. */
export function renderWebTypes(manifest: Manifest, pkg: { name: string; version: string }): object {
  return {
    $schema: 'https://json.schemastore.org/web-types',
    name: pkg.name,
    version: pkg.version,
    'description-markup': 'markdown',
    'js-types-syntax': 'typescript',
    contributions: {
      html: {
        elements: elementsOf(manifest).map(({ element, module }) => ({
          name: element.tagName,
          description: text(element),
          'doc-url': DOCS_URL,
          source: { module: `./${module}`, symbol: element.name },
          attributes: (element.attributes ?? []).filter(isPublic).map((attribute) => {
            const values = attributeValues(attribute);
            const value = isBoolean(attribute)
              ? { kind: 'no-value', type: 'boolean' }
              : { type: values.length > 0 ? values.map((v) => JSON.stringify(v)).join(' | ') : 'string' };
            return { name: attribute.name, description: text(attribute), ...(attribute.default ? { default: attribute.default } : {}), value };
          }),
          slots: named(element.slots),
          events: named(element.events),
          js: {
            properties: (element.members ?? [])
              .filter((m) => m.kind === 'field' && isPublic(m))
              .map((m) => ({ name: m.name, description: text(m), ...(m.type?.text ? { type: m.type.text } : {}), ...(m.readonly ? { 'read-only': true } : {}) })),
            events: (element.events ?? []).map((e) => ({ name: e.name, description: text(e), ...(e.type?.text ? { type: e.type.text } : {}) })),
          },
          css: {
            parts: named(element.cssParts),
            properties: named(element.cssProperties),
          },
        })),
      },
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));
  const manifest = JSON.parse(readFileSync(process.argv[2] ?? root('custom-elements.json'), 'utf8')) as Manifest;
  const outDir = process.argv[3] ?? root('dist');
  const pkg = JSON.parse(readFileSync(root('package.json'), 'utf8')) as { name: string; version: string };
  const write = (file: string, data: object): void => writeFileSync(`${outDir}/${file}`, `${JSON.stringify(data, null, 2)}\n`);
  write('vscode.html-custom-data.json', renderVsCodeHtmlData(manifest));
  write('vscode.css-custom-data.json', renderVsCodeCssData(manifest));
  write('web-types.json', renderWebTypes(manifest, pkg));
  console.log(`wrote ${outDir}/{vscode.html-custom-data,vscode.css-custom-data,web-types}.json`);
}
