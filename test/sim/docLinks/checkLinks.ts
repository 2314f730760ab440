// What is wrong with each link of a page: a relative path to no file, an #anchor no heading of the
// target page makes, or a web address that is not one. Web pages are not fetched (no network).
import { dirname, join, normalize } from 'node:path';
import { markdownLinks, pageAnchors } from './markdownLinks';

export interface Files {
  exists(path: string): boolean;
  read(path: string): string;
}

function webProblem(target: string): string | null {
  try {
    const u = new URL(target);
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*(:\d+)?$/i.test(u.host) || !(u.hostname.includes('.') || u.hostname === 'localhost')) return 'is not a web address (host)';
    return null;
  } catch {
    return 'is not a web address';
  }
}

/** One line per broken link of `file`: "file:line: target — why". */
export function brokenLinks(file: string, files: Files): string[] {
  const md = files.read(file);
  const out: string[] = [];
  for (const { line, target } of markdownLinks(md)) {
    const why = linkProblem(file, md, target, files);
    if (why) out.push(`${file}:${line}: ${target} — ${why}`);
  }
  return out;
}

function linkProblem(file: string, md: string, target: string, files: Files): string | null {
  if (target === '') return 'is empty';
  if (/\s/.test(target)) return 'has a space: GitHub shows it as text, not a link';
  if (/^https?:/i.test(target)) return webProblem(target);
  if (/^mailto:/i.test(target)) return /^mailto:[^@\s]+@[^@\s]+$/.test(target) ? null : 'is not a mail address';
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return 'uses a scheme a reader cannot follow here';
  if (target.startsWith('/')) return 'is absolute: GitHub resolves it from the site, not the repository';
  const hash = target.indexOf('#');
  const path = decodeURIComponent(hash < 0 ? target : target.slice(0, hash)).split('?')[0];
  const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
  const resolved = path === '' ? file : normalize(join(dirname(file), path));
  if (resolved.startsWith('..')) return 'points outside the repository';
  if (path !== '' && !files.exists(resolved)) return `${resolved} does not exist`;
  if (anchor === null) return null;
  if (!resolved.endsWith('.md')) return /^L\d+(-L\d+)?$/.test(anchor) ? null : `#${anchor} on a file that is not Markdown`;
  const anchors = pageAnchors(path === '' ? md : files.read(resolved));
  return anchors.has(anchor) ? null : `no heading of ${resolved} makes #${anchor}`;
}
