import type { Strings } from '../checkout.messages.js';

/** Marathi: strings of `<furrow-checkout>` (a separate chunk, loaded only for `mr`). */
export default {
  buy: 'आता खरेदी करा',
  enrol: 'मोफत नोंदणी करा',
  price: 'किंमत',
  originalPrice: 'मूळ किंमत',
  salePrice: 'सवलतीची किंमत',
  discount: '{percent}% सूट',
  includes: '{count} कोर्स समाविष्ट',
  owned: 'तुम्हाला याचा प्रवेश आधीच आहे. शिकत राहा!',
  testMode: 'टेस्ट मोड',
  testModeNote: 'टेस्ट मोड: हे सरावाचे पेमेंट आहे, खरे पैसे घेतले जाणार नाहीत.',
  redirecting: 'तुम्हाला सुरक्षित पेमेंट पानावर नेत आहोत…',
  continue: 'पेमेंटकडे जा',
  paid: 'पेमेंट मिळाले. आता तुम्ही शिकायला सुरुवात करू शकता!',
  enrolled: 'तुमची नोंदणी झाली. शिकत राहा!',
  cancelled: 'पेमेंट रद्द झाले. तुमच्याकडून पैसे घेतले नाहीत.',
  confirming: 'तुमच्या पेमेंटची खात्री होत आहे…',
  pending: 'तुमच्या पेमेंटची खात्री अजून होत आहे. कृपया एका मिनिटाने पुन्हा पाहा.',
  checkAgain: 'पुन्हा पाहा',
  failed: 'हे पेमेंट पूर्ण झाले नाही. तुमच्याकडून पैसे घेतले नाहीत.',
  signInHint: 'खरेदी किंवा नोंदणीसाठी साइन इन करा.',
  notForSale: 'हा कोर्स सध्या खरेदी करता येत नाही.',
  alreadyOwned: 'तुम्हाला प्रवेश आधीच आहे, त्यामुळे काहीही भरायचे नाही.',
  missingId: '<furrow-checkout> वर product-id किंवा course-id द्या.',
  working: 'कृपया थांबा…',
} satisfies Strings;
