// README.md's console transcript is output the reader will compare with their own: each line it
// shows must be a line the command prints, in order ("..." stands for any text).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stdout } from './proseFigures/runOutput';

describe("README.md's console transcript", () => {
  /** Each `$ npx cachelab ...` of the README's console block with the output lines it shows. */
  function transcript(): Array<{ argv: string[]; shown: string[] }> {
    const block = /```console\n([\s\S]*?)```/.exec(readFileSync('README.md', 'utf8'))![1];
    return block
      .split(/^\$ /m)
      .slice(1)
      .map((part) => {
        const [cmd, ...rest] = part.split('\n');
        const argv = cmd.replace(/\(abridged\)/, '').trim().split(/\s+/).slice(2);
        return { argv, shown: rest.map((l) => l.trim()).filter((l) => l !== '') };
      });
  }

  /** The shown lines that no line of the output gives, in order ("..." stands for any text). */
  function missing(shown: string[], out: string): string[] {
    const lines = out.split('\n').map((l) => l.trim());
    let from = 0;
    const lost: string[] = [];
    for (const s of shown) {
      const re = new RegExp(`^${s.split('...').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      const i = lines.findIndex((l, j) => j >= from && re.test(l));
      if (i < 0) lost.push(s);
      else from = i + 1;
    }
    return lost;
  }

  it('shows lines the commands print, in their order', async () => {
    const t = transcript();
    expect(t.map((c) => c.argv[0])).toEqual(['range', 'run']);
    for (const c of t) expect(missing(c.shown, await stdout(...c.argv)), c.argv.join(' ')).toEqual([]);
  });

  it('would catch a line whose figure drifted', async () => {
    const out = await stdout('run', 'seed-broken', '--format', 'timing');
    expect(missing(['208  calendar:A  render (event.remove() of "work-item-5f0c7a3e-..."): 3 event(s)'], out)).toEqual([]);
    expect(missing(['210  calendar:A  render (event.remove() of "work-item-5f0c7a3e-..."): 3 event(s)'], out)).toHaveLength(1);
  });
});
