import type { Strings } from '../messages.js';

/** Hindi: strings shared by every element (a separate chunk, loaded only for `hi`). */
export default {
  noProvider: 'इस पेज पर Furrow सेट नहीं है: इसे <furrow-provider> के अंदर रखें।',
  loading: 'लोड हो रहा है…',
  retry: 'फिर से कोशिश करें',
  errorGeneric: 'कुछ गड़बड़ हो गई। कृपया फिर से कोशिश करें।',
  errorOffline: 'लगता है आप ऑफ़लाइन हैं। हम कोशिश करते रहेंगे।',
  errorSignIn: 'आगे बढ़ने के लिए कृपया साइन इन करें।',
  errorNotFound: 'यह हमें नहीं मिला।',
  errorNotEnrolled: 'पहले इस कोर्स में नामांकन करें: फिर आप इसे खोल सकेंगे।',
  errorForbidden: 'आपका खाता इसे नहीं खोल सकता।',
  offlineCached: 'ऑफ़लाइन: {date} को सहेजी गई जानकारी दिखा रहे हैं।',
  free: 'मुफ़्त',
  close: 'बंद करें',
  signIn: 'साइन इन करें',
} satisfies Strings;
