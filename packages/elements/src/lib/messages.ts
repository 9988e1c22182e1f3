import { defineMessages } from './i18n.js';

/** Strings shared by every element. */
export const common = defineMessages({
  en: {
    noProvider: 'Furrow is not set up on this page: place this inside <furrow-provider>.',
    loading: 'Loading…',
    retry: 'Try again',
    errorGeneric: 'Something went wrong. Please try again.',
    errorOffline: 'You seem to be offline. We will keep trying.',
    errorSignIn: 'Please sign in to continue.',
    errorNotFound: 'We could not find this.',
    offlineCached: 'Offline: showing what was saved on {date}.',
    free: 'Free',
    close: 'Close',
    signIn: 'Sign in',
  },
  hi: {
    noProvider: 'इस पेज पर Furrow सेट नहीं है: इसे <furrow-provider> के अंदर रखें।',
    loading: 'लोड हो रहा है…',
    retry: 'फिर से कोशिश करें',
    errorGeneric: 'कुछ गड़बड़ हो गई। कृपया फिर से कोशिश करें।',
    errorOffline: 'लगता है आप ऑफ़लाइन हैं। हम कोशिश करते रहेंगे।',
    errorSignIn: 'आगे बढ़ने के लिए कृपया साइन इन करें।',
    errorNotFound: 'यह हमें नहीं मिला।',
    offlineCached: 'ऑफ़लाइन: {date} को सहेजी गई जानकारी दिखा रहे हैं।',
    free: 'मुफ़्त',
    close: 'बंद करें',
    signIn: 'साइन इन करें',
  },
  mr: {
    noProvider: 'या पानावर Furrow सेट केलेले नाही: हे <furrow-provider> मध्ये ठेवा.',
    loading: 'लोड होत आहे…',
    retry: 'पुन्हा प्रयत्न करा',
    errorGeneric: 'काहीतरी चुकले. कृपया पुन्हा प्रयत्न करा.',
    errorOffline: 'तुम्ही ऑफलाइन आहात असे दिसते. आम्ही प्रयत्न करत राहू.',
    errorSignIn: 'पुढे जाण्यासाठी कृपया साइन इन करा.',
    errorNotFound: 'हे आम्हाला सापडले नाही.',
    offlineCached: 'ऑफलाइन: {date} रोजी जतन केलेली माहिती दाखवत आहोत.',
    free: 'मोफत',
    close: 'बंद करा',
    signIn: 'साइन इन करा',
  },
});
