import { FurrowBadgeShelf } from './badge-shelf.component.js';
import { TAGS } from '../lib/constants.js';

export { FurrowBadgeShelf };

if (!customElements.get(TAGS.badgeShelf)) customElements.define(TAGS.badgeShelf, FurrowBadgeShelf);

declare global {
  interface HTMLElementTagNameMap {
    'furrow-badge-shelf': FurrowBadgeShelf;
  }
}
