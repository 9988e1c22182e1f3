import type { Queryable } from '../db/types.js';
import { newOptionId } from '../shared-sql/quizzes.js';
import { newId } from '../core/ids.js';
import type { Seeder } from './demo.js';

type Q =
  | { type: 'multiple_choice' | 'true_false'; text: string; options: [string, boolean][]; explanation?: string; points?: number }
  | { type: 'short_answer'; text: string; accepted: string[]; explanation?: string; points?: number }
  | { type: 'essay'; text: string; points?: number };

interface DemoQuiz {
  title: string;
  description?: string;
  passingScore: number;
  timeLimitMinutes?: number;
  maxAttempts?: number;
  shuffle?: boolean;
  isRequired?: boolean;
  questions: Q[];
}

/** One quiz per demo lesson of type quiz, keyed by course. Hindi and Marathi courses ask in their language. */
const LESSON_QUIZZES: Record<string, DemoQuiz> = {
  'soil-testing': {
    title: 'Check your understanding', description: 'Five questions on sampling and the Soil Health Card.', passingScore: 70, shuffle: true,
    questions: [
      { type: 'multiple_choice', text: 'How deep should the V-shaped pit be for a field-crop soil sample?', options: [['5 cm', false], ['15 cm', true], ['30 cm', false], ['60 cm', false]], explanation: 'Field crops feed from the top 15 cm, so sample that layer.' },
      { type: 'true_false', text: 'Samples taken next to bunds, trees or manure heaps give the best picture of a field.', options: [['True', false], ['False', true]], explanation: 'Those spots are unusual; leave them out.' },
      { type: 'short_answer', text: 'What is the name of the sampling cut taught in this course?', accepted: ['V-cut', 'V cut', 'V-shaped cut'], explanation: 'The V-cut: dig a V, slice 2 cm from one side.' },
      { type: 'multiple_choice', text: 'On a Soil Health Card, what do N, P and K stand for?', options: [['Nitrogen, Phosphorus, Potassium', true], ['Nickel, Phosphate, Krypton', false], ['Nitrate, Peat, Kaolin', false]] },
      { type: 'short_answer', text: 'About how many cores should you mix for one composite sample? (the smallest number in the lesson)', accepted: ['10'], explanation: 'Mix 10–15 cores from a zig-zag walk.' },
    ],
  },
  'drip-irrigation': {
    title: 'प्रश्नोत्तरी: ड्रिप रखरखाव', description: 'समय सीमा: 10 मिनट।', passingScore: 60, timeLimitMinutes: 10,
    questions: [
      { type: 'multiple_choice', text: 'सब्ज़ियों और हल्की मिट्टी के लिए किस क्षमता का ड्रिपर चुनें?', options: [['2 लीटर/घंटा', true], ['4 लीटर/घंटा', false], ['8 लीटर/घंटा', false]], explanation: 'हल्की मिट्टी में पानी जल्दी नीचे जाता है, इसलिए कम बहाव।' },
      { type: 'true_false', text: 'ड्रिप का फ़िल्टर साल में केवल एक बार साफ़ करना काफ़ी है।', options: [['सही', false], ['ग़लत', true]], explanation: 'फ़िल्टर हर हफ़्ते साफ़ करें, वरना ड्रिपर बंद हो जाते हैं।' },
      { type: 'short_answer', text: 'लेटरल पाइप का व्यास कितने मिलीमीटर रखें? (केवल संख्या)', accepted: ['16', '16 mm', '16 मिमी'] },
    ],
  },
  'integrated-pest': {
    title: 'IPM quiz', description: 'Three attempts allowed.', passingScore: 70, maxAttempts: 3,
    questions: [
      { type: 'multiple_choice', text: 'How many pheromone traps should you place per hectare?', options: [['1', false], ['5', true], ['20', false]] },
      { type: 'true_false', text: '8 moths per trap per night for 3 nights is the action threshold.', options: [['True', true], ['False', false]] },
      { type: 'short_answer', text: 'Which cotton pest do the pheromone traps in this course monitor?', accepted: ['pink bollworm', 'Pectinophora gossypiella'] },
    ],
  },
  'kharif-sowing': {
    title: 'प्रश्नमंजुषा', description: 'बीजप्रक्रिया आणि पेरणीची वेळ.', passingScore: 60, maxAttempts: 5,
    questions: [
      { type: 'multiple_choice', text: 'प्रति किलो बियाण्यास किती ग्रॅम थायरम लावावे?', options: [['१ ग्रॅम', false], ['३ ग्रॅम', true], ['१० ग्रॅम', false]] },
      { type: 'true_false', text: '७५–१०० मिमी पाऊस झाल्यावरच पेरणी करावी.', options: [['खरे', true], ['खोटे', false]], explanation: 'जमिनीत पुरेसा ओलावा असल्याशिवाय बियाणे उगवत नाही.' },
      { type: 'short_answer', text: 'बीजप्रक्रियेसाठी वापरले जाणारे जैविक बुरशीनाशक कोणते?', accepted: ['ट्रायकोडर्मा', 'trichoderma'] },
    ],
  },
  'monsoon-forecast': {
    title: 'मौसम प्रश्नोत्तरी', passingScore: 50,
    questions: [
      { type: 'multiple_choice', text: 'अगले 24 घंटे में बारिश की संभावना कितने प्रतिशत से ज़्यादा हो तो छिड़काव टालें?', options: [['20%', false], ['60%', true], ['95%', false]] },
      { type: 'true_false', text: 'ब्लॉक-स्तरीय पूर्वानुमान IMD से एसएमएस पर भी मिलता है।', options: [['सही', true], ['ग़लत', false]] },
    ],
  },
  'organic-compost': {
    title: 'Compost quiz / कंपोस्ट प्रश्नमंजुषा', passingScore: 60,
    questions: [
      { type: 'multiple_choice', text: 'What moisture should a vermicompost bed have? / गांडूळ खताच्या बेडमध्ये किती ओलावा असावा?', options: [['10–20%', false], ['40–50%', true], ['80–90%', false]] },
      { type: 'true_false', text: 'Fresh, hot cow dung is the best feed for worms. / ताजे, गरम शेण गांडुळांसाठी सर्वोत्तम.', options: [['True / खरे', false], ['False / खोटे', true]], explanation: 'Use partly decomposed dung; fresh dung heats up and kills worms.' },
    ],
  },
  'solar-pump': {
    title: 'Sizing quiz', passingScore: 70, timeLimitMinutes: 20,
    questions: [
      { type: 'short_answer', text: 'About how many litres a day does a 2-acre vegetable plot need in peak summer? (number only)', accepted: ['40000', '40,000'] },
      { type: 'multiple_choice', text: 'Total dynamic head is…', options: [['well depth only', false], ['lift plus friction and pressure losses', true], ['the pump\'s horsepower', false]] },
    ],
  },
  'aphid-control': {
    title: 'माहू प्रश्नोत्तरी', passingScore: 50,
    questions: [
      { type: 'multiple_choice', text: 'प्रति लीटर पानी में कितना नीम तेल मिलाएँ?', options: [['1 मि.ली.', false], ['5 मि.ली.', true], ['50 मि.ली.', false]] },
      { type: 'true_false', text: 'नीम तेल का छिड़काव शाम को करना चाहिए।', options: [['सही', true], ['ग़लत', false]] },
    ],
  },
};

/** An optional quiz in the soil-testing course with every question type, including an essay an instructor grades. */
const SOIL_REFLECTION: DemoQuiz = {
  title: 'Reflection: your own field', description: 'Optional. The essay is graded by your instructor.', passingScore: 50, isRequired: false,
  questions: [
    { type: 'multiple_choice', text: 'When is the best time to sample a field?', options: [['Right after applying fertiliser', false], ['After harvest, before the next sowing', true], ['During heavy rain', false]] },
    { type: 'true_false', text: 'A Soil Health Card recommends fertiliser doses for your crop.', options: [['True', true], ['False', false]] },
    { type: 'short_answer', text: 'How deep is the V-cut pit, in cm? (number only)', accepted: ['15'] },
    { type: 'essay', text: 'Describe how you would sample your own largest plot: where you would walk, how many cores, and what you would avoid.', points: 4 },
  ],
};

async function insertQuiz(q: Queryable, courseId: string, lessonId: string | null, quiz: DemoQuiz, position: number): Promise<string> {
  const id = newId();
  await q.query(
    `INSERT INTO quizzes (id, course_id, lesson_id, title, description, passing_score, time_limit_minutes, shuffle_questions, show_correct_answers, max_attempts, is_required, position)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,true,$9,$10,$11)`,
    [id, courseId, lessonId, quiz.title, quiz.description ?? null, quiz.passingScore, quiz.timeLimitMinutes ?? null, quiz.shuffle ?? false,
      quiz.maxAttempts ?? null, quiz.isRequired ?? true, position],
  );
  for (const [i, x] of quiz.questions.entries()) {
    const options = 'options' in x ? x.options.map(([text, isCorrect]) => ({ id: newOptionId(), text, isCorrect })) : [];
    await q.query(
      `INSERT INTO quiz_questions (id, quiz_id, type, text, options, accepted_answers, points, position, explanation) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [newId(), id, x.type, x.text, JSON.stringify(options), JSON.stringify('accepted' in x ? x.accepted : []), x.points ?? 1, i,
        'explanation' in x ? x.explanation ?? null : null],
    );
  }
  if (lessonId) await q.query(`UPDATE lessons SET quiz_id = $1 WHERE id = $2`, [id, lessonId]);
  return id;
}

/**
 * Demo quizzes for every quiz lesson, an all-question-types reflection quiz, and the demo learner
 * (`learner`) enrolled in the free soil-testing course with one lesson done and a video half
 * watched, so the lesson player has something to resume.
 */
export const learningSeeder: Seeder = async (ctx) => {
  const { q } = ctx;
  for (const [key, quiz] of Object.entries(LESSON_QUIZZES)) {
    const courseId = ctx.courses.get(key);
    const lesson = ctx.lessons.get(key)?.find((l) => l.type === 'quiz');
    if (!courseId || !lesson) continue;
    await insertQuiz(q, courseId, lesson.id, quiz, 0);
  }
  const soilId = ctx.courses.get('soil-testing')!;
  await insertQuiz(q, soilId, null, SOIL_REFLECTION, 1);

  const lessons = ctx.lessons.get('soil-testing')!;
  const learner = ctx.users.learner;
  await q.query(
    `INSERT INTO enrollments (id, user_id, course_id, access_type, status, progress_percent, lessons_completed, last_accessed_at)
     VALUES ($1, $2, $3, 'free', 'in_progress', 20, 1, now())`,
    [newId(), learner, soilId],
  );
  await q.query(`UPDATE courses SET enrolled_count = enrolled_count + 1 WHERE id = $1`, [soilId]);
  await q.query(
    `INSERT INTO lesson_progress (user_id, lesson_id, course_id, status, time_spent_seconds, video_position_seconds, video_percent, last_watched_at, completed_at)
     VALUES ($1, $2, $3, 'completed', 360, 60, 100, now() - interval '1 day', now() - interval '1 day'),
            ($1, $4, $3, 'in_progress', 200, 200, 37, now(), NULL)`,
    [learner, lessons[0].id, soilId, lessons[2].id],
  );
};
