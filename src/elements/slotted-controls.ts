/**
 * Controls a user puts in `<p2p-video>`'s `controls` slot sit in the light DOM, outside the
 * internal `<media-controller>`'s subtree, so media-chrome's own discovery misses them. Their
 * requests already bubble through the slot to the controller; this registers them to receive state.
 */

/** The part of media-chrome's `MediaController` used here. */
export interface StateReceiverRegistry {
  registerMediaStateReceiver(element: Element): void;
  unregisterMediaStateReceiver(element: Element): void;
}

export class SlottedControls {
  #registered: Element[] = [];

  /** Registers the receivers among `elements` (and their descendants) with `controller`, dropping the previous ones. */
  async update(controller: StateReceiverRegistry, elements: readonly Element[]): Promise<void> {
    for (const element of this.#registered) controller.unregisterMediaStateReceiver(element);
    this.#registered = [];
    const all = elements.flatMap((element) => [element, ...element.querySelectorAll('*')]);
    await Promise.all(all.filter(isCustom).map((element) => customElements.whenDefined(element.localName)));
    this.#registered = all.filter(isStateReceiver);
    for (const element of this.#registered) controller.registerMediaStateReceiver(element);
  }
}

function isCustom(element: Element): boolean {
  return element.localName.includes('-');
}

/** media-chrome's test: the element observes `media…` attributes. */
function isStateReceiver(element: Element): boolean {
  const observed = (element.constructor as { observedAttributes?: string[] }).observedAttributes ?? [];
  return observed.some((name) => name.startsWith('media'));
}
