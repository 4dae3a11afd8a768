/**
 * Properties a page set on a `<p2p-video>` before its tag was defined (`el.muted = true` in a script
 * that ran while the element module loaded) are own data properties of the element, which shadow
 * the class's accessors after the upgrade: the value would never reach the `<video>`. Lit fixes
 * this for its reactive properties only; this re-applies the others through their setters (the
 * usual custom-element "upgrade property" pattern), once the element is upgraded.
 */
export function adoptPropertiesSetBeforeUpgrade(elements: Iterable<Element>): void {
  for (const el of elements) {
    const record = el as unknown as Record<string, unknown>;
    for (const key of Object.keys(el)) {
      if (!hasInheritedSetter(Object.getPrototypeOf(el) as object | null, key)) continue;
      const value = record[key];
      delete record[key];
      record[key] = value;
    }
  }
}

/** True when an accessor with a setter for `key` is on `proto` or above (an own data property would shadow it). */
function hasInheritedSetter(proto: object | null, key: string): boolean {
  for (let p = proto; p && p !== HTMLElement.prototype; p = Object.getPrototypeOf(p) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(p, key);
    if (descriptor) return typeof descriptor.set === 'function';
  }
  return false;
}
