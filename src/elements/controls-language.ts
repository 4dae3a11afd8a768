/**
 * The language of `<p2p-video>`'s controls: its `lang` attribute, else the nearest ancestor's (the
 * document's), else the browser's. media-chrome translates its labels and tooltips when its
 * `<media-controller>` has a `lang` and the translation module for it was imported. This sets
 * the controller's `lang` (once its translation is in, so media-chrome's buttons re-label).
 *
 * The element ships German (`media-chrome/lang/de.js`: the language of our own strings besides
 * English), loaded as a small chunk only once the bar is due, never on the start-up path. Every
 * media-chrome translation is ~1.2 KiB gzipped and the size budget (tools/build/size-budget.ts)
 * counts every chunk the bundle can load, so the other five (es, fr, pt, zh-CN, zh-TW) are left
 * to pages built on the npm package: there media-chrome is one shared module, and a page that
 * imports `media-chrome/lang/fr.js` gets French controls with `lang="fr"`.
 *
 * media-chrome keeps ONE current language per page (`setLanguage` in its utils/i18n.ts is
 * global): two players in two languages on one page both show the last one set.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { languageOf } from './p2p-strings.js';

/** Translations the element loads itself, by base language (media-chrome registers them under it). */
const TRANSLATIONS: Readonly<Record<string, () => Promise<unknown>>> = {
  de: () => import('media-chrome/lang/de.js'),
};

export interface ControlsLanguageOptions {
  /** Whether the bar is due (controls-schedule.ts): translations load only then. */
  due(): boolean;
}

export class ControlsLanguage implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: ControlsLanguageOptions;
  #wanted: string | undefined;
  #applied: string | undefined;
  #loading: Promise<void> = Promise.resolve();
  /** Ancestors' `lang` (an app switching the document's language) re-renders the host. */
  readonly #observer = new MutationObserver(() => this.#host.requestUpdate());

  constructor(host: ReactiveControllerHost & HTMLElement, options: ControlsLanguageOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The language that applies to the host now (for the element's own strings). */
  get lang(): string {
    return languageOf(this.#host);
  }

  /** The `lang` for the `<media-controller>`: set once its translation is loaded. */
  get applied(): string | undefined {
    return this.#applied;
  }

  /** Resolves when the translation of the current language, if one is loading, is in. */
  get ready(): Promise<void> {
    return this.#loading;
  }

  hostConnected(): void {
    this.#observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }

  hostDisconnected(): void {
    this.#observer.disconnect();
  }

  hostUpdate(): void {
    if (!this.#options.due()) return;
    const wanted = this.lang;
    if (wanted === this.#wanted) return;
    this.#wanted = wanted;
    const base = wanted.split('-')[0].toLowerCase();
    const load = TRANSLATIONS[base];
    // English is media-chrome's built-in; other languages are whatever the page registered (or English).
    if (!load) {
      this.#applied = wanted;
      return;
    }
    this.#loading = load().then(
      () => {
        if (this.#wanted !== wanted) return;
        this.#applied = base; // the key media-chrome registered it under (it matches case-sensitively)
        this.#host.requestUpdate();
      },
      () => undefined, // a chunk that failed to load leaves the bar in English
    );
  }
}
