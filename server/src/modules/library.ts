import { defineHandlers } from '../core/context.js';
import { searchText } from '../shared-sql/courses.js';
import { audit } from '../shared-sql/audit.js';
import { catalogTx } from '../shared-sql/catalog-tx.js';
import { findUser } from '../shared-sql/users.js';
import { newId } from '../core/ids.js';
import { toArticle, toVideo } from './catalog.js';
import { defineModule } from './module.js';
import { contentSite } from '../core/tenancy.js';

const handlers = defineHandlers({
  'articles.create': async (ctx) => {
    const b = ctx.body;
    return catalogTx(ctx.services, async (q) => {
      const author = (await findUser(q, ctx.auth.user!.id))!;
      const r = await q.query(
        `INSERT INTO articles (id, title, excerpt, content, category, author_id, author_name, author_image_url, read_time_minutes, languages,
           source_type, source_url, thumbnail_emoji, is_featured, search_text, published_at, site_id)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15, now(), $16) RETURNING *`,
        [newId(), b.title, b.excerpt, b.content, b.category, author.id, author.name, author.image_url,
          // Reading speed of about 200 words a minute when the author gives no estimate.
          b.readTimeMinutes ?? Math.max(1, Math.round(b.content.split(/\s+/u).length / 200)), b.languages, b.sourceType ?? 'internal',
          b.sourceUrl ?? null, b.thumbnailEmoji ?? null, b.isFeatured ?? false, searchText(b.title, b.excerpt, b.content, b.category), contentSite(ctx.auth, b.shared)],
      );
      const article = toArticle(r.rows[0] as never);
      await audit(q, ctx, { entityName: 'article', entityId: article.id, action: 'create', newValues: b });
      return article;
    });
  },

  'videos.create': async (ctx) => {
    const b = ctx.body;
    return catalogTx(ctx.services, async (q) => {
      const creator = (await findUser(q, ctx.auth.user!.id))!;
      const source = { ...b.source, videoId: b.source.videoId ?? null, durationSeconds: b.source.durationSeconds ?? null, captions: b.source.captions ?? [] };
      const r = await q.query(
        `INSERT INTO videos (id, title, description, category, source, thumbnail_emoji, creator_id, creator_name, creator_image_url, languages, level,
           transcript, is_featured, search_text, published_at, site_id)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14, now(), $15) RETURNING *`,
        [newId(), b.title, b.description ?? null, b.category, JSON.stringify(source), b.thumbnailEmoji ?? null, creator.id, creator.name,
          creator.image_url, b.languages, b.level ?? null, b.transcript ?? null, b.isFeatured ?? false,
          searchText(b.title, b.description, b.transcript, b.category), contentSite(ctx.auth, b.shared)],
      );
      const video = toVideo(r.rows[0] as never);
      await audit(q, ctx, { entityName: 'video', entityId: video.id, action: 'create', newValues: b });
      return video;
    });
  },
});

/** Publishing library articles and videos (instructors and admins). */
export const libraryModule = defineModule({ name: 'library', handlers });
