/** The part of custom-elements.json (Custom Elements Manifest schema) the generators read. */

export interface Item {
  name: string;
  description?: string;
  summary?: string;
  default?: string;
  type?: { text?: string };
  privacy?: string;
  static?: boolean;
  kind?: string;
  readonly?: boolean;
  fieldName?: string;
  attribute?: string;
  inheritedFrom?: { name: string };
}

export interface ElementDeclaration extends Item {
  tagName?: string;
  attributes?: Item[];
  members?: Item[];
  events?: Item[];
  slots?: Item[];
  cssParts?: Item[];
  cssProperties?: Item[];
}

export interface Manifest {
  modules: { path: string; declarations?: ElementDeclaration[] }[];
}

/** Part of the public API: not private, not static, not `_`/`#`-prefixed. */
export const isPublic = (item: Item): boolean => (item.privacy ?? 'public') === 'public' && !item.static && !/^[_#]/.test(item.name);
