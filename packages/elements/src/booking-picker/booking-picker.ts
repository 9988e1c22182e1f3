import { FurrowBookingPicker } from './booking-picker.component.js';

export { FurrowBookingPicker };

if (!customElements.get('furrow-booking-picker')) customElements.define('furrow-booking-picker', FurrowBookingPicker);

declare global {
  interface HTMLElementTagNameMap {
    'furrow-booking-picker': FurrowBookingPicker;
  }
}
