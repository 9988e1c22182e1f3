import { FurrowBookingPicker } from './booking-picker.component.js';
import { TAGS } from '../lib/constants.js';

export { FurrowBookingPicker };

if (!customElements.get(TAGS.bookingPicker)) customElements.define(TAGS.bookingPicker, FurrowBookingPicker);

declare global {
  interface HTMLElementTagNameMap {
    'furrow-booking-picker': FurrowBookingPicker;
  }
}
