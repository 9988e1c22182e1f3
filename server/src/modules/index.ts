import type { FurrowModule } from './module.js';
import { systemModule } from './system.js';
import { authModule } from './auth.js';
import { passwordResetModule } from './password-reset.js';
import { catalogModule } from './catalog.js';
import { authoringModule } from './authoring.js';
import { libraryModule } from './library.js';
import { materialsModule } from './materials.js';
import { learningModule } from './learning.js';
import { quizzesModule } from './quizzes.js';
import { attemptsModule } from './attempts.js';
import { certificatesModule } from './certificates.js';
import { rewardsModule } from './rewards.js';
import { roadmapsModule } from './roadmaps.js';
import { communityModule } from './community.js';
import { questionsModule } from './questions.js';
import { notificationsModule } from './notifications.js';
import { mailModule } from './mail.js';
import { checkoutModule } from './checkout.js';
import { commerceModule } from './commerce.js';
import { bookingModule } from './booking.js';
import { embedModule } from './embed.js';
import { jobsModule } from './jobs.js';
import { sitesModule } from './sites.js';

/**
 * Every server module, in registration order. Each module owns the handlers of some routes in
 * the table; a test asserts that together they cover all of it.
 */
export const modules: FurrowModule[] = [
  systemModule, authModule, passwordResetModule, catalogModule,
  authoringModule, libraryModule, materialsModule, learningModule, quizzesModule, attemptsModule, certificatesModule,
  rewardsModule, roadmapsModule, communityModule, questionsModule, notificationsModule,
  mailModule, checkoutModule, commerceModule, bookingModule,
  embedModule, jobsModule, sitesModule,
];
