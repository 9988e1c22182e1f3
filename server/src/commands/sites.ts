/**
 * `furrow-server sites …`: create partner sites and print their keys once, list and show them,
 * change their origins, roll their keys, suspend, resume and delete them — on the database
 * directly, or through a running server's operator API (see `target.ts`).
 */
import type { CreateSiteAdminResponse, Page, RotateKeyResponse, Site, SiteKeyKind } from '@furrow/schema';
import { CreateSiteRequest, Currency, EmbedRole, Locale, OriginPattern, UpdateSiteRequest } from '@furrow/schema';
import { hashPassword } from '../core/password.js';
import type { Db } from '../db/types.js';
import { createSite, createSiteAdmin, deleteSite, listSites, loadSite, oneTimePassword, rotateKey, updateSite } from '../modules/sites.queries.js';
import { openTarget, type RemoteOptions, type Target } from './target.js';

/** The options `sites` commands read. */
export interface SitesArgs extends RemoteOptions {
  name?: string;
  origin?: string[];
  'admin-email'?: string;
  'admin-name'?: string;
  locale?: string;
  currency?: string;
  kind?: string;
  'expire-old-in'?: string;
  'max-embed-role'?: string;
  'shares-content'?: string;
  json?: boolean;
}

/** The operations of a `sites` command, on either target. */
interface SitesBackend {
  list(): Promise<Site[]>;
  show(id: string): Promise<Site>;
  create(body: CreateSiteRequest): Promise<Site>;
  update(id: string, body: UpdateSiteRequest): Promise<Site>;
  rotate(id: string, kind: SiteKeyKind, expireOldInSeconds: number): Promise<RotateKeyResponse>;
  remove(id: string): Promise<Site>;
  createAdmin(id: string, email: string, name?: string): Promise<CreateSiteAdminResponse>;
}

/** Every site, page after page. */
async function allPages(page: (cursor: string | undefined) => Promise<Page<Site>>): Promise<Site[]> {
  const out: Site[] = [];
  for (let cursor: string | undefined; ;) {
    const p = await page(cursor);
    out.push(...p.data);
    if (!p.nextCursor) return out;
    cursor = p.nextCursor;
  }
}

function directBackend(db: Db): SitesBackend {
  const tx = <T>(fn: (q: Parameters<Parameters<Db['tx']>[0]>[0], now: Date) => Promise<T>) => db.tx((q) => fn(q, new Date()));
  return {
    list: () => allPages((cursor) => listSites(db, { limit: 100, cursor }, new Date())),
    async show(id) {
      const s = await loadSite(db, id, new Date());
      if (!s) throw new Error(`No site ${id}`);
      return s;
    },
    create: (body) => tx((q, now) => createSite(q, null, body, now)),
    update: (id, body) => tx((q, now) => updateSite(q, null, id, body, now)),
    rotate: (id, kind, secs) => tx((q, now) => rotateKey(q, null, id, kind, secs, now)),
    remove: (id) => tx((q, now) => deleteSite(q, null, id, now)),
    async createAdmin(id, email, name) {
      const password = oneTimePassword();
      const hash = await hashPassword(password);
      const user = await tx((q, now) => createSiteAdmin(q, null, id, { email, name }, hash, now));
      return { user, password };
    },
  };
}

function remoteBackend(api: Extract<Target, { kind: 'remote' }>['api']): SitesBackend {
  const site = (id: string) => `/v1/sites/${encodeURIComponent(id)}`;
  return {
    list: () => allPages((cursor) => api.json<Page<Site>>('GET', `/v1/sites?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)),
    show: (id) => api.json('GET', site(id)),
    create: (body) => api.json('POST', '/v1/sites', body),
    update: (id, body) => api.json('PATCH', site(id), body),
    rotate: (id, kind, secs) => api.json('POST', `${site(id)}/keys`, { kind, expireOldInSeconds: secs }),
    remove: (id) => api.json('DELETE', site(id)),
    createAdmin: (id, email, name) => api.json('POST', `${site(id)}/admins`, { email, ...(name ? { name } : {}) }),
  };
}

/**
 * Parses a duration: `90` or `90s`, `30m`, `24h`, `7d`.
 *
 * @example
 * ```ts
 * parseDuration('24h'); // 86400
 * ```
 */
export function parseDuration(v: string): number {
  const m = /^(\d+)\s*(s|m|h|d)?$/.exec(v.trim());
  if (!m) throw new Error(`--expire-old-in expects a duration such as 0, 90s, 30m, 24h or 7d, got "${v}"`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[(m[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
}

const USAGE = `furrow-server sites <command>
  create --name NAME --origin ORIGIN [--origin …] [--admin-email E [--admin-name N]] [--locale hi] [--currency INR]
         [--max-embed-role student|instructor|admin] [--shares-content yes|no]
  update <id> [--name N] [--locale hi] [--currency INR] [--max-embed-role student|instructor|admin] [--shares-content yes|no]
  list
  show <id>
  add-origin <id> <origin>        remove-origin <id> <origin>
  rotate-key <id> --kind secret|publishable [--expire-old-in 24h]
  suspend <id>    resume <id>    delete <id>
Every command takes --json, and --url / --email (+ FURROW_OPERATOR_PASSWORD) or FURROW_OPERATOR_TOKEN to go through a running server.`;

/** Runs `furrow-server sites <sub> …`. */
export async function sitesCommand(dataDir: string, positionals: string[], a: SitesArgs): Promise<void> {
  const [sub, id, extra] = positionals;
  if (!sub) throw new Error(USAGE);
  const check = () => {
    if (!id) throw new Error(`sites ${sub} needs a site id\n\n${USAGE}`);
    return id;
  };
  const body = sub === 'create' ? createBody(a) : null;
  const target = await openTarget(dataDir, a, `sites ${sub}`);
  const b = target.kind === 'direct' ? directBackend(target.db) : remoteBackend(target.api);
  const out = (value: unknown, text: () => string) => console.log(a.json ? JSON.stringify(value, null, 2) : text());
  try {
    switch (sub) {
      case 'create': {
        const site = await b.create(body!);
        const rolled = await b.rotate(site.id, 'secret', 0);
        // The keys are printed even if the admin cannot be made (an email already taken): they are shown only now.
        let admin: CreateSiteAdminResponse | null = null;
        let adminError: string | null = null;
        if (a['admin-email']) admin = await b.createAdmin(site.id, a['admin-email'], a['admin-name']).catch((e: Error) => ((adminError = e.message), null));
        const publishableKey = rolled.site.keys.find((k) => k.kind === 'publishable')!.key!;
        out({ site: rolled.site, publishableKey, secretKey: rolled.secret, admin }, () => created(rolled.site, publishableKey, rolled.secret, admin));
        if (adminError) throw new Error(`The site was created, but not its admin: ${adminError}`);
        return;
      }
      case 'list': {
        const sites = await b.list();
        return out(sites, () => (sites.length ? sites.map(summary).join('\n') : 'No sites yet: furrow-server sites create --name … --origin …'));
      }
      case 'show': {
        const site = await b.show(check());
        return out(site, () => detail(site));
      }
      case 'add-origin': case 'remove-origin': {
        if (!extra) throw new Error(`sites ${sub} <id> <origin>`);
        const origin = sub === 'add-origin' ? OriginPattern.parse(extra) : extra;
        const site = await b.update(check(), sub === 'add-origin' ? { addOrigins: [origin] } : { removeOrigins: [origin] });
        return out(site, () => detail(site));
      }
      case 'rotate-key': {
        const kind = a.kind === 'secret' || a.kind === 'publishable' ? a.kind : null;
        if (!kind) throw new Error('sites rotate-key <id> --kind secret|publishable [--expire-old-in 24h]');
        const r = await b.rotate(check(), kind, parseDuration(a['expire-old-in'] ?? '0'));
        return out(r, () => rotated(r));
      }
      case 'update': {
        const site = await b.update(check(), updateBody(a));
        return out(site, () => detail(site));
      }
      case 'suspend': case 'resume': {
        const site = await b.update(check(), { status: sub === 'suspend' ? 'suspended' : 'active' });
        return out(site, () => `${site.name} is ${site.status === 'active' ? 'active again' : 'suspended: its keys are refused on every instance within 1 s'}.\n\n${detail(site)}`);
      }
      case 'delete': {
        const site = await b.remove(check());
        return out(site, () => `${site.name} deleted: its keys are revoked.`);
      }
      default:
        throw new Error(`Unknown sites command "${sub}".\n\n${USAGE}`);
    }
  } finally {
    await target.close();
  }
}

function createBody(a: SitesArgs): CreateSiteRequest {
  if (!a.name || !a.origin?.length) throw new Error(`sites create needs --name and at least one --origin\n\n${USAGE}`);
  const r = CreateSiteRequest.safeParse({ name: a.name, allowedOrigins: a.origin, ...siteSettings(a) });
  if (!r.success) throw new Error(r.error.issues.map((i) => `${i.path.join('.') || 'site'}: ${i.message}`).join('\n'));
  return r.data;
}

function updateBody(a: SitesArgs): UpdateSiteRequest {
  const r = UpdateSiteRequest.safeParse({ ...(a.name ? { name: a.name } : {}), ...siteSettings(a) });
  if (!r.success) throw new Error(r.error.issues.map((i) => `${i.path.join('.') || 'site'}: ${i.message}`).join('\n'));
  if (!Object.keys(r.data).length) throw new Error(`sites update needs at least one of --name, --locale, --currency, --max-embed-role, --shares-content\n\n${USAGE}`);
  return r.data;
}

/** The settings flags shared by `create` and `update`, as API fields. */
function siteSettings(a: SitesArgs): Partial<CreateSiteRequest> {
  const yes = (v: string) => {
    if (/^(yes|true|on|1)$/i.test(v)) return true;
    if (/^(no|false|off|0)$/i.test(v)) return false;
    throw new Error(`--shares-content expects yes or no, got "${v}"`);
  };
  return {
    ...(a.locale ? { defaultLocale: Locale.parse(a.locale) } : {}),
    ...(a.currency ? { defaultCurrency: Currency.parse(a.currency.toUpperCase()) } : {}),
    ...(a['max-embed-role'] ? { maxEmbedRole: EmbedRole.parse(a['max-embed-role']) } : {}),
    ...(a['shares-content'] !== undefined ? { sharesContent: yes(a['shares-content']) } : {}),
  };
}

const when = (t: string | null) => (t ? t.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : 'never');

function keyLine(k: Site['keys'][number]): string {
  const life = k.state === 'expiring' ? `works until ${when(k.expiresAt)}` : k.state === 'expired' ? `expired ${when(k.expiresAt)}` : k.state === 'revoked' ? `revoked ${when(k.revokedAt)}` : 'active';
  return `    ${k.kind.padEnd(11)} ${(k.key ?? k.hint).padEnd(44)} ${life.padEnd(36)} last used ${when(k.lastUsedAt)}`;
}

function detail(s: Site): string {
  return [
    `${s.name}  (${s.id})`,
    `  status:   ${s.deletedAt ? `deleted ${when(s.deletedAt)}` : s.status}`,
    `  origins:  ${s.allowedOrigins.join(', ') || '(none: server-to-server only)'}`,
    `  defaults: locale ${s.defaultLocale}, currency ${s.defaultCurrency}`,
    `  embed tokens up to: ${s.maxEmbedRole}    shares content with every site: ${s.sharesContent ? 'yes' : 'no'}`,
    `  keys:`,
    ...s.keys.map(keyLine),
  ].join('\n');
}

function summary(s: Site): string {
  const live = s.keys.filter((k) => k.state === 'active' || k.state === 'expiring');
  return `${s.id}  ${s.status.padEnd(9)}  ${s.name}  —  ${s.allowedOrigins.join(', ')}  —  ${live.map((k) => `${k.key ?? k.hint} (last used ${when(k.lastUsedAt)})`).join(', ')}`;
}

function created(site: Site, pk: string, sk: string, admin: CreateSiteAdminResponse | null): string {
  return [
    `Site created: ${site.name}  (${site.id})`,
    `  Allowed origins: ${site.allowedOrigins.join(', ')}`,
    `  Publishable key: ${pk}`,
    '                   for pages on those origins (<furrow-provider publishable-key=…>, createFurrow({ publishableKey }))',
    `  Secret key:      ${sk}`,
    '                   shown once: keep it on the partner\'s server only (embed tokens, admin calls). Furrow stores only its hash.',
    ...(admin ? [`  Site admin:      ${admin.user.email} / ${admin.password}   (one-time password, shown once)`] : []),
  ].join('\n');
}

function rotated(r: RotateKeyResponse): string {
  const others = r.site.keys.filter((k) => k.kind === r.key.kind && k.id !== r.key.id && k.state === 'expiring');
  return [
    `New ${r.key.kind} key for ${r.site.name}: ${r.secret}`,
    ...(r.key.kind === 'secret' ? ['  shown once: Furrow stores only its hash.'] : []),
    others.length ? `  The previous ${r.key.kind} key${others.length > 1 ? 's work' : ' works'} until ${others.map((k) => when(k.expiresAt)).join(', ')}.` : `  Every previous ${r.key.kind} key stopped working now.`,
    '',
    detail(r.site),
  ].join('\n');
}
