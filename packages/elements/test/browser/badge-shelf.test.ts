import { delay, http, HttpResponse } from 'msw';
import '../../src/badge-shelf/badge-shelf.js';
import type { FurrowBadgeShelf } from '../../src/badge-shelf/badge-shelf.component.js';
import type { FurrowBadgeSelectEvent } from '../../src/events/badge-select.js';
import { $, $$, assert, audit, cleanup, equal, fixture, newLearner, record, text, waitFor, withProvider } from './helpers.js';
import { completeCourse, msw, ownFreeCourse, url } from './my-helpers.js';

const shelfIn = async (attrs: string, inner = '<furrow-badge-shelf></furrow-badge-shelf>') => {
  const p = await fixture(withProvider(inner, attrs));
  return p.querySelector('furrow-badge-shelf') as FurrowBadgeShelf;
};
const ready = (el: FurrowBadgeShelf) => waitFor(() => $(el, '.summary[part="summary"]'), 'shelf loaded');

describe('<furrow-badge-shelf>', function () {
  let learner: { token: string; userId: string };
  let achiever: { token: string; userId: string };
  before(async function () {
    this.timeout(120_000);
    learner = await newLearner('Empty Shelf');
    achiever = await newLearner('Kavita Shinde');
    // Its own free course (a certificate at the end), not whatever the shared catalog lists first.
    await completeCourse((await ownFreeCourse('Badge shelf course')).id, achiever.token);
  });
  afterEach(async () => {
    cleanup();
    (await msw()).resetHandlers();
  });

  it('without a provider shows a visible message', async () => {
    const el = await fixture<FurrowBadgeShelf>('<furrow-badge-shelf></furrow-badge-shelf>');
    await waitFor(() => text(el).includes('furrow-provider'), 'no-provider message');
    await audit(el);
  });

  it('signed out: a clear sign-in hint and the host sign-in slot', async () => {
    const el = await shelfIn('locale="en"', '<furrow-badge-shelf><a slot="sign-in" href="/login">Log in</a></furrow-badge-shelf>');
    await waitFor(() => text(el).includes('Sign in to see your badges'), 'hint');
    const slot = $(el, 'slot[name="sign-in"]') as HTMLSlotElement;
    equal(slot.assignedElements()[0].textContent, 'Log in');
    await audit(el.closest('furrow-provider')!);
  });

  it('a learner with nothing yet: encouraging empty state, all badges locked with progress', async () => {
    const el = await shelfIn(`locale="en" token="${learner.token}"`);
    await ready(el);
    assert(text(el).includes('No badges yet'), text(el));
    assert(text(el).includes('Finish your first lesson'), text(el));
    const bars = $$(el, '[role="progressbar"]');
    assert(bars.length >= 5, `progress bars: ${bars.length}`);
    assert(bars.every((b) => b.getAttribute('aria-valuenow') === '0'), 'all at zero');
    assert(text(el).includes('No points yet'), 'no points');
    assert(text(el).includes('Complete a course to get your first certificate'), 'no certificates');
    await audit(el);
  });

  it('shows earned badges, progress, points breakdown, streak and certificates from the server', async () => {
    const el = await shelfIn(`locale="en" token="${achiever.token}"`);
    await ready(el);
    const t = text(el);
    const earned = $$(el, 'button[part~="badge-earned"]');
    assert(earned.length >= 2, `earned: ${earned.length}`);
    assert(earned.some((b) => b.textContent!.includes('First Harvest')), 'course badge earned');
    assert(earned[0].textContent!.includes('Earned'), earned[0].textContent!);
    assert(!t.includes('No badges yet'), 'no empty state');
    assert(t.includes('Lessons completed'), `breakdown labels: ${t}`);
    assert(t.includes('Current streak') && t.includes('1 day'), 'streak');
    // A locked badge says how far along the learner is.
    const streak = $$(el, 'li.badge').find((li) => li.textContent!.includes('Weekly Farmer'))!;
    const bar = streak.querySelector('[role="progressbar"]')!;
    equal(bar.getAttribute('aria-valuemax'), '7');
    equal(bar.getAttribute('aria-valuenow'), '1');
    equal(bar.getAttribute('aria-valuetext'), '1 of 7 days in a row');
    // The certificate links to its public verification page in a new tab.
    const link = $(el, 'a[part="verify-link"]') as HTMLAnchorElement;
    assert(link, 'verify link');
    assert(/\/v1\/certificates\/[^/]+\/verify/.test(link.href), link.href);
    equal(link.target, '_blank');
    assert(link.rel.includes('noopener'), link.rel);
    assert(link.textContent!.includes('opens in a new tab'), link.textContent!);
    const verify = await fetch(link.href, { headers: { 'x-furrow-key': 'pk_test_furrow_demo' } });
    assert(verify.status !== 404, `verify url answers ${verify.status}`);
    await audit(el);
  });

  it('opening a badge shows its description and fires furrow-badge-select once; programmatic changes fire nothing', async () => {
    const el = await shelfIn(`locale="en" token="${achiever.token}"`);
    await ready(el);
    const events = record<FurrowBadgeSelectEvent>(document, 'furrow-badge-select');
    el.locale = 'hi';
    await el.updateComplete;
    el.locale = 'en';
    await el.load();
    await el.updateComplete;
    equal(events.length, 0, 'no event on programmatic change');
    await ready(el);
    const button = $(el, 'button[part~="badge-earned"]')!;
    const detail = $(el, `#${button.getAttribute('aria-controls')}`)!;
    assert(detail.hidden, 'closed at first');
    button.focus();
    button.click();
    await el.updateComplete;
    equal(button.getAttribute('aria-expanded'), 'true');
    assert(!detail.hidden && detail.textContent!.trim().length > 0, 'description shown');
    equal(events.length, 1);
    equal(events[0].earned, true);
    assert(events[0].composed && events[0].bubbles, 'bubbles + composed');
    equal(el.shadowRoot!.activeElement, button, 'focus stays on the badge');
    await audit(el);
    button.click(); // closing is not a selection
    await el.updateComplete;
    equal(events.length, 1);
    const locked = $(el, 'button[part~="badge-locked"]')!;
    locked.click();
    await el.updateComplete;
    equal(events.length, 2);
    equal(events[1].earned, false);
  });

  it('Hindi: labels, numbers and dates localised', async () => {
    const el = await shelfIn(`locale="hi" token="${achiever.token}"`);
    await ready(el);
    const t = text(el);
    assert(t.includes('मेरी उपलब्धियाँ') && t.includes('पूरे किए गए पाठ') && t.includes('प्रमाणपत्र की पुष्टि करें'), t);
    equal(el.getAttribute('lang'), 'hi');
    await audit(el);
  });

  it('slow network: a skeleton while loading, then the shelf', async () => {
    (await msw()).use(http.get(url('/v1/me/badges'), async () => { await delay(800); return undefined; }));
    const el = await shelfIn(`locale="en" token="${learner.token}"`);
    await waitFor(() => $(el, '.skeleton'), 'skeleton');
    equal($(el, 'section')!.getAttribute('aria-busy'), 'true');
    await audit(el);
    const h = el.getBoundingClientRect().height;
    assert(h > 200, `skeleton keeps room: ${h}`);
    await ready(el);
  });

  it('server error: a clear message and a retry that works', async () => {
    let fail = true;
    (await msw()).use(http.get(url('/v1/me/points'), () => (fail ? HttpResponse.json({ error: { code: 'internal_error', message: 'x', requestId: 'r' } }, { status: 500 }) : undefined)));
    const el = await shelfIn(`locale="en" token="${learner.token}"`);
    await waitFor(() => $(el, '[role="alert"]'), 'error', 30_000);
    assert(text(el).includes('Something went wrong'), text(el));
    await audit(el);
    fail = false;
    ($(el, '[role="alert"] button') as HTMLButtonElement).click();
    await ready(el);
  });

  it('offline: says so instead of a generic error', async () => {
    (await msw()).use(http.get(url('/v1/me/streak'), () => HttpResponse.error()));
    const el = await shelfIn(`locale="en" token="${learner.token}"`);
    await waitFor(() => $(el, '[role="alert"]'), 'offline', 30_000);
    assert(text(el).includes('offline'), text(el));
    await audit(el);
  });

  it('an expired token shows the sign-in hint', async () => {
    (await msw()).use(http.get(url('/v1/me/badges'), () => HttpResponse.json({ error: { code: 'unauthenticated', message: 'x', requestId: 'r' } }, { status: 401 })));
    const el = await shelfIn(`locale="en" token="${learner.token}"`);
    await waitFor(() => text(el).includes('Sign in to see'), 'hint');
  });

  it('fits a 360 px phone without horizontal scroll', async () => {
    const el = await shelfIn(`locale="en" token="${achiever.token}"`);
    el.style.width = '360px';
    await ready(el);
    const base = $(el, '[part="base"]')!;
    assert(base.scrollWidth <= 360, `scrollWidth ${base.scrollWidth}`);
    for (const b of $$(el, 'button')) assert(b.getBoundingClientRect().height >= 44, 'tap target');
  });
});
