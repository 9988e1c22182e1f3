import type { Strings } from '../messages.js';

/** Marathi: strings shared by every element (a separate chunk, loaded only for `mr`). */
export default {
  noProvider: 'या पानावर Furrow सेट केलेले नाही: हे <furrow-provider> मध्ये ठेवा.',
  loading: 'लोड होत आहे…',
  retry: 'पुन्हा प्रयत्न करा',
  errorGeneric: 'काहीतरी चुकले. कृपया पुन्हा प्रयत्न करा.',
  errorOffline: 'तुम्ही ऑफलाइन आहात असे दिसते. आम्ही प्रयत्न करत राहू.',
  errorSignIn: 'पुढे जाण्यासाठी कृपया साइन इन करा.',
  errorNotFound: 'हे आम्हाला सापडले नाही.',
  errorNotEnrolled: 'आधी या कोर्समध्ये नोंदणी करा: मग तुम्ही हे उघडू शकाल.',
  errorForbidden: 'तुमचे खाते हे उघडू शकत नाही.',
  offlineCached: 'ऑफलाइन: {date} रोजी जतन केलेली माहिती दाखवत आहोत.',
  free: 'मोफत',
  close: 'बंद करा',
  signIn: 'साइन इन करा',
} satisfies Strings;
