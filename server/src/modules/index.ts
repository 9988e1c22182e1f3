import type { FurrowModule } from './module.js';
import { systemModule } from './system.js';
import { authModule } from './auth.js';
import { catalogModule } from './catalog.js';

/**
 * Every server module, in registration order. Each module owns the handlers of some routes in
 * the table; a test asserts that together they cover all of it.
 */
export const modules: FurrowModule[] = [systemModule, authModule, catalogModule];
