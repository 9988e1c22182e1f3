import type { Db, Queryable } from '../db/types.js';
import { newId, sha256 } from '../core/ids.js';
import { hashPassword } from '../core/password.js';
import { searchText } from '../shared-sql/courses.js';
import { insertSite, insertSiteKey, newSiteKey } from '../shared-sql/sites.js';
import { DEMO_ARTICLES, DEMO_COURSES, DEMO_VIDEOS } from './demo-data.js';

/** The demo partner site's publishable key. */
export const DEMO_PUBLISHABLE_KEY = 'pk_test_furrow_demo';
/** Origins the demo key is allowed from. */
export const DEMO_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*'];
/** Demo accounts (built-in login). Passwords are for the local demo only. */
export const DEMO_ACCOUNTS = {
  admin: { email: 'admin@furrow.demo', password: 'furrow-admin-demo', name: 'Furrow Admin', role: 'admin' },
  sunita: { email: 'sunita@furrow.demo', password: 'furrow-teach-demo', name: 'Dr. Sunita Patil', role: 'instructor', bio: 'Soil scientist, 20 years with Krishi Vigyan Kendras in Maharashtra.', timeZone: 'Asia/Kolkata' },
  rajesh: { email: 'rajesh@furrow.demo', password: 'furrow-teach-demo', name: 'Rajesh Kumar', role: 'instructor', bio: 'Irrigation engineer and farm machinery trainer from Madhya Pradesh.', timeZone: 'Asia/Kolkata' },
  learner: { email: 'learner@furrow.demo', password: 'furrow-learn-demo', name: 'Asha Jadhav', role: 'student', timeZone: 'Asia/Kolkata' },
} as const;

/** What later seed steps can refer to. */
export interface SeedContext {
  q: Queryable;
  now: Date;
  users: Record<keyof typeof DEMO_ACCOUNTS, string>;
  siteId: string;
  /** Course id by demo key. */
  courses: Map<string, string>;
  /** Lessons by course key, in order. */
  lessons: Map<string, { id: string; type: string; title: string }[]>;
}

/** A seed step run after the core catalogue (quizzes, badges, roadmaps, slots, …). */
export type Seeder = (ctx: SeedContext) => Promise<void>;

/** Result of {@link seedDemo}. */
export interface DemoSeedResult {
  seeded: boolean;
  publishableKey: string;
  /** The demo site's secret key: the one passed in when it still works, else a new one (only its hash is stored). */
  secretKey: string;
  accounts: typeof DEMO_ACCOUNTS;
}

/** Options of {@link seedDemo}. */
export interface DemoSeedOptions {
  /**
   * The secret key an earlier run printed (the CLI keeps it in `<data-dir>/demo-secret-key`).
   * Kept while it works, so a partner backend pointed at the demo survives restarts; without it
   * (or when it no longer works) a new one is minted.
   */
  secretKey?: string | null;
}

/**
 * Loads the demo catalogue once (idempotent) and returns the demo site's keys.
 *
 * @example
 * ```ts
 * const { secretKey } = await seedDemo(db, [learningSeeder, bookingSeeder], { secretKey: saved });
 * ```
 */
export async function seedDemo(db: Db, seeders: Seeder[] = [], opts: DemoSeedOptions = {}): Promise<DemoSeedResult> {
  const given = opts.secretKey?.startsWith('sk_') ? opts.secretKey : null;
  const existing = await db.query<{ site_id: string }>(`SELECT site_id FROM site_keys WHERE publishable_key = $1`, [DEMO_PUBLISHABLE_KEY]);
  if (existing.rows[0]) {
    const secretKey = await demoSecretKey(db, existing.rows[0].site_id, given);
    return { seeded: false, publishableKey: DEMO_PUBLISHABLE_KEY, secretKey, accounts: DEMO_ACCOUNTS };
  }
  const secretKey = given ?? newSiteKey('secret', 'test');
  const hashes = Object.fromEntries(
    await Promise.all(Object.entries(DEMO_ACCOUNTS).map(async ([k, a]) => [k, await hashPassword(a.password)] as const)),
  ) as Record<keyof typeof DEMO_ACCOUNTS, string>;
  await db.tx(async (q) => {
    const now = new Date();
    const { siteId } = await insertSite(q, { name: 'Furrow demo co-operative', allowedOrigins: DEMO_ORIGINS, publishableKey: DEMO_PUBLISHABLE_KEY, secretKey, mode: 'test',
      // The demo site is the operator's own: its catalogue is shared with every site, and its
      // secret key may sign in instructors (the examples' studio).
      sharesContent: true, maxEmbedRole: 'instructor' });
    const users = {} as Record<keyof typeof DEMO_ACCOUNTS, string>;
    for (const [key, a] of Object.entries(DEMO_ACCOUNTS) as [keyof typeof DEMO_ACCOUNTS, (typeof DEMO_ACCOUNTS)[keyof typeof DEMO_ACCOUNTS]][]) {
      users[key] = newId();
      await q.query(
        `INSERT INTO users (id, site_id, email, name, role, password_hash, email_confirmed, bio, time_zone) VALUES ($1, $2, $3, $4, $5, $6, true, $7, $8)`,
        [users[key], siteId, a.email, a.name, a.role, hashes[key], 'bio' in a ? a.bio : null, 'timeZone' in a ? a.timeZone : 'Asia/Kolkata'],
      );
    }
    const ctx: SeedContext = { q, now, users, siteId, courses: new Map(), lessons: new Map() };
    await seedCatalog(ctx);
    for (const s of seeders) await s(ctx);
    await q.query(`UPDATE catalog_state SET version = version + 1 WHERE id = 1`);
  });
  return { seeded: true, publishableKey: DEMO_PUBLISHABLE_KEY, secretKey, accounts: DEMO_ACCOUNTS };
}

/** `given` when it is a working secret key of the demo site; otherwise a new key, stored. */
async function demoSecretKey(db: Db, siteId: string, given: string | null): Promise<string> {
  if (given) {
    const r = await db.query(
      `SELECT 1 FROM site_keys WHERE site_id = $1 AND secret_hash = $2 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
      [siteId, sha256(given)],
    );
    if (r.rows.length) return given;
  }
  const fresh = newSiteKey('secret', 'test');
  await db.tx((q) => insertSiteKey(q, siteId, fresh));
  return fresh;
}

async function seedCatalog(ctx: SeedContext): Promise<void> {
  const { q, users } = ctx;
  let minute = 0;
  for (const c of DEMO_COURSES) {
    const id = newId();
    ctx.courses.set(c.key, id);
    const instructorId = users[c.instructor];
    const instructorName = DEMO_ACCOUNTS[c.instructor].name;
    const duration = c.sections.flatMap((s) => s.lessons).reduce((n, l) => n + l.minutes, 0);
    // Stagger publication so "newest" has a stable order.
    const publishedAt = new Date(ctx.now.getTime() - (DEMO_COURSES.length - minute++) * 86_400_000);
    await q.query(
      `INSERT INTO courses (id, instructor_id, title, description, category, level, languages, duration_minutes, thumbnail_emoji,
         price_amount, currency, discount_percent, status, rating_avg, rating_count, enrolled_count, completed_count, search_text, published_at, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,'published',$13,$14,$15,$16,$17,$18,$18)`,
      [id, instructorId, c.title, c.description, c.category, c.level, c.languages, duration, c.emoji, c.price, c.currency, c.discount ?? 0,
        c.rating, c.ratingCount, c.enrolled, Math.round(c.enrolled * 0.38), searchText(c.title, c.description, c.category, c.level, instructorName), publishedAt],
    );
    const lessons: { id: string; type: string; title: string }[] = [];
    for (const [si, s] of c.sections.entries()) {
      const sectionId = newId();
      await q.query(`INSERT INTO sections (id, course_id, title, status, position) VALUES ($1, $2, $3, 'public', $4)`, [sectionId, id, s.title, si]);
      for (const [li, l] of s.lessons.entries()) {
        const lessonId = newId();
        lessons.push({ id: lessonId, type: l.type, title: l.title });
        await q.query(
          `INSERT INTO lessons (id, course_id, section_id, title, description, position, duration_minutes, content_type, status, is_required, video, body)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
          [lessonId, id, sectionId, l.title, null, li, l.minutes, l.type, l.status ?? 'public', l.status !== 'private',
            l.video ? JSON.stringify(l.video) : null, l.body ?? null],
        );
      }
    }
    ctx.lessons.set(c.key, lessons);
    if (c.price > 0) {
      const productId = newId();
      await q.query(
        `INSERT INTO products (id, name, description, price_amount, currency, discount_percent, status) VALUES ($1,$2,$3,$4,$5,$6,'public')`,
        [productId, c.title, c.description, c.price, c.currency, c.discount ?? 0],
      );
      await q.query(`INSERT INTO course_products (course_id, product_id) VALUES ($1, $2)`, [id, productId]);
    }
  }
  // A bundle: two INR irrigation and soil courses together.
  const bundleId = newId();
  await q.query(
    `INSERT INTO products (id, name, description, price_amount, currency, discount_percent, status) VALUES ($1,$2,$3,$4,'INR',0,'public')`,
    [bundleId, 'Water & Soil Bundle / पानी और मिट्टी पैकेज', 'Drip irrigation + sugarcane water management + vermicompost, together.', 79900],
  );
  for (const key of ['drip-irrigation', 'sugarcane-water', 'organic-compost']) {
    await q.query(`INSERT INTO course_products (course_id, product_id) VALUES ($1, $2)`, [ctx.courses.get(key), bundleId]);
  }
  for (const a of DEMO_ARTICLES) {
    await q.query(
      `INSERT INTO articles (id, title, excerpt, content, category, author_id, author_name, read_time_minutes, languages, thumbnail_emoji, is_featured, search_text, published_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12, now())`,
      [newId(), a.title, a.excerpt, a.content, a.category, users.sunita, DEMO_ACCOUNTS.sunita.name, a.readTime, [...a.languages], a.emoji, a.featured,
        searchText(a.title, a.excerpt, a.content, a.category)],
    );
  }
  for (const v of DEMO_VIDEOS) {
    await q.query(
      `INSERT INTO videos (id, title, description, category, source, thumbnail_emoji, creator_id, creator_name, languages, level, transcript, search_text, published_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12, now())`,
      [newId(), v.title, v.description, v.category, JSON.stringify({ ...v.source, captions: [] }), v.emoji, users.rajesh, DEMO_ACCOUNTS.rajesh.name,
        [...v.languages], v.level, v.transcript, searchText(v.title, v.description, v.transcript, v.category)],
    );
  }
}
