import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as events from '../../src/events/index.js';
// @ts-expect-error a plain ESM script of the repo (no types)
import { typecheck } from '../../../../scripts/lib/typecheck.mjs';

// Every event class, with the name it is dispatched under.
const classes = Object.entries(events).map(([name, cls]) => ({ name, event: (cls as { eventName: string }).eventName }));

/** A listener on `target` that compiles only when the event is typed as its class (not `Event`, not `any`). */
function listener(target: string, c: { name: string; event: string }): string {
  return `${target}.addEventListener('${c.event}', (e) => {
  const typed: ${c.name} = e;
  void typed;
  // @ts-expect-error an event that is typed, not \`any\`, has no such field
  void e.notAFieldOfAnyFurrowEvent;
});`;
}

describe('furrow-* event types', () => {
  it('are known to HTMLElementEventMap, DocumentEventMap and WindowEventMap in strict TypeScript', { timeout: 120_000 }, () => {
    assert.ok(classes.length >= 9, classes.map((c) => c.name).join(', '));
    const source = [
      `import { ${classes.map((c) => c.name).join(', ')} } from '@furrow/elements';`,
      // The guide's own line, verbatim in spirit: a field read straight off the event.
      "document.addEventListener('furrow-course-select', (e) => { const id: string = e.courseId; void id; });",
      "const catalog = document.createElement('furrow-course-catalog');",
      ...classes.flatMap((c) => [listener('document', c), listener('window', c), listener('catalog', c)]),
    ].join('\n');
    const { status, output } = typecheck({ 'events.ts': source });
    assert.equal(output, '');
    assert.equal(status, 0);
  });

  it('fails to typecheck a field the event does not have (the check can fail)', { timeout: 120_000 }, () => {
    const { status, output } = typecheck({
      'wrong.ts': "import '@furrow/elements';\ndocument.addEventListener('furrow-course-select', (e) => e.lessonId);\n",
    });
    assert.notEqual(status, 0);
    assert.match(output, /lessonId/);
  });
});
