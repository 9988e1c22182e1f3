// The import-rule check: the repo keeps every rule, and each rule fires on a wrong import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES, checkImports, repoFiles } from '../import-rules.mjs';

test('the repo keeps every import rule', () => {
  const files = repoFiles();
  assert.ok(files.length > 100, `read ${files.length} files`);
  assert.deepEqual(checkImports(files), []);
});

test('each rule fires on one wrong import (type-only and dynamic imports count, comments do not)', () => {
  const wrong = [
    ['schema imports nothing of ours', 'packages/schema/src/lib/x.ts', "import type { Client } from '@furrow/sdk';"],
    ['sdk never imports server or elements', 'packages/sdk/src/lib/x.ts', "export { x } from '../../../elements/src/lib/i18n.js';"],
    ['elements never import server', 'packages/elements/src/lib/x.ts', "const m = await import('@furrow/server');"],
    ['server never imports sdk or elements', 'server/src/modules/x.ts', "import { createFurrow } from '@furrow/sdk';"],
    ['server core/ and db/ import nothing above them', 'server/src/core/x.ts', "import type { Ctx } from '../http/route.js';"],
    ['server core/ and db/ import nothing above them', 'server/src/db/x.ts', "import { audit } from '../shared-sql/audit.js';"],
    ['shared SQL never imports modules/ or http/', 'server/src/shared-sql/x.ts', "import { queueMailOf } from '../modules/mail.js';"],
  ];
  for (const [rule, path, source] of wrong) {
    const broken = checkImports([{ path, source }]);
    assert.ok(broken.some((b) => b.rule === rule), `${rule} fires on ${source}`);
  }
  assert.deepEqual(new Set(wrong.map((w) => w[0])), new Set(RULES.map((r) => r.name)), 'every rule is tried');
  const fine = [
    ['server/src/core/x.ts', "import type { Db } from '../db/types.js';\nimport { z } from 'zod';\n// import { x } from '../http/app.js';\n/** @example import { y } from '../modules/mail.js' */"],
    ['server/src/modules/x.ts', "import { audit } from '../shared-sql/audit.js';\nimport { HttpError } from '../core/errors.js';"],
    ['packages/elements/src/x.ts', "import { createFurrow } from '@furrow/sdk';\nimport type { Course } from '@furrow/schema';"],
  ];
  for (const [path, source] of fine) assert.deepEqual(checkImports([{ path, source }]), [], path);
});
