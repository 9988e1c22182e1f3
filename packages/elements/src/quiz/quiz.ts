import { FurrowQuiz } from './quiz.component.js';

export { FurrowQuiz };

if (!customElements.get('furrow-quiz')) customElements.define('furrow-quiz', FurrowQuiz);

declare global {
  interface HTMLElementTagNameMap {
    'furrow-quiz': FurrowQuiz;
  }
}
