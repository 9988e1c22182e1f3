import { LitElement, html } from 'lit';
import { consume } from '@lit/context';
import { furrowContext, type FurrowContextValue } from '../../src/lib/context.js';
import { cleanup, equal, assert, fixture, server, waitFor, withProvider, newLearner, audit, text } from './helpers.js';

class ProbeElement extends LitElement {
  @consume({ context: furrowContext, subscribe: true }) furrow?: FurrowContextValue;
  override render() {
    return html`<span>${this.furrow?.locale ?? 'none'}|${this.furrow?.user?.name ?? 'anon'}</span>`;
  }
}
customElements.define('test-probe', ProbeElement);

describe('<furrow-provider>', () => {
  afterEach(cleanup);

  it('creates one client and provides it with the locale to descendants', async () => {
    const p = await fixture(withProvider('<test-probe></test-probe>', 'locale="hi"'));
    const probe = p.querySelector('test-probe') as ProbeElement;
    await waitFor(() => probe.furrow, 'context');
    equal(probe.furrow!.locale, 'hi');
    equal(probe.furrow!.baseUrl, server.baseUrl);
    const page = await probe.furrow!.client.courses.list({ limit: 1 });
    equal(page.data.length, 1);
  });

  it('follows locale changes and knows who signed in from the token', async () => {
    const { token } = await newLearner('Meera Pawar');
    const p = await fixture(withProvider('<test-probe></test-probe>', `locale="mr" token="${token}"`));
    const probe = p.querySelector('test-probe') as ProbeElement;
    await waitFor(() => probe.furrow?.user, 'user');
    equal(probe.furrow!.user!.name, 'Meera Pawar');
    p.setAttribute('locale', 'en');
    await waitFor(() => probe.furrow?.locale === 'en', 'locale change');
    await probe.updateComplete;
    equal(text(probe), 'en|Meera Pawar');
  });

  it('shows a visible message and warns when the key is missing', async () => {
    const warnings: string[] = [];
    const orig = console.warn;
    console.warn = (...a: unknown[]) => void warnings.push(a.join(' '));
    try {
      const p = await fixture('<furrow-provider locale="en"></furrow-provider>');
      assert(text(p).includes('publishable key'), text(p));
      assert(warnings.some((w) => w.includes('FURROW_MISSING_ATTRIBUTE')), warnings.join('\n'));
      await audit(p);
    } finally {
      console.warn = orig;
    }
  });
});
