import { FurrowCheckout } from './checkout.component.js';

export { FurrowCheckout };

if (!customElements.get('furrow-checkout')) customElements.define('furrow-checkout', FurrowCheckout);

declare global {
  interface HTMLElementTagNameMap {
    'furrow-checkout': FurrowCheckout;
  }
}
