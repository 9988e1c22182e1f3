import { html, type TemplateResult } from 'lit';
import type { QuizQuestionPublic } from '@furrow/schema';

type T = (key: string, vars?: Record<string, string | number>) => string;

/** A learner's answer to one question, as it will be submitted. */
export interface Answer {
  optionId?: string;
  text?: string;
}

/**
 * One question. Choices are a native radio group inside a fieldset (arrow keys move between
 * them, the legend names the group); short answers and essays are labelled text fields.
 * `onInput` reports each change; `onEnter` fires on Enter outside an essay (go next).
 */
export function renderQuestion(
  q: QuizQuestionPublic,
  n: number,
  total: number,
  answer: Answer | undefined,
  t: T,
  onInput: (a: Answer) => void,
  onEnter: () => void,
): TemplateResult {
  const id = `q-${q.id}`;
  const enter = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.isComposing) {
      e.preventDefault();
      onEnter();
    }
  };
  const head = html`<span class="q-count" part="question-count">${t('questionOf', { n, total })} · ${t('points', { count: q.points })}</span>`;
  if (q.type === 'multiple_choice' || q.type === 'true_false') {
    return html`<fieldset class="question" part="question" data-question-id=${q.id}>
      <legend id=${`${id}-l`} tabindex="-1">${head}<span class="q-text" part="question-text">${q.text}</span></legend>
      ${q.options.map(
        (o) => html`<label class="option" part="option">
          <input type="radio" name=${id} .value=${o.id} .checked=${answer?.optionId === o.id} @change=${() => onInput({ optionId: o.id })} @keydown=${enter} />
          <span>${o.text}</span>
        </label>`,
      )}
    </fieldset>`;
  }
  const essay = q.type === 'essay';
  return html`<div class="question" part="question" data-question-id=${q.id}>
    <p id=${`${id}-l`} tabindex="-1" class="legend">${head}<label class="q-text" part="question-text" for=${id}>${q.text}</label></p>
    ${essay
      ? html`<textarea id=${id} part="answer" rows="6" .value=${answer?.text ?? ''} @input=${(e: Event) => onInput({ text: (e.target as HTMLTextAreaElement).value })}></textarea>`
      : html`<input id=${id} part="answer" type="text" autocomplete="off" enterkeyhint="next" .value=${answer?.text ?? ''} @input=${(e: Event) => onInput({ text: (e.target as HTMLInputElement).value })} @keydown=${enter} />`}
  </div>`;
}

/** Whether a question has an answer worth sending. */
export const answered = (a: Answer | undefined): boolean => Boolean(a && (a.optionId || a.text?.trim()));
