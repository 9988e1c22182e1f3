import { defineMessages } from '../lib/i18n.js';

const en = {
  buy: 'Buy now',
  enrol: 'Enrol for free',
  price: 'Price',
  originalPrice: 'Original price',
  salePrice: 'Sale price',
  discount: '{percent}% off',
  includes: 'Includes {count} courses',
  owned: 'You already have access to this. Happy learning!',
  testMode: 'TEST MODE',
  testModeNote: 'Test mode: this is a practice payment, no real money is taken.',
  redirecting: 'Taking you to the secure payment page…',
  continue: 'Continue to payment',
  paid: 'Payment received. You can start learning now!',
  enrolled: 'You are enrolled. Happy learning!',
  cancelled: 'Payment cancelled. You have not been charged.',
  confirming: 'Confirming your payment…',
  pending: 'Your payment is still being confirmed. Please check again in a minute.',
  checkAgain: 'Check again',
  failed: 'This payment did not go through. You have not been charged.',
  signInHint: 'Sign in to buy or enrol.',
  notForSale: 'This course cannot be bought right now.',
  alreadyOwned: 'You already have access, so there is nothing to pay.',
  missingId: 'Set a product-id or course-id on <furrow-checkout>.',
  working: 'Please wait…',
};

/** Every key of the catalog below; every `locales/checkout.<locale>.ts` must translate each one. */
export type Strings = Record<keyof typeof en, string>;

/** Strings of `<furrow-checkout>`: English inline, the other locales loaded on demand. */
export const checkoutMessages = defineMessages(en, (locale) => import(`./locales/checkout.${locale}.js`));
