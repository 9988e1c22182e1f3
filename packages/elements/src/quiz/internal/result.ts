import { html, nothing, type TemplateResult } from 'lit';
import type { QuizAttempt, QuizQuestionPublic, Locale } from '@furrow/schema';
import { formatNumber } from '../../lib/format.js';

type T = (key: string, vars?: Record<string, string | number>) => string;

/**
 * The graded attempt: pass/fail, score, and per question the learner's answer, whether it was
 * right, and — only when the server sent them (the quiz allows it) — correct answers and
 * explanations. Everything is rendered as text.
 */
export function renderResult(a: QuizAttempt, questions: QuizQuestionPublic[], locale: Locale, t: T): TemplateResult {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const optionText = (q: QuizQuestionPublic | undefined, id: string | null | undefined) => q?.options.find((o) => o.id === id)?.text ?? id ?? '';
  const pending = a.status === 'pending_review';
  const verdict = pending ? t('pendingReview') : a.passed ? t('passed') : t('failed');
  return html`<section class="result ${pending ? '' : a.passed ? 'pass' : 'fail'}" part="result" aria-labelledby="result-h">
    <h3 id="result-h" tabindex="-1" part="result-heading">${t('results')}: ${verdict}</h3>
    ${a.score !== null && a.percentage !== null
      ? html`<p class="score" part="score">${t('score', { score: formatNumber(a.score, locale), max: formatNumber(a.maxScore, locale), percent: formatNumber(Math.round(a.percentage), locale) })}</p>`
      : nothing}
    ${a.submittedLate ? html`<p class="notice warning">${t('late')}</p>` : nothing}
    <ol class="review" part="review">
      ${a.questionOrder.map((qid) => {
        const q = byId.get(qid);
        const g = a.answers.find((x) => x.questionId === qid);
        const given = g?.optionId ? optionText(q, g.optionId) : g?.text;
        const correct = g?.correctOptionIds?.length ? g.correctOptionIds.map((id) => optionText(q, id)).join(', ') : g?.acceptedAnswers?.join(' / ');
        return html`<li part="review-item">
          ${q ? html`<p class="q-text">${q.text}</p>` : nothing}
          <p>${t('yourAnswer', { answer: given || t('noAnswer') })}
            ${g?.isCorrect === true ? html`<strong class="ok">✓ ${t('correct')}</strong>` : g?.isCorrect === false ? html`<strong class="bad">✗ ${t('incorrect')}</strong>` : nothing}</p>
          ${g?.isCorrect === false && correct ? html`<p>${t('correctAnswer', { answer: correct })}</p>` : nothing}
          ${g?.explanation ? html`<p class="muted">${t('explanation', { text: g.explanation })}</p>` : nothing}
          ${g?.feedback ? html`<p class="muted">${t('feedback', { text: g.feedback })}</p>` : nothing}
        </li>`;
      })}
    </ol>
  </section>`;
}
