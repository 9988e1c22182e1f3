// The lint check can fail: the repo's own eslint.config.mjs, run through ESLint's Node API on
// snippets that break one chosen rule each (TypeScript, a Lit template, a web component), and
// on the same kind of code where the config allows it.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = new URL('../..', import.meta.url).pathname;
let eslint;
/** Lints `code` as if it were the file at `path` (relative to the repo); returns the rule ids. */
async function rules(path, code) {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('eslint.config.mjs', () => {
  before(() => {
    eslint = new ESLint({ cwd: root });
  });

  it('reports an unused import and an `any` in TypeScript source', async () => {
    const code = "import { z } from 'zod';\nexport const read = (x: any): string => String(x);\n";
    assert.deepEqual((await rules('packages/sdk/src/lib/lint-probe.ts', code)).sort(), [
      '@typescript-eslint/no-explicit-any',
      '@typescript-eslint/no-unused-vars',
    ]);
  });

  it('allows `any` in tests, and leaving a key out with a rest sibling', async () => {
    const code = "export const read = (x: any) => { const { id: _drop, ...rest } = x; return rest; };\n";
    assert.deepEqual(await rules('server/test/lint-probe.test.ts', code), []);
  });

  it("reports a lit rule in an element's template", async () => {
    const code = [
      "import { html } from 'lit';",
      'export const view = (a: string, b: string) => html`<input .value=${a} .value=${b}>`;',
      '',
    ].join('\n');
    assert.deepEqual(await rules('packages/elements/src/quiz/lint-probe.ts', code), ['lit/no-duplicate-template-bindings']);
  });

  it('reports a web-component rule on a FurrowElement subclass', async () => {
    const code = [
      "import { FurrowElement } from '../lib/furrow-element.js';",
      'export class Probe extends FurrowElement {',
      '  constructor() {',
      '    super();',
      "    this.setAttribute('role', 'group');",
      '  }',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(await rules('packages/elements/src/quiz/lint-probe.ts', code), ['wc/no-constructor-attributes']);
  });

  it('passes clean code', async () => {
    const code = "import { html } from 'lit';\nexport const view = (a: string) => html`<p title=${a}>${a}</p>`;\n";
    assert.deepEqual(await rules('packages/elements/src/quiz/lint-probe.ts', code), []);
  });
});
