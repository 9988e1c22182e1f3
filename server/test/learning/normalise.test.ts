import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gradeAnswer, normaliseAnswer, scoreAnswers, type QuestionRow } from '../../src/shared-sql/quizzes.js';

test('normaliseAnswer: case, whitespace, NFC, punctuation, Devanagari digits', () => {
  assert.equal(normaliseAnswer('  V-Cut. '), normaliseAnswer('v cut'));
  assert.equal(normaliseAnswer('vcut'), normaliseAnswer('V-CUT!'));
  assert.equal(normaliseAnswer('१६'), '16');
  assert.equal(normaliseAnswer('४०,००० लीटर।'), normaliseAnswer('40000 लीटर'));
  assert.equal(normaliseAnswer('2.5'), '2.5');
  assert.notEqual(normaliseAnswer('2.5'), normaliseAnswer('25'));
  // NFC: a precomposed é and e + combining acute match.
  assert.equal(normaliseAnswer('caf\u00e9'), normaliseAnswer('cafe\u0301'));
  // Devanagari vowel signs are letters, not punctuation: they must survive.
  assert.equal(normaliseAnswer('ट्रायकोडर्मा'), 'ट्रायकोडर्मा'.normalize('NFC'));
  assert.notEqual(normaliseAnswer('कम'), normaliseAnswer('काम'));
});

const q = (over: Partial<QuestionRow>): QuestionRow => ({
  id: 'q', quiz_id: 'z', type: 'short_answer', text: '', options: [], accepted_answers: [], points: 2, position: 0, explanation: null, difficulty: 'medium', ...over,
});

test('gradeAnswer: each type; blanks earn nothing; essays wait', () => {
  const mc = q({ type: 'multiple_choice', options: [{ id: 'a', text: 'A', isCorrect: false }, { id: 'b', text: 'B', isCorrect: true }] });
  assert.deepEqual([gradeAnswer(mc, { questionId: 'q', optionId: 'b' }).pointsEarned, gradeAnswer(mc, { questionId: 'q', optionId: 'a' }).pointsEarned], [2, 0]);
  assert.equal(gradeAnswer(mc, { questionId: 'q', optionId: 'zzz' }).isCorrect, false);
  const sa = q({ accepted_answers: ['Pink bollworm'] });
  assert.equal(gradeAnswer(sa, { questionId: 'q', text: 'pink  bollworm.' }).isCorrect, true);
  assert.equal(gradeAnswer(sa, { questionId: 'q', text: 'bollworm' }).isCorrect, false);
  assert.equal(gradeAnswer(sa, { questionId: 'q', text: '...' }).isCorrect, false);
  assert.deepEqual(gradeAnswer(q({ type: 'essay' }), { questionId: 'q', text: 'An answer' }).pointsEarned, null);
  assert.deepEqual(gradeAnswer(q({ type: 'essay' }), { questionId: 'q', text: '  ' }).pointsEarned, 0);
  assert.deepEqual(gradeAnswer(q({ type: 'essay' }), undefined).isCorrect, false);
});

test('scoreAnswers: pending while any essay waits; pass at the passing score', () => {
  assert.deepEqual(scoreAnswers([{ points_earned: 1, max_points: 1 }, { points_earned: null, max_points: 2 }], 3, 50), { status: 'pending_review', score: null, percentage: null, passed: null });
  assert.deepEqual(scoreAnswers([{ points_earned: 2, max_points: 2 }, { points_earned: 0, max_points: 1 }], 3, 67), { status: 'graded', score: 2, percentage: 66.67, passed: false });
  assert.equal(scoreAnswers([{ points_earned: 2, max_points: 2 }, { points_earned: 0, max_points: 1 }], 3, 66).passed, true);
});
