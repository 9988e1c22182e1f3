import { FurrowProvider } from './provider.component.js';

export { FurrowProvider };

if (!customElements.get('furrow-provider')) customElements.define('furrow-provider', FurrowProvider);

declare global {
  interface HTMLElementTagNameMap {
    'furrow-provider': FurrowProvider;
  }
}
