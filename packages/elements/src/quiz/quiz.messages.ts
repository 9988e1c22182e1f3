import { defineMessages } from '../lib/i18n.js';

const en = {
  questions: '{count} questions',
  questionsOne: '{count} question',
  passMark: 'Pass mark: {percent}%',
  timeLimit: 'Time limit: {time}',
  attemptsLeft: 'Attempts left: {count}',
  start: 'Start quiz',
  resume: 'Continue quiz',
  signInToStart: 'Sign in to take this quiz. Your answers and score are saved to your account.',
  questionOf: 'Question {n} of {total}',
  points: '{count} points',
  pointsOne: '{count} point',
  answer: 'Your answer',
  previous: 'Previous question',
  next: 'Next question',
  submit: 'Submit answers',
  submitting: 'Sending your answers…',
  timeLeft: 'Time left',
  oneMinute: 'One minute left. Your answers will be sent when the time is up.',
  timeUp: 'Time is up. Sending your answers.',
  queued: 'You are offline. Your answers are saved and will be sent when you are back online.',
  passed: 'Passed',
  failed: 'Not passed yet',
  pendingReview: 'Submitted. Your instructor will grade the written answers.',
  score: 'Score: {score} of {max} ({percent}%)',
  yourAnswer: 'Your answer: {answer}',
  noAnswer: 'No answer',
  correct: 'Correct',
  incorrect: 'Incorrect',
  correctAnswer: 'Correct answer: {answer}',
  explanation: 'Why: {text}',
  feedback: 'Instructor feedback: {text}',
  retryQuiz: 'Try the quiz again',
  noAttemptsLeft: 'No attempts left.',
  late: 'Sent after the time limit: late answers count as unanswered.',
  results: 'Quiz result',
};

/** Every key of the catalog below; every `locales/quiz.<locale>.ts` must translate each one. */
export type Strings = Record<keyof typeof en, string>;

/** Strings of `<furrow-quiz>`: English inline, the other locales loaded on demand. */
export const quizMessages = defineMessages(en, (locale) => import(`./locales/quiz.${locale}.js`));
