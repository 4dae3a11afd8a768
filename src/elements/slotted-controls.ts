/**
 * Controls a user puts in `<p2p-video>`'s `controls` slot sit in the light DOM, outside the
 * internal `<media-controller>`'s subtree, so media-chrome's own discovery misses them. Their
 * requests already bubble through the slot to the controller; this registers them to receive state.
 */
import { mediaChrome } from './controls-schedule.js';

/** The part of media-chrome's `MediaController` used here. */
export interface StateReceiverRegistry {
  registerMediaStateReceiver(element: Element): void;
  unregisterMediaStateReceiver(element: Element): void;
}

export class SlottedControls {
  #registered: Element[] = [];

  /**
   * The `controls` slot changed: registers what it holds with the slot's controller. The controller
   * must be a media-chrome one to take receivers, so a filled slot loads media-chrome now, not with
   * the bar. Returns whether the slot is filled (the built-in bar then steps aside).
   */
  slotChanged(slot: HTMLSlotElement): boolean {
    const elements = slot.assignedElements({ flatten: true });
    const controller = slot.parentElement as unknown as StateReceiverRegistry;
    const ready = elements.length > 0 ? mediaChrome().then(() => customElements.whenDefined('media-controller')) : Promise.resolve();
    void ready.then(() => this.update(controller, elements)).catch(() => undefined);
    return elements.length > 0;
  }

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
