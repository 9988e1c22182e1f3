// The size guard of `npm test`, until the front-end budgets issue sets real budgets: fails when
// the eager gzip size of the SDK or of an element (with provider, Lit and SDK) grows by more
// than `toleranceBytes` over bench/size-baseline.json. Measured exactly as bench:elements and
// bench:sdk print them (bench/sizes.mjs: esbuild in-process, nothing written; a second or two).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ELEMENTS, elementAlone, sdkBundle } from './sizes.mjs';

const baseline = JSON.parse(readFileSync(new URL('./size-baseline.json', import.meta.url), 'utf8'));

test('eager gzip sizes stay within 0.5 KB of bench/size-baseline.json', async (t) => {
  const measured = Object.fromEntries(
    await Promise.all([
      sdkBundle().then((b) => ['sdk', b.gz]),
      ...ELEMENTS.map((name) => elementAlone(name).then((b) => [name, b.gz])),
    ]),
  );
  const grown = [];
  for (const [name, gz] of Object.entries(measured)) {
    const base = baseline.sizes[name]?.gz;
    assert.ok(Number.isInteger(base), `${name} has no gz in bench/size-baseline.json`);
    const delta = gz - base;
    t.diagnostic(`${name}: ${gz} B gz (baseline ${base}, ${delta >= 0 ? '+' : ''}${delta})`);
    if (delta > baseline.toleranceBytes) grown.push(`${name} ${base} → ${gz} B gz (+${delta})`);
  }
  assert.deepEqual(
    grown, [],
    `eager size grew by more than ${baseline.toleranceBytes} B: ${grown.join('; ')}. ` +
      'If that is intended, raise its gz in bench/size-baseline.json and say why in its note.',
  );
});
