import { ERROR_CODES, type CourseMaterial } from '@furrow/schema';
import { defineHandlers } from '../core/context.js';
import { badField, HttpError, notFound } from '../core/errors.js';
import { RawResponse } from '../core/raw.js';
import type { Services } from '../core/services.js';
import { courseVisible, findCourse, viewerOf } from '../shared-sql/courses.js';
import { audit } from '../shared-sql/audit.js';
import { authorCourse } from '../shared-sql/scope.js';
import { catalogTx } from '../shared-sql/catalog-tx.js';
import { localDiskStorage, type FileStorage } from '../core/file-storage.js';
import { newId } from '../core/ids.js';
import { isoNN } from '../core/time.js';
import { defineModule } from './module.js';

interface MaterialRow {
  id: string; course_id: string; title: string; description: string | null; file_name: string; content_type: string;
  file_size_bytes: number; storage_key: string; position: number; is_free: boolean; created_at: Date; updated_at: Date;
}

function toMaterial(r: MaterialRow): CourseMaterial {
  return {
    id: r.id, courseId: r.course_id, title: r.title, description: r.description, fileName: r.file_name, contentType: r.content_type,
    fileSizeBytes: r.file_size_bytes, order: r.position, isFree: r.is_free, downloadUrl: `/v1/materials/${r.id}/download`,
    createdAt: isoNN(r.created_at), updatedAt: isoNN(r.updated_at),
  };
}

/** The file store installed at start (`services.storage`). */
export function storageOf(services: Services): FileStorage {
  if (!services.storage) throw new Error('File storage is not initialised (materials module not registered)');
  return services.storage;
}

/**
 * Leading bytes of the binary types we accept. A file claiming one of these types must start
 * with them, so a renamed HTML page cannot pass as a PDF. Text, CSV and media are not sniffed.
 */
const MAGIC: Record<string, (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};

/** `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266). */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

const handlers = defineHandlers({
  'materials.upload': async (ctx) => {
    const course = await authorCourse(ctx.services.db, ctx.auth, ctx.params.id);
    const bytes = ctx.rawBody ?? Buffer.alloc(0);
    if (bytes.length === 0) throw badField(['body'], 'The file is empty');
    const contentType = (ctx.req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (MAGIC[contentType] && !MAGIC[contentType](bytes)) {
      throw new HttpError(415, ERROR_CODES.unsupportedMediaType, `The file's bytes are not ${contentType}`);
    }
    const store = storageOf(ctx.services);
    const id = newId();
    // The key holds no user input (file names travel in the row only).
    const key = `materials/${course.id}/${id}`;
    await store.put(key, bytes);
    try {
      return await catalogTx(ctx.services, async (q) => {
        const qy = ctx.query;
        const r = await q.query<MaterialRow>(
          `INSERT INTO course_materials (id, course_id, title, description, file_name, content_type, file_size_bytes, storage_key, position, is_free)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8, COALESCE($9, (SELECT COALESCE(max(position) + 1, 0) FROM course_materials WHERE course_id = $2)), $10)
           RETURNING *`,
          [id, course.id, qy.title, qy.description ?? null, qy.fileName, contentType, bytes.length, key, qy.order ?? null, qy.isFree === 'true'],
        );
        const m = toMaterial(r.rows[0]);
        await audit(q, ctx, { entityName: 'course_material', entityId: id, action: 'create', newValues: m });
        return m;
      });
    } catch (err) {
      await store.delete(key).catch(() => {});
      throw err;
    }
  },

  'materials.list': async (ctx) => {
    const db = ctx.services.db;
    const course = await findCourse(db, ctx.params.id);
    if (!course || !courseVisible(course, await viewerOf(db, ctx.auth, course))) throw notFound('Course');
    const r = await db.query<MaterialRow>(`SELECT * FROM course_materials WHERE course_id = $1 ORDER BY position, created_at, id`, [course.id]);
    return { data: r.rows.map(toMaterial) };
  },

  'materials.download': async (ctx) => {
    const db = ctx.services.db;
    const r = await db.query<MaterialRow>(`SELECT * FROM course_materials WHERE id = $1`, [ctx.params.id]);
    const m = r.rows[0];
    if (!m) throw notFound('Material');
    const course = (await findCourse(db, m.course_id))!;
    const v = await viewerOf(db, ctx.auth, course);
    if (!courseVisible(course, v)) throw notFound('Material');
    if (!m.is_free && !v.hasAccess) {
      if (!v.user) throw new HttpError(401, ERROR_CODES.unauthenticated, 'Sign in and enrol in the course to download this material');
      throw new HttpError(403, ERROR_CODES.notEnrolled, 'Enrol in the course to download this material');
    }
    const bytes = await storageOf(ctx.services).get(m.storage_key);
    if (!bytes) throw notFound('Material file');
    return new RawResponse(200, bytes, {
      'content-type': m.content_type,
      'content-disposition': attachment(m.file_name),
      'x-content-type-options': 'nosniff',
      // Paid material must not sit in shared caches.
      'cache-control': m.is_free ? 'public, max-age=300' : 'private, no-store',
    });
  },

  'materials.delete': async (ctx) => {
    const key = await catalogTx(ctx.services, async (q) => {
      const r = await q.query<MaterialRow>(`SELECT * FROM course_materials WHERE id = $1`, [ctx.params.id]);
      const m = r.rows[0];
      if (!m) throw notFound('Material');
      await authorCourse(q, ctx.auth, m.course_id, 'Material');
      await q.query(`DELETE FROM course_materials WHERE id = $1`, [m.id]);
      await audit(q, ctx, { entityName: 'course_material', entityId: m.id, action: 'delete', oldValues: toMaterial(m) });
      return m.storage_key;
    });
    // After commit: a failed delete leaves an orphan file, never a row without its file.
    await storageOf(ctx.services).delete(key).catch(() => {});
    return { ok: true as const };
  },
});

/** Course materials: upload (raw bytes), list, download with access checks, delete. */
export const materialsModule = defineModule({
  name: 'materials',
  handlers,
  async init(services) {
    // Tests and multi-instance deployments may install their own store first.
    services.storage ??= localDiskStorage(services.uploadsDir);
  },
});
