import type { CourseDetail, Lesson } from '@furrow/schema';
import { FurrowError } from '../errors/furrow-error.js';
import type { OfflineStore } from './store.js';

/**
 * What downloading a course for offline use would take, to show the learner before asking.
 *
 * @example
 * ```ts
 * const plan = await client.lessons.downloadSize(courseId);
 * if (confirm(`Download ${plan.lessons} lessons (${Math.ceil(plan.bytes / 1e6)} MB)?`)) await client.lessons.download(courseId);
 * ```
 */
export interface DownloadPlan {
  courseId: string;
  /** Lessons the learner may open (locked ones have no content to keep). */
  lessons: number;
  /** Sum of the lessons' `downloadBytes`. */
  bytes: number;
  /** Free space the browser grants this origin, when it says. */
  available?: number;
  /** Whether `bytes` fits in `available` (true when unknown). */
  fits: boolean;
}

/**
 * The outcome of a download.
 *
 * @example
 * ```ts
 * const { lessons, persisted } = await client.lessons.download(courseId);
 * ```
 */
export interface DownloadResult {
  courseId: string;
  lessons: number;
  bytes: number;
  /** Whether the browser promised not to evict the data (`navigator.storage.persist()`). */
  persisted: boolean;
}

/**
 * Options of `lessons.download`.
 *
 * @example
 * ```ts
 * await client.lessons.download(courseId, { onProgress: (done, total) => bar.value = done / total });
 * ```
 */
export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

type Storage = { estimate?: () => Promise<StorageEstimate>; persist?: () => Promise<boolean> };
const storage = (): Storage | undefined => (globalThis.navigator as { storage?: Storage } | undefined)?.storage;

const openable = (course: CourseDetail): Lesson[] => course.sections.flatMap((s) => s.lessons).filter((l) => !l.locked);

/**
 * Plans a download from the course outline and the storage estimate.
 *
 * @example
 * ```ts
 * const plan = await planDownload(await client.courses.retrieve(id));
 * ```
 */
export async function planDownload(course: CourseDetail): Promise<DownloadPlan> {
  const lessons = openable(course);
  const bytes = lessons.reduce((n, l) => n + l.downloadBytes, 0);
  const est = await storage()?.estimate?.().catch(() => undefined);
  const available = est?.quota === undefined ? undefined : est.quota - (est.usage ?? 0);
  return { courseId: course.id, lessons: lessons.length, bytes, available, fits: available === undefined || bytes <= available };
}

/**
 * Keeps a course outline and its openable lessons in the store, pinned under the course id
 * so the cache never evicts them; asks for persistent storage first.
 *
 * @example
 * ```ts
 * await downloadCourse(store, course, (id) => client.lessons.retrieve(id));
 * ```
 */
export async function downloadCourse(
  store: OfflineStore,
  course: CourseDetail,
  fetchLesson: (id: string) => Promise<Lesson>,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const plan = await planDownload(course);
  if (!plan.fits) {
    throw new FurrowError(`Not enough storage to download course ${course.id}: needs ${plan.bytes} bytes, ${plan.available} free`, {
      code: 'storage_quota_exceeded',
    });
  }
  const persisted = (await storage()?.persist?.().catch(() => false)) ?? false;
  const pin = course.id;
  await store.put({ key: `/v1/courses/${encodeURIComponent(pin)}`, value: course, at: Date.now(), pin });
  const lessons = openable(course);
  let done = 0;
  for (const l of lessons) {
    options.signal?.throwIfAborted();
    const value = await fetchLesson(l.id);
    await store.put({ key: `/v1/lessons/${encodeURIComponent(l.id)}`, value, at: Date.now(), pin });
    options.onProgress?.(++done, lessons.length);
  }
  return { courseId: pin, lessons: done, bytes: plan.bytes, persisted };
}
