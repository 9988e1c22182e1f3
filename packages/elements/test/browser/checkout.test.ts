import { delay, http, HttpResponse } from 'msw';
import '../../src/checkout/checkout.js';
import type { FurrowCheckout } from '../../src/checkout/checkout.component.js';
import type { FurrowCheckoutCompleteEvent } from '../../src/events/checkout-complete.js';
import { $, api, assert, audit, cleanup, equal, fixture, newLearner, record, text, waitFor, withProvider } from './helpers.js';
import { courses, landOn, msw, sandbox, url } from './my-helpers.js';

const mount = async (attrs: string, el = '') => {
  const p = await fixture(withProvider(`<furrow-checkout ${el}></furrow-checkout>`, attrs));
  return p.querySelector('furrow-checkout') as FurrowCheckout;
};
const loaded = (el: FurrowCheckout) => waitFor(() => $(el, '[part="name"]') && $(el, '[part="base"]')!.getAttribute('aria-busy') === 'false', 'offer loaded');
/** Replaces the redirect with a recorder. */
const catchRedirect = (el: FurrowCheckout) => {
  const urls: string[] = [];
  el.navigate = (u: string) => void urls.push(u);
  return urls;
};

describe('<furrow-checkout>', function () {
  const home = location.pathname + location.search;
  let vermi: { id: string }; // paid, one product with 10% off
  let free: { id: string }; // free, enrol directly
  let product: { id: string; name: string; salePrice: { amount: number } };
  before(async () => {
    const all = await courses();
    vermi = all.find((c) => c.title.startsWith('Making Vermicompost'))!;
    free = all.find((c) => c.isFree && c.title.startsWith('Soil Testing'))!;
    product = (await api('GET', `/v1/products?courseId=${vermi.id}`)).data[0];
  });
  afterEach(async () => {
    cleanup();
    history.replaceState(null, '', home);
    (await msw()).resetHandlers();
  });

  it('without a provider, or without an id, says what is missing', async () => {
    const el = await fixture<FurrowCheckout>('<furrow-checkout course-id="x"></furrow-checkout>');
    await waitFor(() => text(el).includes('furrow-provider'), 'no-provider');
    const el2 = await mount('locale="en"');
    await waitFor(() => text(el2).includes('product-id or course-id'), 'missing id');
    await audit(el2);
  });

  it('signed out: price with strike-through discount, currency and a sign-in hint', async () => {
    const el = await mount('locale="en"', `course-id="${vermi.id}"`);
    await loaded(el);
    equal($(el, '[part="name"]')!.textContent, 'Making Vermicompost at Home');
    assert($(el, 's[part="original-price"]')!.textContent!.includes('₹199.00'), $(el, '[part="price"]')!.textContent!);
    assert($(el, '[part="sale-price"]')!.textContent!.includes('₹179.10'), $(el, '[part="sale-price"]')!.textContent!);
    assert(text(el).includes('10% off') && text(el).includes('INR'), text(el));
    assert(text(el).includes('Sign in to buy or enrol'), text(el));
    equal($(el, 'button[part="button"]'), null);
    await audit(el);
  });

  it('paid: TEST MODE before redirect, sandbox Pay, return confirms, refreshes access and fires paid once', async () => {
    const { token } = await newLearner('Sunil Pawar');
    const el = await mount(`locale="en" token="${token}"`, `course-id="${vermi.id}"`);
    await loaded(el);
    const redirects = catchRedirect(el);
    const events = record<FurrowCheckoutCompleteEvent>(document, 'furrow-checkout-complete');
    ($(el, 'button[part="button"]') as HTMLButtonElement).click();
    await waitFor(() => $(el, '[part="test-mode"]'), 'TEST MODE badge');
    assert(text(el).includes('TEST MODE') && text(el).includes('no real money'), text(el));
    equal(redirects.length, 0, 'badge shown before the redirect');
    await audit(el);
    await waitFor(() => redirects.length === 1, 'redirect');
    assert(redirects[0].startsWith(url('/sandbox/checkout/cs_sandbox_')), redirects[0]);
    equal(events.length, 0, 'no event before the learner pays');
    // The learner pays on the sandbox page and is sent back here.
    const back = await sandbox(redirects[0], 'pay');
    assert(back.includes('furrow_checkout=success') && back.includes('session_id=cs_sandbox_'), back);
    cleanup();
    landOn(back);
    const el2 = await mount(`locale="en" token="${token}"`, `course-id="${vermi.id}"`);
    await waitFor(() => text(el2).includes('Payment received'), 'paid message');
    equal($(el2, 'button[part="button"]'), null, 'access refreshed: nothing left to buy');
    assert($(el2, '[part="test-mode"]'), 'test mode stays marked');
    equal(events.length, 1);
    equal(events[0].status, 'paid');
    equal(events[0].courseIds.join(), vermi.id);
    assert(events[0].sessionId!.startsWith('cs_sandbox_'), String(events[0].sessionId));
    assert(!location.search.includes('furrow_checkout') && !location.search.includes('session_id'), location.search);
    const course = await api('GET', `/v1/courses/${vermi.id}`, { token });
    equal(course.access.hasAccess, true);
    await audit(el2);
    // A reload does not report it again.
    cleanup();
    const el3 = await mount(`locale="en" token="${token}"`, `course-id="${vermi.id}"`);
    await loaded(el3);
    equal(events.length, 1);
    assert(text(el3).includes('already have access'), text(el3));
    equal($(el3, 'button[part="button"]'), null);
  });

  it('cancel on the payment page: returns, says nothing was charged, fires cancelled once', async () => {
    const { token } = await newLearner();
    const el = await mount(`locale="en" token="${token}"`, `product-id="${product.id}"`);
    await loaded(el);
    const redirects = catchRedirect(el);
    ($(el, 'button[part="button"]') as HTMLButtonElement).click();
    await waitFor(() => redirects.length === 1, 'redirect');
    const back = await sandbox(redirects[0], 'cancel');
    cleanup();
    landOn(back);
    const events = record<FurrowCheckoutCompleteEvent>(document, 'furrow-checkout-complete');
    const el2 = await mount(`locale="en" token="${token}"`, `product-id="${product.id}"`);
    await waitFor(() => text(el2).includes('Payment cancelled'), 'cancelled');
    equal(events.length, 1);
    equal(events[0].status, 'cancelled');
    assert($(el2, 'button[part="button"]'), 'can try again');
    await audit(el2);
  });

  it('free course: Enrol enrols directly, fires enrolled once; then shows owned', async () => {
    const { token } = await newLearner();
    const el = await mount(`locale="en" token="${token}"`, `course-id="${free.id}"`);
    await loaded(el);
    assert(text(el).includes('Free'), text(el));
    const events = record<FurrowCheckoutCompleteEvent>(document, 'furrow-checkout-complete');
    el.locale = 'hi';
    await el.updateComplete;
    el.locale = 'en';
    await el.updateComplete;
    equal(events.length, 0, 'nothing on programmatic change');
    const button = $(el, 'button[part="button"]') as HTMLButtonElement;
    equal(button.textContent!.trim(), 'Enrol for free');
    button.click();
    await waitFor(() => text(el).includes('You are enrolled'), 'enrolled');
    equal(events.length, 1);
    equal(events[0].status, 'enrolled');
    equal(events[0].sessionId, null);
    equal(events[0].courseIds.join(), free.id);
    equal((await api('GET', `/v1/courses/${free.id}`, { token })).access.hasAccess, true);
    await audit(el);
  });

  it('409 already owned and offline errors are shown clearly', async () => {
    const { token } = await newLearner();
    const el = await mount(`locale="en" token="${token}"`, `course-id="${vermi.id}"`);
    await loaded(el);
    catchRedirect(el);
    (await msw()).use(http.post(url('/v1/checkout/sessions'), () => HttpResponse.json({ error: { code: 'already_enrolled', message: 'x', requestId: 'r' } }, { status: 409 })));
    ($(el, 'button[part="button"]') as HTMLButtonElement).click();
    await waitFor(() => $(el, '[role="alert"]'), '409 message');
    assert(text(el).includes('nothing to pay'), text(el));
    await audit(el);
    // Offline while loading: a clear offline message (the SDK reports the network failure).
    (await msw()).resetHandlers();
    (await msw()).use(http.get(url(`/v1/courses/${vermi.id}`), () => HttpResponse.error()));
    cleanup();
    const el2 = await mount(`locale="en" token="${token}"`, `course-id="${vermi.id}"`);
    await waitFor(() => text(el2).includes('offline'), 'offline message: ' + text(el2), 30_000);
    await audit(el2);
  });

  it('slow network: a skeleton of the card; failing network: error with retry', async () => {
    (await msw()).use(http.get(url(`/v1/products/${product.id}`), async () => { await delay(700); return undefined; }));
    const el = await mount('locale="en"', `product-id="${product.id}"`);
    await waitFor(() => $(el, '.skeleton'), 'skeleton');
    const h = el.getBoundingClientRect().height;
    await audit(el);
    await loaded(el);
    assert(Math.abs(el.getBoundingClientRect().height - h) < 60, `little layout shift: ${h} → ${el.getBoundingClientRect().height}`);
    (await msw()).resetHandlers();
    (await msw()).use(http.get(url(`/v1/products/${product.id}`), () => HttpResponse.json({ error: { code: 'internal_error', message: 'x', requestId: 'r' } }, { status: 500 })));
    const el2 = await mount('locale="en"', `product-id="${product.id}"`);
    await waitFor(() => $(el2, '[role="alert"]'), 'error', 30_000);
    await audit(el2);
    (await msw()).resetHandlers();
    ($(el2, '[role="alert"] button') as HTMLButtonElement).click();
    await waitFor(() => $(el2, '[part="name"]'), 'retried: ' + text(el2));
  });

  it('Hindi and a 360 px phone', async () => {
    const el = await mount('locale="hi"', `course-id="${vermi.id}"`);
    el.style.width = '360px';
    await loaded(el);
    assert(text(el).includes('10% छूट') && text(el).includes('साइन इन'), text(el));
    equal(el.getAttribute('lang'), 'hi');
    assert($(el, '[part="base"]')!.scrollWidth <= 360, 'no horizontal scroll');
    await audit(el);
  });
});
