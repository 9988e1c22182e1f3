import type { Seeder } from './demo.js';
import { rewardsSeeder } from './demo-rewards.js';
import { learningSeeder } from './demo-learning.js';
import { bookingSeeder } from './demo-booking.js';

/**
 * Seed steps that run after the core catalogue, in order. Modules add theirs here
 * (quizzes and badges, roadmaps, instructor slots).
 */
export const demoSeeders: Seeder[] = [learningSeeder, rewardsSeeder, bookingSeeder];

export { seedDemo, DEMO_ACCOUNTS, DEMO_PUBLISHABLE_KEY, DEMO_ORIGINS } from './demo.js';
export type { Seeder, SeedContext, DemoSeedResult, DemoSeedOptions } from './demo.js';
