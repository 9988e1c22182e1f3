import { FurrowCheckout } from './checkout.component.js';
import { TAGS } from '../lib/constants.js';

export { FurrowCheckout };

if (!customElements.get(TAGS.checkout)) customElements.define(TAGS.checkout, FurrowCheckout);

declare global {
  interface HTMLElementTagNameMap {
    'furrow-checkout': FurrowCheckout;
  }
}
