import type { Strings } from '../checkout.messages.js';

/** Hindi: strings of `<furrow-checkout>` (a separate chunk, loaded only for `hi`). */
export default {
  buy: 'अभी खरीदें',
  enrol: 'मुफ़्त में नामांकन करें',
  price: 'कीमत',
  originalPrice: 'मूल कीमत',
  salePrice: 'छूट वाली कीमत',
  discount: '{percent}% छूट',
  includes: '{count} कोर्स शामिल',
  owned: 'आपके पास पहले से इसकी पहुँच है। सीखते रहिए!',
  testMode: 'टेस्ट मोड',
  testModeNote: 'टेस्ट मोड: यह अभ्यास भुगतान है, कोई असली पैसा नहीं कटेगा।',
  redirecting: 'आपको सुरक्षित भुगतान पेज पर ले जा रहे हैं…',
  continue: 'भुगतान पर जाएँ',
  paid: 'भुगतान मिल गया। अब आप सीखना शुरू कर सकते हैं!',
  enrolled: 'आपका नामांकन हो गया। सीखते रहिए!',
  cancelled: 'भुगतान रद्द हुआ। आपसे कोई पैसा नहीं लिया गया।',
  confirming: 'आपके भुगतान की पुष्टि हो रही है…',
  pending: 'आपके भुगतान की पुष्टि अभी हो रही है। कृपया एक मिनट बाद फिर देखें।',
  checkAgain: 'फिर से देखें',
  failed: 'यह भुगतान पूरा नहीं हुआ। आपसे कोई पैसा नहीं लिया गया।',
  signInHint: 'खरीदने या नामांकन के लिए साइन इन करें।',
  notForSale: 'यह कोर्स अभी खरीदा नहीं जा सकता।',
  alreadyOwned: 'आपके पास पहले से पहुँच है, इसलिए कुछ भी भुगतान नहीं करना है।',
  missingId: '<furrow-checkout> पर product-id या course-id लगाएँ।',
  working: 'कृपया प्रतीक्षा करें…',
} satisfies Strings;
