import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers.js';

describe('demo booking seed', () => {
  let s: TestServer;
  before(async () => { s = await startTestServer('pglite'); });
  after(() => s.close());

  test('both demo instructors offer slots over the next 14 days, free and paid, in three languages', async () => {
    const r = await s.request('GET', '/v1/slots?limit=100');
    assert.equal(r.status, 200);
    const slots = r.body.data as any[];
    const names = new Set(slots.map((x) => x.instructor.name));
    assert.ok(names.has('Dr. Sunita Patil') && names.has('Rajesh Kumar'));
    const now = Date.now();
    for (const x of slots) {
      const at = new Date(x.startsAt).getTime();
      assert.ok(at > now && at < now + 15 * 86_400_000, x.startsAt);
      assert.equal(x.instructorTimeZone, 'Asia/Kolkata');
    }
    assert.ok(slots.some((x) => x.price.amount === 0));
    assert.ok(slots.some((x) => x.price.amount > 0 && x.price.currency === 'INR'));
    assert.ok(slots.some((x) => /[a-z]{4}/.test(x.notes)), 'English');
    assert.ok(slots.some((x) => /मुफ़्त|लाएँ/.test(x.notes)), 'Hindi');
    assert.ok(slots.some((x) => /मराठी|आणि|शेताचा/.test(x.notes)), 'Marathi');
    // No instructor's demo slots overlap.
    for (const name of names) {
      const mine = slots.filter((x) => x.instructor.name === name).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      for (let i = 1; i < mine.length; i++) assert.ok(mine[i].startsAt >= mine[i - 1].endsAt);
    }
  });
});
