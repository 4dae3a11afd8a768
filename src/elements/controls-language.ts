/**
 * The language of `<p2p-video>`'s controls: its `lang` attribute, else the nearest ancestor's (the
 * document's), else the browser's. media-chrome translates its labels and tooltips when its
 * `<media-controller>` has a `lang` and the translation module for it was imported; this loads
 * that module (a small chunk, only for a language other than English, and only once the bar is
 * due: never on the start-up path) and then sets the controller's `lang`, so media-chrome's
 * buttons re-label themselves.
 *
 * media-chrome keeps ONE current language per page (`setLanguage` in its utils/i18n.ts is
 * global): two players in two languages on one page both show the last one set.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { languageOf } from './p2p-strings.js';

/** media-chrome 4.19's translations (media-chrome/lang/*), by the key it registers them under. */
const TRANSLATIONS: Readonly<Record<string, () => Promise<unknown>>> = {
  de: () => import('media-chrome/lang/de.js'),
  es: () => import('media-chrome/lang/es.js'),
  fr: () => import('media-chrome/lang/fr.js'),
  pt: () => import('media-chrome/lang/pt.js'),
  'zh-CN': () => import('media-chrome/lang/zh-CN.js'),
  'zh-TW': () => import('media-chrome/lang/zh-TW.js'),
};

/** The translation key for a language tag: an exact match (any case), else its base language. */
export function translationKey(lang: string): string | undefined {
  const keys = Object.keys(TRANSLATIONS);
  const exact = keys.find((key) => key.toLowerCase() === lang.toLowerCase());
  if (exact) return exact;
  const base = lang.split('-')[0].toLowerCase();
  return keys.find((key) => key === base);
}

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
    const key = translationKey(wanted);
    // English is media-chrome's built-in; a language it does not translate falls back to it.
    if (!key) {
      this.#applied = wanted;
      return;
    }
    this.#loading = TRANSLATIONS[key]().then(
      () => {
        if (this.#wanted !== wanted) return;
        this.#applied = key;
        this.#host.requestUpdate();
      },
      () => undefined, // a chunk that failed to load leaves the bar in English
    );
  }
}
