import { delay, http, HttpResponse, passthrough } from 'msw';
import '../../src/course-catalog/course-catalog.js';
import type { FurrowCourseCatalog } from '../../src/course-catalog/course-catalog.component.js';
import type { FurrowCourseSelectEvent } from '../../src/events/course-select.js';
import { $, $$, api, assert, audit, cleanup, equal, fixture, record, server, text, waitFor, withProvider } from './helpers.js';
import { deleteDb, msw } from './learning-msw.js';

const coursesUrl = () => `${server.baseUrl}/v1/courses`;

async function mount(attrs = '', providerAttrs = 'locale="en"'): Promise<FurrowCourseCatalog> {
  const p = await fixture(withProvider(`<furrow-course-catalog ${attrs}></furrow-course-catalog>`, providerAttrs));
  const el = p.querySelector('furrow-course-catalog') as FurrowCourseCatalog;
  await el.updateComplete;
  return el;
}

const cards = (el: Element) => $$(el, 'button[part~="card"]');
const loaded = (el: FurrowCourseCatalog) => waitFor(() => cards(el).length > 0 && $(el, '[part~="list"]')?.getAttribute('aria-busy') === 'false', 'cards');

function select(el: Element, name: string, value: string): void {
  const s = $(el, `#f-${name}`) as HTMLSelectElement;
  s.value = value;
  s.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('<furrow-course-catalog>', () => {
  before(async () => {
    await msw();
  });
  afterEach(async () => {
    (await msw()).resetHandlers();
    cleanup();
  });

  it('shows the demo courses as cards with level, duration, lessons, rating, learners and price', async () => {
    const el = await mount('page-size="20"');
    await loaded(el);
    const all = await api<{ data: { id: string; title: string; isFree: boolean; discountPercent: number; price: { currency: string } }[] }>('GET', '/v1/courses?limit=20');
    equal(cards(el).length, all.data.length, 'one card per course');
    const t = text(el);
    for (const c of all.data) assert(t.includes(c.title), `missing ${c.title}`);
    const drip = cards(el).find((c) => c.textContent!.includes('ड्रिप'))!;
    // ₹499 with 20% off → ₹399.20; original struck through, announced as the original price.
    assert(drip.querySelector('s')!.textContent!.includes('₹499'), drip.querySelector('s')!.textContent!);
    assert(drip.querySelector('[part="price-sale"]')!.textContent!.includes('₹399.20'), drip.textContent!);
    assert(drip.textContent!.includes('20% off'), drip.textContent!);
    assert(drip.textContent!.includes('Intermediate'), 'level');
    assert(drip.textContent!.includes('5.2K learners'), drip.textContent!);
    const usd = cards(el).find((c) => c.textContent!.includes('Solar Water Pumps'))!;
    assert(usd.textContent!.includes('$49.00'), usd.textContent!);
    const free = cards(el).find((c) => c.textContent!.includes('Soil Testing Basics'))!;
    assert(free.textContent!.includes('Free'), free.textContent!);
    assert(/★ \d\.\d \(\d+\)/.test(free.textContent!), free.textContent!);
    equal(free.tagName, 'BUTTON', 'cards are buttons (keyboard reachable, Enter/Space activate)');
    await audit(el);
  });

  it('renders in Hindi with Indian number formatting', async () => {
    const el = await mount('page-size="20"', 'locale="hi"');
    await loaded(el);
    assert(text(el).includes('कोर्स खोजें'), 'search label in Hindi');
    const drip = cards(el).find((c) => c.textContent!.includes('ड्रिप'))!;
    assert(drip.textContent!.includes('मध्यम'), drip.textContent!);
    assert(drip.textContent!.includes('₹'), drip.textContent!);
    equal(el.getAttribute('lang'), 'hi');
    await audit(el);
  });

  it('fires furrow-course-select once per click, never on programmatic changes', async () => {
    const el = await mount();
    await loaded(el);
    const seen = record<FurrowCourseSelectEvent>(document, 'furrow-course-select');
    el.category = 'irrigation';
    el.sort = 'newest';
    await el.updateComplete;
    await loaded(el);
    equal(seen.length, 0, 'no event on programmatic change');
    const card = cards(el)[0];
    card.focus();
    equal(el.shadowRoot!.activeElement, card, 'card takes focus');
    card.click();
    equal(seen.length, 1);
    equal(seen[0].courseId, card.dataset.courseId);
    assert(seen[0].composed && seen[0].bubbles, 'bubbles and composed');
  });

  it('sends the search to the server (debounced) and finds Hindi text', async () => {
    const queries: string[] = [];
    (await msw()).use(
      http.get(coursesUrl(), ({ request }) => {
        queries.push(new URL(request.url).searchParams.get('q') ?? '');
        return passthrough();
      }),
    );
    const el = await mount();
    await loaded(el);
    const input = $(el, 'input[type="search"]') as HTMLInputElement;
    for (const partial of ['ड्', 'ड्रि', 'ड्रिप']) {
      input.value = partial;
      input.dispatchEvent(new Event('input'));
      await new Promise((r) => setTimeout(r, 50));
    }
    await waitFor(() => queries.includes('ड्रिप'), 'search request');
    await loaded(el);
    equal(queries.filter((q) => q.startsWith('ड्')).length, 1, `one request for the typed word: ${JSON.stringify(queries)}`);
    equal(cards(el).length, 1);
    assert(cards(el)[0].textContent!.includes('ड्रिप सिंचाई'), text(el));
    assert(text(el).includes('1 course shown'), 'result count announced, in the singular');
  });

  it('filters by category, level, language and price, and sorts', async () => {
    const el = await mount('page-size="20"');
    await loaded(el);
    const requests: URLSearchParams[] = [];
    (await msw()).use(http.get(coursesUrl(), ({ request }) => (requests.push(new URL(request.url).searchParams), passthrough())));
    select(el, 'language', 'mr');
    select(el, 'price', 'free');
    await waitFor(() => requests.some((r) => r.get('language') === 'mr' && r.get('price') === 'free'), 'filtered request');
    await loaded(el);
    const expected = await api<{ data: { title: string }[] }>('GET', '/v1/courses?language=mr&price=free&limit=20');
    equal(cards(el).length, expected.data.length);
    assert(text(el).includes('खरीप पेरणीचे नियोजन'), text(el));
    select(el, 'sort', 'price_desc');
    await waitFor(() => requests.some((r) => r.get('sort') === 'price_desc'), 'sort request');
    select(el, 'level', 'advanced');
    select(el, 'category', 'irrigation');
    await waitFor(() => requests.some((r) => r.get('category') === 'irrigation' && r.get('level') === 'advanced'), 'category+level request');
  });

  it('loads more with the cursor and keeps the cards already shown', async () => {
    const el = await mount('page-size="4"');
    await loaded(el);
    equal(cards(el).length, 4);
    const first = cards(el).map((c) => c.dataset.courseId);
    ($(el, '[part="load-more"]') as HTMLButtonElement).click();
    await waitFor(() => cards(el).length === 8, '8 cards');
    equal(cards(el).slice(0, 4).map((c) => c.dataset.courseId).join(), first.join());
    equal(new Set(cards(el).map((c) => c.dataset.courseId)).size, 8, 'no duplicates');
  });

  it('shows an empty state with a way out', async () => {
    const el = await mount('query="zzqx-no-such-course"');
    await waitFor(() => $(el, '[part="empty"]'), 'empty state');
    assert(text(el).includes('No courses match your search.'));
    await audit(el);
    ($(el, '[part="empty"] button') as HTMLButtonElement).click();
    await loaded(el);
    equal(el.query, '');
  });

  it('shows a skeleton of the final size while loading (no layout shift)', async () => {
    (await msw()).use(http.get(coursesUrl(), async () => (await delay(600), passthrough())));
    const el = await mount('page-size="4"');
    const skeleton = await waitFor(() => $(el, '[part~="skeleton"]'), 'skeleton');
    equal($(el, '[part~="list"]')!.getAttribute('aria-busy'), 'true');
    await audit(el);
    const before = skeleton.getBoundingClientRect();
    await loaded(el);
    const after = cards(el)[0].getBoundingClientRect();
    equal(Math.round(after.height), Math.round(before.height), 'card height');
    equal(Math.round(after.width), Math.round(before.width), 'card width');
    equal(Math.round(after.top), Math.round(before.top), 'card top');
  });

  it('shows an error with a retry button, and retries', async () => {
    let fail = true;
    (await msw()).use(
      http.get(coursesUrl(), () => (fail ? HttpResponse.json({ error: { code: 'internal_error', message: 'boom', requestId: 'r' } }, { status: 500 }) : passthrough())),
    );
    const el = await mount();
    const alert = await waitFor(() => $(el, '[part="error"]'), 'error state');
    assert(alert.textContent!.includes('Something went wrong'), alert.textContent!);
    await audit(el);
    fail = false;
    (alert.querySelector('button') as HTMLButtonElement).click();
    await loaded(el);
    equal($(el, '[part="error"]'), null);
  });

  it('offline: shows the saved catalog with a notice, or an offline message', async () => {
    await deleteDb();
    const el = await mount('page-size="5"', 'locale="en" offline');
    await loaded(el);
    const n = cards(el).length;
    (await msw()).use(http.get(coursesUrl(), () => HttpResponse.error()));
    el.reload();
    await waitFor(() => $(el, '[part="offline"]'), 'offline notice');
    await loaded(el);
    equal(cards(el).length, n, 'saved cards still shown');
    assert(text(el).includes('Offline: showing what was saved on'), text(el));
    await audit(el);
    el.category = 'weather'; // never cached → offline message
    await waitFor(() => $(el, '[part="error"]'), 'offline error');
    assert(text(el).includes('You seem to be offline'), text(el));
    await audit(el);
    (await msw()).resetHandlers();
    window.dispatchEvent(new Event('online'));
    await loaded(el);
  });

  it('says so when there is no provider', async () => {
    const el = await fixture<FurrowCourseCatalog>('<furrow-course-catalog locale="en"></furrow-course-catalog>');
    await waitFor(() => text(el).includes('furrow-provider'), 'no-provider message');
    await audit(el);
  });
});
