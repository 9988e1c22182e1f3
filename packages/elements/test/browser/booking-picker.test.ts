import { delay, http, HttpResponse } from 'msw';
import '../../src/booking-picker/booking-picker.js';
import type { FurrowBookingPicker } from '../../src/booking-picker/booking-picker.component.js';
import type { FurrowBookingCancelEvent } from '../../src/events/booking-cancel.js';
import type { FurrowBookingConfirmEvent } from '../../src/events/booking-confirm.js';
import { addDays, dayKey, mondayOf, startOfDay } from '../../src/lib/time-zone.js';
import { $, $$, api, assert, audit, cleanup, equal, fixture, newLearner, record, text, waitFor, withProvider } from './helpers.js';
import { landOn, login, msw, sandbox, url } from './my-helpers.js';

const IST = 'Asia/Kolkata';
let instructor: { token: string; user: { id: string; name: string } };
let seq = 0;

/** Publishes a slot next week on Tuesday (IST), at a time no other test uses. */
async function slot(price: number, notes: string): Promise<{ id: string; startsAt: string }> {
  const tuesday = addDays(mondayOf(dayKey(Date.now(), IST)), 8);
  for (let tries = 0; tries < 20; tries++) {
    const start = startOfDay(tuesday, IST) + (6 * 60 + 10 + 35 * seq++) * 60_000;
    try {
      return await api('POST', '/v1/slots', { token: instructor.token, body: { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 30 * 60_000).toISOString(), price: { amount: price, currency: 'INR' }, notes } });
    } catch (e) {
      if (!String(e).includes('409')) throw e;
    }
  }
  throw new Error('no free time for a test slot');
}

const mount = async (attrs: string, el = '') => {
  const p = await fixture(withProvider(`<furrow-booking-picker instructor-id="${instructor.user.id}" time-zone="${IST}" ${el}></furrow-booking-picker>`, attrs));
  return p.querySelector('furrow-booking-picker') as FurrowBookingPicker;
};
const ready = (el: FurrowBookingPicker) => waitFor(() => $(el, '[part="week"]')?.getAttribute('aria-busy') === 'false', 'week loaded');
const nextWeek = async (el: FurrowBookingPicker) => {
  await ready(el);
  ($$(el, '.toolbar button')[1] as HTMLButtonElement).click();
  await el.updateComplete;
  await ready(el);
};
const slotButton = (el: FurrowBookingPicker, note: string) => $$(el, 'button[part="slot"]').find((b) => b.textContent!.includes(note)) as HTMLButtonElement | undefined;

describe('<furrow-booking-picker>', function () {
  const home = location.pathname + location.search;
  before(async () => {
    instructor = await login('sunita');
  });
  afterEach(async () => {
    cleanup();
    history.replaceState(null, '', home);
    (await msw()).resetHandlers();
  });

  it('without a provider or instructor-id, says what is missing', async () => {
    const el = await fixture<FurrowBookingPicker>('<furrow-booking-picker instructor-id="x"></furrow-booking-picker>');
    await waitFor(() => text(el).includes('furrow-provider'), 'no provider');
    const p = await fixture(withProvider('<furrow-booking-picker></furrow-booking-picker>', 'locale="en"'));
    const el2 = p.querySelector('furrow-booking-picker')!;
    await waitFor(() => text(el2).includes('instructor-id'), 'missing id');
    await audit(el2);
  });

  it('signed out: the week with labelled slots in the viewer zone; booking asks to sign in', async () => {
    await slot(20000, 'wtr-signed-out');
    const el = await mount('locale="en"');
    await nextWeek(el);
    const b = slotButton(el, 'wtr-signed-out')!;
    assert(b, 'slot shown');
    // The accessible name says the day, the local time and the price.
    assert(/^Tue, \d+ \w+, \d+:\d\d( [ap]m)? – \d+:\d\d [ap]m, ₹200\.00, wtr-signed-out$/i.test(b.textContent!.replace(/\s+/g, ' ').trim()), b.textContent!);
    b.click();
    await waitFor(() => $(el, '[part="panel"]'), 'panel');
    equal(el.shadowRoot!.activeElement?.id, 'panel-h', 'focus moves to the panel');
    assert(text(el).includes('Sign in to book'), text(el));
    equal($(el, '[part="bookings"]'), null);
    await audit(el);
  });

  it('free slot: book with a note, confirmation in the viewer zone, event once, listed in my bookings; then cancel with a required reason', async () => {
    const s = await slot(0, 'wtr-free-slot');
    const { token } = await newLearner('Ramesh Gite');
    const el = await mount(`locale="en" token="${token}"`);
    const confirms = record<FurrowBookingConfirmEvent>(document, 'furrow-booking-confirm');
    const cancels = record<FurrowBookingCancelEvent>(document, 'furrow-booking-cancel');
    await nextWeek(el);
    await waitFor(() => text(el).includes('You have no upcoming sessions'), 'no bookings yet');
    slotButton(el, 'wtr-free-slot')!.click();
    await waitFor(() => $(el, '#notes'), 'notes');
    ($(el, '#notes') as HTMLTextAreaElement).value = 'My soil is sandy';
    const book = $(el, '[part="panel"] button[part="button"]') as HTMLButtonElement;
    equal(book.textContent!.trim(), 'Book');
    book.click();
    await waitFor(() => text(el).includes('Booked!'), 'booked');
    const time = new Intl.DateTimeFormat('en-IN', { hour: 'numeric', minute: '2-digit', timeZone: IST }).format(Date.parse(s.startsAt)).replace(/\s?[ap]m$/i, '');
    assert(text(el).includes(time) && text(el).includes('GMT+5:30'), `time in viewer zone (${time}): ${text(el)}`);
    equal(confirms.length, 1);
    equal(confirms[0].status, 'confirmed');
    equal(confirms[0].slotId, s.id);
    await waitFor(() => $$(el, '.booking').length === 1, 'in my bookings');
    equal(slotButton(el, 'wtr-free-slot'), undefined, 'booked slot leaves the week');
    const [mine] = (await api('GET', '/v1/bookings?upcoming=true', { token })).data;
    equal(mine.studentNotes, 'My soil is sandy');
    await audit(el);
    // Cancel: the reason is required.
    ($(el, '.booking button[aria-controls]') as HTMLButtonElement).click();
    await el.updateComplete;
    const form = $(el, 'form.cancel') as HTMLFormElement;
    assert(!form.hidden, 'form open');
    form.requestSubmit();
    await waitFor(() => text(el).includes('Please tell the instructor why'), 'reason required');
    const input = form.querySelector('input')!;
    equal(input.getAttribute('aria-invalid'), 'true');
    equal(el.shadowRoot!.activeElement, input);
    equal(cancels.length, 0);
    await audit(el);
    input.value = 'Rain expected, going to the field';
    form.requestSubmit();
    await waitFor(() => text(el).includes('No payment was due'), 'refund outcome');
    equal(cancels.length, 1);
    equal(cancels[0].reason, 'Rain expected, going to the field');
    equal(cancels[0].bookingId, mine.id);
    equal((await api('GET', `/v1/bookings/${mine.id}`, { token })).status, 'cancelled');
    await waitFor(() => slotButton(el, 'wtr-free-slot'), 'slot open again');
    equal(confirms.length, 1);
  });

  it('paid slot: pending event, TEST MODE, sandbox payment, return confirms once; cancel early gives a full refund', async () => {
    const s = await slot(20000, 'wtr-paid-slot');
    const { token } = await newLearner('Lata Kale');
    const el = await mount(`locale="en" token="${token}"`);
    const redirects: string[] = [];
    el.navigate = (u) => void redirects.push(u);
    const confirms = record<FurrowBookingConfirmEvent>(document, 'furrow-booking-confirm');
    await nextWeek(el);
    slotButton(el, 'wtr-paid-slot')!.click();
    await waitFor(() => $(el, '[part="panel"] button[part="button"]'), 'panel');
    const book = $(el, '[part="panel"] button[part="button"]') as HTMLButtonElement;
    equal(book.textContent!.trim(), 'Book and pay ₹200.00');
    book.click();
    await waitFor(() => $(el, '[part="test-mode"]'), 'TEST MODE');
    equal(redirects.length, 0, 'badge before redirect');
    equal(confirms.length, 1);
    equal(confirms[0].status, 'pending');
    await audit(el);
    await waitFor(() => redirects.length === 1, 'redirect');
    const back = await sandbox(redirects[0], 'pay');
    cleanup();
    landOn(back);
    const el2 = await mount(`locale="en" token="${token}"`);
    await waitFor(() => text(el2).includes('Payment received'), 'paid', 20_000);
    equal(confirms.length, 2);
    equal(confirms[1].status, 'confirmed');
    equal(confirms[1].slotId, s.id);
    assert(!location.search.includes('furrow_checkout'), location.search);
    const booking = (await api('GET', '/v1/bookings?upcoming=true', { token })).data[0];
    equal(booking.status, 'confirmed');
    await waitFor(() => text(el2).includes('Confirmed'), 'listed as confirmed');
    await audit(el2);
    ($(el2, '.booking button[aria-controls]') as HTMLButtonElement).click();
    await el2.updateComplete;
    const form = $(el2, 'form.cancel') as HTMLFormElement;
    form.querySelector('input')!.value = 'Cannot travel';
    form.requestSubmit();
    await waitFor(() => text(el2).includes('full refund'), 'refund stated');
    equal(confirms.length, 2);
  });

  it('a booking waiting for payment says by when to pay before the slot is released (en, hi)', async () => {
    const s = await slot(15000, 'wtr-unpaid-slot');
    const { token } = await newLearner('Meera Jadhav');
    const b = await api('POST', '/v1/bookings', { token, body: { slotId: s.id } });
    equal(b.status, 'pending');
    assert(b.paymentDueBy, 'the server says when the hold ends');
    const el = await mount(`locale="en" token="${token}"`);
    await waitFor(() => $(el, '[part="pay-by"]'), 'pay-by line');
    const due = new Intl.DateTimeFormat('en-IN', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Kolkata' }).format(new Date(b.paymentDueBy));
    equal($(el, '[part="pay-by"]')!.textContent!.trim(), `Pay by ${due}, or this time is released for other farmers.`);
    assert($(el, '.booking button.btn[part="button"]'), 'a Pay now button sits with it');
    await audit(el);
    cleanup();
    const hi = await mount(`locale="hi" token="${token}"`);
    await waitFor(() => $(hi, '[part="pay-by"]')?.textContent?.includes('तक भुगतान करें'), 'Hindi pay-by line');
    await audit(hi);
  });

  it('a slot taken meanwhile: a clear message and the week refreshes', async () => {
    const s = await slot(0, 'wtr-race-slot');
    const me = await newLearner();
    const other = await newLearner();
    const el = await mount(`locale="en" token="${me.token}"`);
    await nextWeek(el);
    slotButton(el, 'wtr-race-slot')!.click();
    await waitFor(() => $(el, '[part="panel"] button[part="button"]'), 'panel');
    await api('POST', '/v1/bookings', { token: other.token, body: { slotId: s.id } });
    ($(el, '[part="panel"] button[part="button"]') as HTMLButtonElement).click();
    await waitFor(() => text(el).includes('someone else just booked'), 'taken');
    await waitFor(() => !slotButton(el, 'wtr-race-slot'), 'week refreshed');
    equal($(el, '[part="panel"]'), null);
    await audit(el);
  });

  it('switching the time zone re-labels the times; the select offers IST, UTC, the browser and the instructor zone', async () => {
    const s = await slot(0, 'wtr-tz-slot');
    const el = await mount('locale="en"');
    await nextWeek(el);
    const select = $(el, 'select') as HTMLSelectElement;
    const zones = [...select.options].map((o) => o.value);
    for (const z of [IST, 'UTC', Intl.DateTimeFormat().resolvedOptions().timeZone]) assert(zones.includes(z), `${z} in ${zones}`);
    assert([...select.options].some((o) => o.textContent!.includes("instructor's")), 'instructor zone marked');
    const utc = new Intl.DateTimeFormat('en-IN', { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(Date.parse(s.startsAt)).replace(/\s?[ap]m$/i, '');
    select.value = 'UTC';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    await ready(el);
    await waitFor(() => slotButton(el, 'wtr-tz-slot')?.textContent!.includes(utc), `UTC time ${utc}`);
  });

  it('narrow (360 px): a day list without empty days; wide: seven columns', async () => {
    await slot(0, 'wtr-layout-slot');
    const el = await mount('locale="en"');
    el.style.width = '360px';
    await nextWeek(el);
    const days = $$(el, '[part="day"]').filter((d) => getComputedStyle(d).display !== 'none');
    assert(days.length >= 1 && days.length < 7, `visible days ${days.length}`);
    assert($(el, '[part="base"]')!.scrollWidth <= 360, `no horizontal scroll: ${$(el, '[part="base"]')!.scrollWidth}`);
    for (const b of $$(el, 'button, select')) if (getComputedStyle(b).display !== 'none' && b.offsetParent) assert(b.getBoundingClientRect().height >= 44, `tap target ${b.textContent}`);
    el.style.width = '1000px';
    await new Promise((r) => requestAnimationFrame(r));
    equal(getComputedStyle($(el, '[part="week"]')!).gridTemplateColumns.split(' ').length, 7);
    await audit(el);
  });

  it('Hindi', async () => {
    await slot(9900, 'wtr-hi-slot');
    const el = await mount('locale="hi"');
    await nextWeek(el);
    assert(text(el).includes('प्रशिक्षक के साथ सत्र बुक करें') && text(el).includes('अगला सप्ताह'), text(el));
    equal(el.getAttribute('lang'), 'hi');
    await audit(el);
  });

  it('slow, failing and offline networks', async () => {
    (await msw()).use(http.get(url('/v1/slots'), async () => { await delay(700); return undefined; }));
    const el = await mount('locale="en"');
    await waitFor(() => $(el, '[part="week"][aria-busy="true"] .bone'), 'skeleton');
    await audit(el);
    await ready(el);
    (await msw()).resetHandlers();
    (await msw()).use(http.get(url('/v1/slots'), () => HttpResponse.json({ error: { code: 'internal_error', message: 'x', requestId: 'r' } }, { status: 500 })));
    cleanup();
    const el2 = await mount('locale="en"');
    await waitFor(() => $(el2, '[role="alert"]'), 'error', 30_000);
    assert(text(el2).includes('Something went wrong'), text(el2));
    await audit(el2);
    (await msw()).resetHandlers();
    ($(el2, '[role="alert"] button') as HTMLButtonElement).click();
    await ready(el2);
    (await msw()).use(http.get(url('/v1/slots'), () => HttpResponse.error()));
    cleanup();
    const el3 = await mount('locale="en"');
    await waitFor(() => text(el3).includes('offline'), 'offline', 30_000);
    await audit(el3);
  });
});
