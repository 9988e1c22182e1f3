import { LitElement, ReactiveElement, html, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Locale } from '@furrow/schema';
import { isFurrowError } from '@furrow/sdk';
import { furrowContext, type FurrowContextValue } from './context.js';
import { loadLocale, toLocale, translate, type Catalog } from './i18n.js';
import { common } from './messages.js';
import { WARNINGS } from './constants.js';
import { tokens } from './styles.js';
import { formatNumber, isSingular } from './format.js';

const warned = new Set<string>();

/** Prints a dev warning with a code, once per code and element. */
export function warnOnce(code: string, message: string): void {
  if (warned.has(code + message)) return;
  warned.add(code + message);
  console.warn(`[furrow] ${code}: ${message}`);
}

/**
 * Base class of every leaf element: takes the SDK client from the nearest `<furrow-provider>`
 * (never builds its own), resolves the locale (own `locale` attribute, else the provider's),
 * and renders a visible message plus a one-time console warning when there is no provider.
 */
export abstract class FurrowElement extends LitElement {
  static override styles = [tokens];

  /** Overrides the provider's locale for this element (a code of `LOCALES` such as `hi`). */
  @property({ reflect: true }) locale?: string;

  @consume({ context: furrowContext, subscribe: true })
  protected furrow?: FurrowContextValue;

  /** The element's own strings (subclasses set this). */
  protected abstract readonly messages: Catalog<string>;

  /** The locale in effect. */
  get effectiveLocale(): Locale {
    return toLocale(this.locale ?? this.furrow?.locale ?? (typeof document !== 'undefined' ? document.documentElement.lang : 'en'));
  }

  /**
   * Translates one of the element's keys (falls back to the shared strings). Plurals: when
   * `vars.count` is a number (or `vars.n` gives the number behind a preformatted `count`) and
   * the language puts it in the singular, `<key>One` is used if the element has it; a numeric
   * `count` is formatted for the locale.
   */
  protected t(key: string, vars?: Record<string, string | number>): string {
    const locale = this.effectiveLocale;
    if (vars) {
      const n = typeof vars.n === 'number' ? vars.n : typeof vars.count === 'number' ? vars.count : undefined;
      if (n !== undefined && `${key}One` in this.messages.en && isSingular(n, locale)) key = `${key}One`;
      if (typeof vars.count === 'number') vars = { ...vars, count: formatNumber(vars.count, locale) };
    }
    if (key in this.messages.en) return translate(this.messages, locale, key, vars);
    return translate(common, locale, key as keyof typeof common.en, vars);
  }

  /** Turns any error into a message a farmer can act on. */
  protected errorMessage(err: unknown): string {
    if (isFurrowError(err)) {
      // By code, not class name: minifiers rename classes, and `code` is stable across realms.
      if (err.code === 'network_error' || err.code === 'timeout') return this.t('errorOffline');
      if (err.status === 401) return this.t('errorSignIn');
      if (err.code === 'not_enrolled') return this.t('errorNotEnrolled');
      if (err.code === 'forbidden') return this.t('errorForbidden');
      if (err.status === 404) return this.t('errorNotFound');
    }
    return this.t('errorGeneric');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Context arrives synchronously when a provider is an ancestor and already defined;
    // give late-upgrading providers a frame before warning.
    requestAnimationFrame(() => {
      if (!this.furrow && this.isConnected) {
        warnOnce(WARNINGS.noProvider, `<${this.localName}> needs a <furrow-provider> ancestor with a publishable-key.`);
        this.requestUpdate();
      }
    });
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // The consumed context is not a reactive property (changed.has('furrow') never holds), so
    // compare with the attribute: a provider's locale must reach `lang` too.
    const lang = this.effectiveLocale;
    if (changed.has('locale') || this.getAttribute('lang') !== lang) this.setAttribute('lang', lang);
    // Hindi and Marathi strings are separate chunks, asked for here (the first update) in
    // parallel with the element's own data, which subclasses start in their willUpdate.
    const waits = [loadLocale(this.messages, lang), loadLocale(common, lang)].filter(Boolean);
    this.localePending = waits.length > 0;
    if (this.localePending) void Promise.all(waits).then(() => this.requestUpdate());
  }

  private localePending = false;

  /**
   * Until the locale's strings have arrived, keeps the DOM as it is (empty at first) rather
   * than show a Hindi or Marathi reader English that turns into their language a moment later.
   * Property bookkeeping still runs; the render follows as soon as the chunk is in. If the
   * chunk cannot load (offline on a first visit), `loadLocale` settles and English is shown.
   */
  protected override update(changed: PropertyValues): void {
    if (this.localePending) (ReactiveElement.prototype as unknown as { update(c: PropertyValues): void }).update.call(this, changed);
    else super.update(changed);
  }

  /** What to render when no provider is present. */
  protected renderNoProvider(): TemplateResult {
    return html`<p class="notice error" role="alert" part="error">${this.t('noProvider')}</p>`;
  }
}
