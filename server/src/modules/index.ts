import type { FurrowModule } from './module.js';
import { systemModule } from './system.js';
import { authModule } from './auth.js';
import { catalogModule } from './catalog.js';
import { rewardsModule } from './rewards.js';
import { roadmapsModule } from './roadmaps.js';
import { communityModule } from './community.js';
import { questionsModule } from './questions.js';
import { notificationsModule } from './notifications.js';
import { mailModule } from './mail.js';
import { checkoutModule } from './checkout.js';
import { commerceModule } from './commerce.js';
import { bookingModule } from './booking.js';

/**
 * Every server module, in registration order. Each module owns the handlers of some routes in
 * the table; a test asserts that together they cover all of it.
 */
export const modules: FurrowModule[] = [
  systemModule, authModule, catalogModule,
  rewardsModule, roadmapsModule, communityModule, questionsModule, notificationsModule,
  mailModule, checkoutModule, commerceModule, bookingModule,
];
