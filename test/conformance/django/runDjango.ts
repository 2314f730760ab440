// Runs one of the Python drivers in this folder with Debian's Django: the request goes in as JSON
// on stdin, the answer comes back as JSON on stdout. One process per batch keeps the tests fast.
// A missing Django is a failure with a clear message, never a skip.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's interpreter: a pyenv `python3` earlier on PATH may not have python3-django. */
export const DJANGO_PYTHON = process.env.DJANGO_PYTHON ?? '/usr/bin/python3';

const HERE = dirname(fileURLToPath(import.meta.url));

export function djangoVersion(): string {
  const probe = spawnSync(DJANGO_PYTHON, ['-c', 'import django; print(django.get_version())'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `Django is not importable by ${DJANGO_PYTHON} (${probe.error?.message ?? probe.stderr.trim()}). ` +
        'Install it with: apt-get update && apt-get install -y python3-django (or set DJANGO_PYTHON).',
    );
  }
  return probe.stdout.trim();
}

export function runDjangoDriver<T>(driver: string, request: unknown, options: { timeoutMs?: number } = {}): T {
  djangoVersion();
  const result = spawnSync(DJANGO_PYTHON, [join(HERE, driver)], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: options.timeoutMs ?? 60_000,
  });
  if (result.error || result.status !== 0) {
    throw new Error(`${driver} failed (status ${result.status}): ${result.error?.message ?? ''}\n${result.stderr}`);
  }
  return JSON.parse(result.stdout) as T;
}
