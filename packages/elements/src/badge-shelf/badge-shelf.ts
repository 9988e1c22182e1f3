import { FurrowBadgeShelf } from './badge-shelf.component.js';

export { FurrowBadgeShelf };

if (!customElements.get('furrow-badge-shelf')) customElements.define('furrow-badge-shelf', FurrowBadgeShelf);

declare global {
  interface HTMLElementTagNameMap {
    'furrow-badge-shelf': FurrowBadgeShelf;
  }
}
