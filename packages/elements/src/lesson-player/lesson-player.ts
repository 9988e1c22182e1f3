import { FurrowLessonPlayer } from './lesson-player.component.js';

export { FurrowLessonPlayer };

if (!customElements.get('furrow-lesson-player')) customElements.define('furrow-lesson-player', FurrowLessonPlayer);

declare global {
  interface HTMLElementTagNameMap {
    'furrow-lesson-player': FurrowLessonPlayer;
  }
}
