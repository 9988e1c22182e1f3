import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { provide } from '@lit/context';
import type { User } from '@furrow/schema';
import { createFurrow, type FurrowClient } from '@furrow/sdk';
import { furrowContext, type FurrowContextValue } from '../lib/context.js';
import { loadLocale, toLocale, translate } from '../lib/i18n.js';
import { warnOnce } from '../lib/furrow-element.js';
import { WARNINGS } from '../lib/constants.js';
import { providerMessages } from './provider.messages.js';

/**
 * Creates the Furrow SDK client once and gives it — with the locale and who is signed in — to
 * every Furrow element inside it. Put one around all Furrow elements on a page.
 *
 * @summary Holds the Furrow client for the elements inside it.
 *
 * @slot - Furrow elements and any other content.
 *
 * @example
 * ```html
 * <furrow-provider publishable-key="pk_test_furrow_demo" base-url="https://lms.example.org" locale="hi">
 *   <furrow-course-catalog></furrow-course-catalog>
 * </furrow-provider>
 * ```
 */
export class FurrowProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
    p {
      font-family: system-ui, sans-serif;
      color: #a4161a;
      border: 1px solid #a4161a;
      border-radius: 8px;
      padding: 8px 12px;
    }
  `;

  /** The partner site's publishable key (`pk_…`). Required. */
  @property({ attribute: 'publishable-key' }) publishableKey = '';

  /** Where the Furrow server is (defaults to this page's origin). */
  @property({ attribute: 'base-url' }) baseUrl = '';

  /** A user token (embed token minted by the partner's server). Kept in memory only. */
  @property() token = '';

  /** UI language for every element inside: a code of `LOCALES` such as `hi` (default: the page's `lang`). */
  @property({ reflect: true }) locale = '';

  /** Cache the catalog and downloaded lessons and queue writes while offline (IndexedDB). */
  @property({ type: Boolean }) offline = false;

  @state() private user: User | null = null;

  @provide({ context: furrowContext })
  protected value?: FurrowContextValue;

  private _client: FurrowClient | null = null;
  private offAuth: (() => void) | null = null;

  /** The SDK client, for host scripts (sign-in forms, custom UI). Null until a key is set. */
  get client(): FurrowClient | null {
    return this._client;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.teardown();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this._client && this.publishableKey) this.build();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('publishableKey') || changed.has('baseUrl') || changed.has('offline')) {
      this.teardown();
      if (this.publishableKey) this.build();
      else warnOnce(WARNINGS.missingAttribute, '<furrow-provider> needs a publishable-key attribute.');
    } else if (changed.has('token') && this._client) {
      this._client.setToken(this.token || null);
    }
    this.publish();
  }

  private build(): void {
    const baseUrl = this.baseUrl || location.origin;
    try {
      this._client = createFurrow({
        baseUrl,
        publishableKey: this.publishableKey,
        token: this.token || undefined,
        offline: this.offline,
        locale: toLocale(this.resolvedLocale()),
      });
    } catch (err) {
      warnOnce(WARNINGS.missingAttribute, `<furrow-provider>: ${(err as Error).message}`);
      this._client = null;
      return;
    }
    this.offAuth = this._client.onAuthChange(({ user }) => {
      this.user = user ?? null;
      if (!user && this._client?.getToken()) void this.loadUser();
    });
    if (this._client.getToken()) void this.loadUser();
  }

  private async loadUser(): Promise<void> {
    const client = this._client;
    if (!client) return;
    try {
      const me = await client.auth.me.retrieve();
      if (client === this._client) this.user = me;
    } catch {
      if (client === this._client) this.user = null;
    }
  }

  private teardown(): void {
    this.offAuth?.();
    this.offAuth = null;
    this._client?.close();
    this._client = null;
    this.user = null;
  }

  private resolvedLocale(): string {
    return this.locale || document.documentElement.lang || navigator.language || 'en';
  }

  private publish(): void {
    if (!this._client) {
      this.value = undefined;
      return;
    }
    this.value = {
      client: this._client,
      locale: toLocale(this.resolvedLocale()),
      user: this.user,
      baseUrl: this.baseUrl || location.origin,
      offline: this.offline,
    };
  }

  protected override render() {
    const locale = toLocale(this.resolvedLocale());
    if (!this.publishableKey) void loadLocale(providerMessages, locale)?.then(() => this.requestUpdate());
    return html`${this.publishableKey ? nothing : html`<p role="alert">${translate(providerMessages, locale, 'missingKey')}</p>`}<slot></slot>`;
  }
}
