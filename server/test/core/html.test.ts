// The one HTML escaper and the one money formatter of the server's pages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml } from '../../src/core/html.js';
import { formatMoney, moneyFromRow } from '../../src/core/money.js';
import { XSS_PAYLOADS } from '../hardening/xss-corpus.js';

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#96;/g, '`').replace(/&amp;/g, '&');

describe('escapeHtml', () => {
  test('every XSS corpus payload comes out with no character that opens a tag, ends an attribute or starts an entity', () => {
    for (const payload of XSS_PAYLOADS) {
      const out = escapeHtml(payload);
      assert.doesNotMatch(out, /[<>"'`]/, payload);
      // Every & left is one we wrote: the start of one of our entities.
      assert.doesNotMatch(out.replace(/&(amp|lt|gt|quot|#39|#96);/g, ''), /&/, payload);
      assert.equal(unescape(out), payload, 'nothing lost');
    }
  });
  test('text in any script passes through untouched', () => {
    assert.equal(escapeHtml('ड्रिप सिंचाई — ठिबक सिंचन'), 'ड्रिप सिंचाई — ठिबक सिंचन');
    assert.equal(escapeHtml(`a&b<c>"d'e\`f`), 'a&amp;b&lt;c&gt;&quot;d&#39;e&#96;f');
  });
});

describe('money', () => {
  test('formats minor units by the currency\'s own digits', () => {
    assert.equal(formatMoney(39920, 'INR'), '₹399.20');
    assert.equal(formatMoney(1900, 'USD'), '$19.00');
    assert.equal(formatMoney(500, 'JPY'), 'JP¥500');
    assert.deepEqual(moneyFromRow(100, 'USD'), { amount: 100, currency: 'USD' });
  });
});
