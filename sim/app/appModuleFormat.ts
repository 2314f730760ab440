// Whether Node (and tsx, which follows it) takes a file as CommonJS: .cts and .cjs always, .mts and
// .mjs never, any other file unless the nearest package.json above it says "type": "module". A
// user's app in their own project, or in /tmp, is CommonJS; this project's examples are ES modules.
import { readFileSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

export function isCommonJsFile(path: string): boolean {
  const ext = extname(path);
  if (ext === '.cts' || ext === '.cjs') return true;
  if (ext === '.mts' || ext === '.mjs') return false;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (statSync(pkg, { throwIfNoEntry: false })?.isFile()) return packageType(pkg) !== 'module';
    if (dirname(dir) === dir) return true;
  }
}

function packageType(pkg: string): unknown {
  try {
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: unknown }).type;
  } catch {
    // A package.json Node cannot read fails the import itself, with Node's own message.
    return undefined;
  }
}
