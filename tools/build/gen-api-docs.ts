/**
 * Writes docs/attributes-and-events.md from custom-elements.json, so the reference never drifts
 * from the JSDoc in src/elements (which `cem analyze` turns into the manifest).
 *
 *   npm run build && node --import tsx tools/build/gen-api-docs.ts [manifest] [out]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isPublic, type ElementDeclaration, type Item } from './manifest.ts';

const root = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** Table cells: one line, pipes escaped. */
const cell = (text: string | undefined): string => (text ?? '').replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
const code = (text: string | undefined): string => (text ? `\`${cell(text).replace(/`/g, '')}\`` : '');
const describe = (item: Item): string => cell(item.description ?? item.summary);
/** Members and events the element passes through from its `<video>`: listed by name, not one row each. */
const fromVideo = (item: Item): boolean => item.inheritedFrom?.name === 'HTMLVideoElement';
const own = (item: Item): boolean => !fromVideo(item);

/** One paragraph naming the `<video>` API the element passes through (nothing when there is none). */
function passthroughSection(element: ElementDeclaration): string {
  const members = (element.members ?? []).filter((m) => isPublic(m) && fromVideo(m));
  const events = (element.events ?? []).filter(fromVideo);
  if (members.length + events.length === 0) return '';
  const list = (items: string[]): string => items.map((name) => `\`${name}\``).join(', ');
  const fields = members.filter((m) => m.kind === 'field');
  const lines = [
    `### From \`<video>\``,
    '',
    'These behave as on `<video>` (the element forwards them to its inner video and re-dispatches its events):',
    '',
    `- Properties: ${list(fields.filter((m) => !m.readonly).map((m) => m.name))}.`,
    `- Read-only properties: ${list(fields.filter((m) => m.readonly).map((m) => m.name))}.`,
    `- Methods: ${list(members.filter((m) => m.kind === 'method').map((m) => `${m.name}()`))}.`,
    `- Events: ${list(events.map((e) => e.name))}.`,
    '',
  ];
  return lines.join('\n');
}

function table(headers: string[], rows: string[][]): string {
  if (rows.length === 0) return '_None._\n';
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

/** ` (attribute)`, or ` (attribute `ice-servers`)` where the names differ. */
function attributeNote(property: string, attribute: string | undefined): string {
  if (attribute === undefined) return '';
  return attribute === property ? ' (attribute)' : ` (attribute ${code(attribute)})`;
}

function elementSection(element: ElementDeclaration): string {
  const attributes = (element.attributes ?? []).filter(isPublic);
  const attributeOf = new Map(attributes.filter((a) => a.fieldName).map((a) => [a.fieldName, a.name]));
  const properties = (element.members ?? []).filter((m) => m.kind === 'field' && isPublic(m) && own(m));
  const methods = (element.members ?? []).filter((m) => m.kind === 'method' && isPublic(m) && own(m));
  const parts = [
    `## \`<${element.tagName}>\`\n\n${cell(element.description ?? element.summary)}\n`,
    `### Attributes\n\n${table(
      ['Attribute', 'Type', 'Default', 'Description'],
      attributes.map((a) => [code(a.name), code(a.type?.text), code(a.default), describe(a)]),
    )}`,
    `### Properties\n\n${table(
      ['Property', 'Type', 'Description'],
      properties.map((p) => [
        code(p.name) + attributeNote(p.name, attributeOf.get(p.name)) + (p.readonly ? ' (read-only)' : ''),
        code(p.type?.text),
        describe(p),
      ]),
    )}`,
  ];
  if (methods.length > 0) parts.push(`### Methods\n\n${table(['Method', 'Description'], methods.map((m) => [code(`${m.name}()`), describe(m)]))}`);
  parts.push(
    `### Events\n\n${table(['Event', 'Type', 'Description'], (element.events ?? []).filter(own).map((e) => [code(e.name), code(e.type?.text), describe(e)]))}`,
    passthroughSection(element),
    `### Slots\n\n${table(['Slot', 'Description'], (element.slots ?? []).map((s) => [s.name ? code(s.name) : '(default)', describe(s)]))}`,
    `### CSS parts\n\n${table(['Part', 'Description'], (element.cssParts ?? []).map((p) => [code(p.name), describe(p)]))}`,
    `### CSS custom properties\n\n${table(
      ['Property', 'Default', 'Description'],
      (element.cssProperties ?? []).map((p) => [code(p.name), code(p.default), describe(p)]),
    )}`,
  );
  return parts.filter(Boolean).join('\n');
}

/** The Markdown reference of every custom element in the manifest. */
export function renderApiDocs(manifest: { modules: { declarations?: ElementDeclaration[] }[] }): string {
  const elements = manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .filter((d): d is ElementDeclaration & { tagName: string } => Boolean(d.tagName))
    .sort((a, b) => (a.tagName === 'p2p-video' ? -1 : b.tagName === 'p2p-video' ? 1 : a.tagName.localeCompare(b.tagName)));
  const header = [
    '# Attributes, properties and events',
    '',
    '<!-- Generated by tools/build/gen-api-docs.ts from custom-elements.json: edit the JSDoc in src/elements, not this file. -->',
    '',
    'Event payload types (`P2PStats`, `P2PSegmentLoadDetail`, …) are exported by the package and typed on',
    '`addEventListener` through an `HTMLElementEventMap` augmentation. P2P settings without an attribute go',
    'in `el.config.p2p`: see [configuration.md](configuration.md).',
    '',
    'Templates and JSX type-check the tag with the generated hints: add `import type {} from \'p2p-video/types/react\'`',
    '(or `types/vue`, `types/svelte`) to a `.d.ts` of your app.',
    '',
  ].join('\n');
  return `${header}\n${elements.map(elementSection).join('\n')}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const manifestPath = process.argv[2] ?? root('custom-elements.json');
  const outPath = process.argv[3] ?? root('docs/attributes-and-events.md');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  writeFileSync(outPath, renderApiDocs(manifest));
  console.log(`wrote ${outPath}`);
}
