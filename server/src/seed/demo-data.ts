/**
 * The demo catalogue: real farming topics in English, Hindi and Marathi. Kept as plain data so
 * other seed steps (quizzes, slots) can refer to courses by `key`.
 */

/** A lesson in the demo data. */
export interface DemoLesson {
  title: string;
  type: 'video' | 'text' | 'quiz' | 'assignment';
  minutes: number;
  status?: 'public' | 'private' | 'preview';
  body?: string;
  video?: { provider: 'youtube' | 'self_hosted' | 'vimeo'; url: string; videoId?: string; durationSeconds?: number; captions?: { lang: 'en' | 'hi' | 'mr'; label: string; url: string }[] };
}

/** A course in the demo data. */
export interface DemoCourse {
  key: string;
  title: string;
  description: string;
  category: 'crop-management' | 'irrigation' | 'pest-control' | 'soil-health' | 'equipment' | 'weather';
  level: 'beginner' | 'intermediate' | 'advanced';
  languages: ('en' | 'hi' | 'mr')[];
  emoji: string;
  price: number;
  currency: 'INR' | 'USD';
  discount?: number;
  instructor: 'sunita' | 'rajesh';
  rating: number;
  ratingCount: number;
  enrolled: number;
  sections: { title: string; lessons: DemoLesson[] }[];
}

// Relative to the server's base URL (no leading slash), so a server mounted under a path
// (`app.use('/lms', router)`) serves them from `/lms/media/…`: clients resolve them against
// their `baseUrl` + '/'.
const SELF_HOSTED = (name: string, captions = true): DemoLesson['video'] => ({
  provider: 'self_hosted',
  url: `media/${name}.webm`,
  durationSeconds: 60,
  captions: captions ? [
    { lang: 'en', label: 'English', url: `media/${name}.en.vtt` },
    { lang: 'hi', label: 'हिन्दी', url: `media/${name}.hi.vtt` },
  ] : [],
});

const YT = (videoId: string, seconds: number): DemoLesson['video'] => ({
  provider: 'youtube', url: `https://www.youtube.com/watch?v=${videoId}`, videoId, durationSeconds: seconds,
});

/** The demo courses (12+, six categories, three languages, free and paid in INR and USD). */
export const DEMO_COURSES: DemoCourse[] = [
  {
    key: 'soil-testing', title: 'Soil Testing Basics for Smallholders', category: 'soil-health', level: 'beginner',
    description: 'Take a proper soil sample, read a Soil Health Card, and choose fertiliser doses that save money.',
    languages: ['en'], emoji: '🌱', price: 0, currency: 'INR', instructor: 'sunita', rating: 4.7, ratingCount: 128, enrolled: 2140,
    sections: [
      { title: 'Taking a sample', lessons: [
        { title: 'Why test your soil?', type: 'video', minutes: 6, status: 'preview', video: SELF_HOSTED('soil-sampling') },
        { title: 'The V-cut sampling method', type: 'text', minutes: 8, status: 'public', body: '## The V-cut method\n\n1. Clear surface litter.\n2. Dig a **V-shaped** pit 15 cm deep.\n3. Slice 2 cm from one side and collect it.\n4. Mix 10–15 such samples from a zig-zag walk across the field.\n\n> Never sample near bunds, trees or manure heaps.' },
      ] },
      { title: 'Reading the results', lessons: [
        { title: 'Reading a Soil Health Card', type: 'video', minutes: 9, status: 'public', video: YT('a1b2c3d4e5f', 540) },
        { title: 'Check your understanding', type: 'quiz', minutes: 10, status: 'public' },
        { title: 'Sample your own field', type: 'assignment', minutes: 30, status: 'public', body: 'Take a composite sample from one plot and write down: the crop last season, the number of cores, and the depth.' },
      ] },
    ],
  },
  {
    key: 'drip-irrigation', title: 'ड्रिप सिंचाई: कम पानी में ज़्यादा फसल', category: 'irrigation', level: 'intermediate',
    description: 'ड्रिप सिस्टम की योजना, लेआउट, फ़िल्टर की सफ़ाई और फ़र्टिगेशन — पानी और बिजली दोनों की बचत।',
    languages: ['hi'], emoji: '💧', price: 49900, currency: 'INR', discount: 20, instructor: 'rajesh', rating: 4.8, ratingCount: 311, enrolled: 5210,
    sections: [
      { title: 'योजना', lessons: [
        { title: 'ड्रिप सिंचाई क्यों?', type: 'video', minutes: 7, status: 'preview', video: SELF_HOSTED('drip-intro') },
        { title: 'पाइप और ड्रिपर का चुनाव', type: 'text', minutes: 10, status: 'public', body: '## ड्रिपर का चुनाव\n\n- **2 लीटर/घंटा**: सब्ज़ियाँ, हल्की मिट्टी\n- **4 लीटर/घंटा**: फलदार पेड़, भारी मिट्टी\n\nलेटरल पाइप 16 mm, मुख्य पाइप 50–63 mm रखें।' },
      ] },
      { title: 'रखरखाव', lessons: [
        { title: 'फ़िल्टर की सफ़ाई', type: 'video', minutes: 8, status: 'public', video: YT('q9w8e7r6t5y', 480) },
        { title: 'प्रश्नोत्तरी: ड्रिप रखरखाव', type: 'quiz', minutes: 10, status: 'public' },
        { title: 'अपने खेत का लेआउट बनाइए', type: 'assignment', minutes: 40, status: 'public', body: 'अपने खेत का नक्शा बनाइए: मुख्य पाइप, सब-मेन और लेटरल कहाँ होंगे।' },
        { title: 'प्रशिक्षक के नोट्स (ड्राफ़्ट)', type: 'text', minutes: 2, status: 'private', body: 'ड्राफ़्ट' },
      ] },
    ],
  },
  {
    key: 'integrated-pest', title: 'Integrated Pest Management for Cotton', category: 'pest-control', level: 'intermediate',
    description: 'Scout fields, use pheromone traps and economic thresholds to control pink bollworm with fewer sprays.',
    languages: ['en', 'hi'], emoji: '🐛', price: 1900, currency: 'USD', instructor: 'sunita', rating: 4.5, ratingCount: 87, enrolled: 930,
    sections: [
      { title: 'Scouting', lessons: [
        { title: 'Know the pink bollworm', type: 'video', minutes: 8, status: 'preview', video: SELF_HOSTED('bollworm') },
        { title: 'Pheromone traps: placement and counts', type: 'text', minutes: 9, status: 'public', body: 'Place **5 traps per hectare** at crop height. Count moths every 3 days; 8 moths/trap/night for 3 nights is the action threshold.' },
      ] },
      { title: 'Acting', lessons: [
        { title: 'Economic threshold levels', type: 'video', minutes: 10, status: 'public', video: YT('z1x2c3v4b5n', 600) },
        { title: 'IPM quiz', type: 'quiz', minutes: 8, status: 'public' },
      ] },
    ],
  },
  {
    key: 'kharif-sowing', title: 'खरीप पेरणीचे नियोजन', category: 'crop-management', level: 'beginner',
    description: 'सोयाबीन आणि कापसाच्या पेरणीसाठी बियाणे निवड, बीजप्रक्रिया आणि पेरणीची योग्य वेळ.',
    languages: ['mr'], emoji: '🌾', price: 0, currency: 'INR', instructor: 'sunita', rating: 4.6, ratingCount: 204, enrolled: 3120,
    sections: [
      { title: 'बियाणे', lessons: [
        { title: 'बियाणे निवड', type: 'video', minutes: 6, status: 'preview', video: SELF_HOSTED('seed-selection') },
        { title: 'बीजप्रक्रिया कशी करावी', type: 'text', minutes: 7, status: 'public', body: '## बीजप्रक्रिया\n\nप्रति किलो बियाण्यास **३ ग्रॅम थायरम** किंवा **४ ग्रॅम ट्रायकोडर्मा** लावा. सावलीत वाळवा.' },
      ] },
      { title: 'पेरणी', lessons: [
        { title: 'पेरणीची योग्य वेळ', type: 'text', minutes: 6, status: 'public', body: '७५–१०० मिमी पाऊस झाल्यावरच पेरणी करा. जमिनीत पुरेसा ओलावा तपासा.' },
        { title: 'प्रश्नमंजुषा', type: 'quiz', minutes: 8, status: 'public' },
      ] },
    ],
  },
  {
    key: 'tractor-maintenance', title: 'Tractor Maintenance Every Farmer Can Do', category: 'equipment', level: 'beginner',
    description: 'Daily checks, oil and filter changes, and tyre care that keep a tractor running through the season.',
    languages: ['en', 'hi'], emoji: '🚜', price: 29900, currency: 'INR', instructor: 'rajesh', rating: 4.4, ratingCount: 66, enrolled: 780,
    sections: [
      { title: 'Daily checks', lessons: [
        { title: 'The 10-minute morning check', type: 'video', minutes: 10, status: 'preview', video: SELF_HOSTED('tractor-check') },
        { title: 'Engine oil and air filter', type: 'text', minutes: 8, status: 'public', body: 'Change engine oil every **250 hours**. Clean the air filter weekly in dusty seasons; never wash a paper element.' },
      ] },
      { title: 'Seasonal care', lessons: [
        { title: 'Tyre pressure and ballast', type: 'video', minutes: 7, status: 'public', video: YT('m1n2b3v4c5x', 420) },
        { title: 'Write your maintenance log', type: 'assignment', minutes: 20, status: 'public', body: 'Keep a log for two weeks: hours run, fuel, oil top-ups and any noise you noticed.' },
      ] },
    ],
  },
  {
    key: 'monsoon-forecast', title: 'मौसम पूर्वानुमान से खेती की योजना', category: 'weather', level: 'beginner',
    description: 'IMD के ब्लॉक-स्तरीय पूर्वानुमान और एसएमएस सलाह पढ़कर बुवाई, छिड़काव और सिंचाई का समय तय करें।',
    languages: ['hi', 'en'], emoji: '🌦️', price: 0, currency: 'INR', instructor: 'rajesh', rating: 4.3, ratingCount: 52, enrolled: 1470,
    sections: [
      { title: 'पूर्वानुमान पढ़ना', lessons: [
        { title: 'ब्लॉक-स्तरीय पूर्वानुमान', type: 'video', minutes: 6, status: 'preview', video: SELF_HOSTED('forecast') },
        { title: 'बारिश से पहले छिड़काव न करें', type: 'text', minutes: 5, status: 'public', body: 'अगले **24 घंटे** में बारिश की संभावना 60% से ज़्यादा हो तो कीटनाशक का छिड़काव टालें।' },
        { title: 'मौसम प्रश्नोत्तरी', type: 'quiz', minutes: 6, status: 'public' },
      ] },
    ],
  },
  {
    key: 'organic-compost', title: 'Making Vermicompost at Home', category: 'soil-health', level: 'beginner',
    description: 'Build a low-cost vermicompost bed, keep worms healthy, and harvest compost in 60 days.',
    languages: ['en', 'mr'], emoji: '🪱', price: 19900, currency: 'INR', discount: 10, instructor: 'sunita', rating: 4.9, ratingCount: 402, enrolled: 6050,
    sections: [
      { title: 'Setting up', lessons: [
        { title: 'Choosing the site and bed', type: 'video', minutes: 7, status: 'preview', video: SELF_HOSTED('vermi-bed') },
        { title: 'Feeding the worms', type: 'text', minutes: 6, status: 'public', body: 'Feed **partly decomposed** cow dung and crop residue. Keep moisture at 40–50%: a squeezed handful should not drip.' },
      ] },
      { title: 'Harvest', lessons: [
        { title: 'When and how to harvest', type: 'video', minutes: 5, status: 'public', video: YT('v1c2x3z4a5s', 300) },
        { title: 'Compost quiz', type: 'quiz', minutes: 5, status: 'public' },
      ] },
    ],
  },
  {
    key: 'solar-pump', title: 'Solar Water Pumps: Choosing and Sizing', category: 'equipment', level: 'advanced',
    description: 'Size a solar pump from well depth and crop water need, compare AC and DC pumps, and apply for PM-KUSUM.',
    languages: ['en'], emoji: '☀️', price: 4900, currency: 'USD', instructor: 'rajesh', rating: 4.6, ratingCount: 39, enrolled: 410,
    sections: [
      { title: 'Sizing', lessons: [
        { title: 'Total dynamic head, simply', type: 'video', minutes: 12, status: 'preview', video: SELF_HOSTED('solar-head') },
        { title: 'Worked example: 3 HP for 2 acres', type: 'text', minutes: 10, status: 'public', body: 'A 2-acre vegetable plot needs about **40,000 L/day** in peak summer...' },
        { title: 'Sizing quiz', type: 'quiz', minutes: 10, status: 'public' },
      ] },
    ],
  },
  {
    key: 'sugarcane-water', title: 'ऊस पिकासाठी पाणी व्यवस्थापन', category: 'irrigation', level: 'advanced',
    description: 'ऊसासाठी ठिबक, पाण्याच्या पाळ्या आणि आच्छादनाने ४०% पाणी बचत.',
    languages: ['mr', 'hi'], emoji: '🎋', price: 39900, currency: 'INR', instructor: 'sunita', rating: 4.7, ratingCount: 143, enrolled: 1980,
    sections: [
      { title: 'पाण्याची गरज', lessons: [
        { title: 'ऊसाची पाण्याची गरज', type: 'video', minutes: 9, status: 'preview', video: SELF_HOSTED('cane-water') },
        { title: 'आच्छादन (मल्चिंग)', type: 'text', minutes: 7, status: 'public', body: 'पाचटाचे आच्छादन केल्यास बाष्पीभवन **२५–३०%** कमी होते.' },
        { title: 'गृहपाठ: पाण्याचे वेळापत्रक', type: 'assignment', minutes: 30, status: 'public', body: 'तुमच्या ऊस शेतीसाठी पुढील महिन्याचे पाणी वेळापत्रक तयार करा.' },
      ] },
    ],
  },
  {
    key: 'aphid-control', title: 'माहू (एफिड) का जैविक नियंत्रण', category: 'pest-control', level: 'beginner',
    description: 'नीम का तेल, पीले चिपचिपे कार्ड और लेडीबर्ड भृंग से सरसों और सब्ज़ियों में माहू नियंत्रण।',
    languages: ['hi'], emoji: '🐞', price: 0, currency: 'INR', instructor: 'rajesh', rating: 4.2, ratingCount: 28, enrolled: 640,
    sections: [
      { title: 'पहचान और नियंत्रण', lessons: [
        { title: 'माहू की पहचान', type: 'video', minutes: 5, status: 'preview', video: SELF_HOSTED('aphid') },
        { title: 'नीम तेल का घोल', type: 'text', minutes: 5, status: 'public', body: '**5 मि.ली.** नीम तेल + 1 मि.ली. साबुन प्रति लीटर पानी। शाम को छिड़कें।' },
        { title: 'माहू प्रश्नोत्तरी', type: 'quiz', minutes: 5, status: 'public' },
      ] },
    ],
  },
  {
    key: 'crop-rotation', title: 'Crop Rotation for Healthier Yields', category: 'crop-management', level: 'intermediate',
    description: 'Plan three-year rotations with pulses to break pest cycles and fix nitrogen for the next crop.',
    languages: ['en', 'hi', 'mr'], emoji: '🔄', price: 2900, currency: 'USD', discount: 15, instructor: 'sunita', rating: 4.5, ratingCount: 71, enrolled: 820,
    sections: [
      { title: 'Principles', lessons: [
        { title: 'Why rotate?', type: 'video', minutes: 7, status: 'preview', video: SELF_HOSTED('rotation') },
        { title: 'Legumes and nitrogen', type: 'text', minutes: 8, status: 'public', body: 'A good chickpea crop leaves **30–40 kg N/ha** for the next cereal.' },
        { title: 'Design a 3-year plan', type: 'assignment', minutes: 30, status: 'public', body: 'Draw a 3-year plan for your plots: which crop, which season.' },
      ] },
    ],
  },
  {
    key: 'frost-protection', title: 'थंडी आणि धुक्यापासून पिकांचे संरक्षण', category: 'weather', level: 'intermediate',
    description: 'दव, धुके आणि थंडीच्या लाटेपासून भाजीपाला व फळबागा वाचवण्याचे सोपे उपाय.',
    languages: ['mr'], emoji: '❄️', price: 9900, currency: 'INR', instructor: 'sunita', rating: 4.1, ratingCount: 19, enrolled: 260,
    sections: [
      { title: 'उपाय', lessons: [
        { title: 'थंडीची लाट ओळखा', type: 'video', minutes: 6, status: 'preview', video: SELF_HOSTED('frost') },
        { title: 'हलके पाणी आणि धूर', type: 'text', minutes: 6, status: 'public', body: 'रात्री हलके पाणी द्या; बांधावर धूर केल्यास तापमान **१–२°C** वाढते.' },
      ] },
    ],
  },
  {
    key: 'precision-drone', title: 'Drone Spraying: Safe and Legal', category: 'equipment', level: 'advanced',
    description: 'Drone rules in India, calibrating spray volume, and keeping operators and neighbours safe.',
    languages: ['en', 'hi'], emoji: '🛸', price: 99900, currency: 'INR', discount: 25, instructor: 'rajesh', rating: 4.0, ratingCount: 12, enrolled: 150,
    sections: [
      { title: 'Rules and calibration', lessons: [
        { title: 'Drone rules in brief', type: 'video', minutes: 9, status: 'preview', video: SELF_HOSTED('drone-rules') },
        { title: 'Calibrating litres per acre', type: 'text', minutes: 9, status: 'public', body: 'Measure swath width and speed, then set flow: **L/acre = flow (L/min) × 4047 ÷ (swath m × speed m/min)**.' },
      ] },
    ],
  },
];

/** Demo articles. */
export const DEMO_ARTICLES = [
  { title: 'Five signs your soil needs organic matter', excerpt: 'Crusting, poor drainage and pale crops can all point to low organic carbon.', content: '## Five signs\n\n1. Crusting after rain\n2. Water standing for hours\n3. Pale, stunted crops\n4. Few earthworms\n5. Hard clods after ploughing', category: 'soil-health', languages: ['en'], emoji: '🌱', readTime: 4, featured: true },
  { title: 'गर्मी में पशुओं और फसलों के लिए पानी की बचत', excerpt: 'मल्चिंग, रात की सिंचाई और टपक विधि से गर्मी में पानी बचाएँ।', content: 'गर्मी में **शाम या रात** को सिंचाई करें ताकि वाष्पीकरण कम हो।', category: 'irrigation', languages: ['hi'], emoji: '💧', readTime: 3, featured: false },
  { title: 'कापसावरील गुलाबी बोंडअळी: लक्षणे', excerpt: 'फुलांच्या पाकळ्या गुलाबाच्या आकारात चिकटलेल्या दिसल्या तर सावध व्हा.', content: 'डोमकळी दिसल्यास त्या तोडून नष्ट करा.', category: 'pest-control', languages: ['mr'], emoji: '🐛', readTime: 3, featured: true },
  { title: 'Reading the monsoon onset forecast', excerpt: 'What "onset over Kerala" means for sowing in Maharashtra and Madhya Pradesh.', content: 'Onset over Kerala is usually **1 June**; central India follows 2–3 weeks later.', category: 'weather', languages: ['en', 'hi'], emoji: '🌧️', readTime: 5, featured: false },
] as const;

/** Demo library videos. */
export const DEMO_VIDEOS = [
  { title: 'Laying drip laterals in 5 minutes', description: 'A field demonstration.', category: 'irrigation', languages: ['en', 'hi'], emoji: '💧', level: 'beginner', source: { provider: 'youtube', url: 'https://www.youtube.com/watch?v=d1r2i3p4l5a', videoId: 'd1r2i3p4l5a', durationSeconds: 300 }, transcript: 'Start at the sub-main and punch holes every 40 cm…' },
  { title: 'मिट्टी का नमूना कैसे लें', description: 'खेत में नमूना लेने का सही तरीका।', category: 'soil-health', languages: ['hi'], emoji: '🌱', level: 'beginner', source: { provider: 'self_hosted', url: 'media/soil-sampling.webm', durationSeconds: 60 }, transcript: 'वी आकार का गड्ढा खोदें…' },
  { title: 'ट्रॅक्टरची दैनिक तपासणी', description: 'सकाळी दहा मिनिटांत तपासणी.', category: 'equipment', languages: ['mr'], emoji: '🚜', level: 'beginner', source: { provider: 'vimeo', url: 'https://vimeo.com/123456789', videoId: '123456789', durationSeconds: 420 }, transcript: 'इंजिन तेल, पाणी आणि टायर तपासा…' },
  { title: 'Pheromone trap installation', description: 'Placing traps at the right height.', category: 'pest-control', languages: ['en'], emoji: '🪤', level: 'intermediate', source: { provider: 'youtube', url: 'https://www.youtube.com/watch?v=p1h2e3r4o5m', videoId: 'p1h2e3r4o5m', durationSeconds: 240 }, transcript: 'Hang the trap one foot above the canopy…' },
] as const;
