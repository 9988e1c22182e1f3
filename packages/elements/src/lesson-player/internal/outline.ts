import { html, nothing, type TemplateResult } from 'lit';
import type { Section } from '@furrow/schema';

type T = (key: string, vars?: Record<string, string | number>) => string;

/**
 * The outline: sections with their lessons as buttons (a locked lesson is still selectable,
 * to show why it is locked). Ticks and locks carry hidden words for screen readers.
 */
export function renderOutline(sections: Section[], currentId: string, done: Set<string>, t: T, choose: (id: string) => void): TemplateResult {
  return html`<nav class="outline" part="outline" aria-label=${t('outline')}>
    ${sections.map(
      (s) => html`<section>
        <h3 class="section-title" part="section-title">${s.title}</h3>
        <ol>
          ${s.lessons.map((l) => {
            const completed = done.has(l.id);
            return html`<li>
              <button type="button" class="lesson ${l.id === currentId ? 'current' : ''}" part="outline-lesson" data-lesson-id=${l.id}
                aria-current=${l.id === currentId ? 'step' : nothing} @click=${() => choose(l.id)}>
                <span class="mark ${completed ? 'done' : ''}" aria-hidden="true">${completed ? '✓' : l.locked ? '🔒' : ''}</span>
                <span class="lesson-title">${l.title}</span>
                <span class="lesson-type">${t(`type:${l.contentType}`)}</span>
                ${completed ? html`<span class="visually-hidden">(${t('completed')})</span>` : l.locked ? html`<span class="visually-hidden">(${t('locked')})</span>` : nothing}
              </button>
            </li>`;
          })}
        </ol>
      </section>`,
    )}
  </nav>`;
}
