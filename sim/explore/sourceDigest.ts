// Which cachelab ran a shard: a digest of its sources (src/ and sim/, the model, the explorer and
// the CLI), so that `cachelab merge` can refuse shards of different versions, whose nominal runs'
// alternatives (which the shards split by position) may differ. There is no build step, so the
// sources are the version; hashed only for a shard's report (a few milliseconds).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function files(dir: string, rel: string): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? files(dir, `${rel}/${e.name}`) : /\.(ts|mjs|js|json|ya?ml)$/.test(e.name) ? [`${rel}/${e.name}`] : []));
}

/** SHA-256 over each source's path and contents, in path order; `root` for tests. */
export function sourceDigest(root = ROOT): string {
  const hash = createHash('sha256');
  for (const f of [...files(root, 'src'), ...files(root, 'sim')]) hash.update(`${f}\0`).update(readFileSync(join(root, f))).update('\0');
  return hash.digest('hex');
}
