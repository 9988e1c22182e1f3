// Writes `<file>.br` (brotli 11) and `<file>.gz` (gzip 9) beside every compressible file of a
// build output folder, for the demo server (sirv serves them with Content-Encoding when the
// browser accepts it) and for any static host or CDN that serves precompressed files. Only for
// generated folders (dist/cdn, the npm example's dist, docs/site): a hand-edited file with a
// stale .br beside it would be served stale.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(js|mjs|css|html|json|svg|txt|map|xml|md)$/;
const MIN_BYTES = 1024;

/**
 * Precompresses one file when it is worth it and the copies are missing or older.
 *
 * @param {string} path
 * @returns {boolean} whether copies were written
 */
export function precompressFile(path) {
  if (!COMPRESSIBLE.test(path)) return false;
  const st = statSync(path);
  if (st.size < MIN_BYTES) return false;
  const fresh = (p) => {
    try {
      return statSync(p).mtimeMs >= st.mtimeMs;
    } catch {
      return false;
    }
  };
  if (fresh(`${path}.br`) && fresh(`${path}.gz`)) return false;
  const buf = readFileSync(path);
  writeFileSync(`${path}.br`, brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }));
  writeFileSync(`${path}.gz`, gzipSync(buf, { level: 9 }));
  return true;
}

/**
 * Precompresses every compressible file under a folder (recursively).
 *
 * @param {string} dir
 * @returns {number} files compressed
 */
export function precompressDir(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) n += precompressDir(p);
    else if (e.isFile() && precompressFile(p)) n++;
  }
  return n;
}
