// docs/sharding.md's CI recipes run as written: the GitHub Actions matrix's explore line for each
// shard of its matrix, then its merge line, in a POSIX shell in a scratch folder (npx cachelab as
// this tree's bin/cachelab.js, which the installed package's npx would run), and the Kubernetes
// Job's command with each JOB_COMPLETION_INDEX, its report the GitHub shard's but for the time.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const DOC = readFileSync('docs/sharding.md', 'utf8');
const BIN = resolve('bin/cachelab.js');
const dir = mkdtempSync(join(tmpdir(), 'cachelab-sharding-doc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs one shell line as a CI runner would (sh -c), with `npx cachelab` this tree's CLI. */
function sh(line: string, env: Record<string, string> = {}): { code: number; out: string; err: string } {
  const r = spawnSync('sh', ['-c', `npx() { shift; node ${BIN} "$@"; }\n${line}`], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env, CI: 'true' } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const section = (title: string) => DOC.slice(DOC.indexOf(`## ${title}`), DOC.indexOf('\n## ', DOC.indexOf(`## ${title}`) + 1));
const comparable = (file: string) => ({ ...JSON.parse(readFileSync(join(dir, file), 'utf8')), seconds: 0, distinctStatesPerSecond: 0 });

describe('docs/sharding.md', () => {
  const github = section('A CI matrix (GitHub Actions)');
  const matrix = /shard: \[([^\]]+)\]/.exec(github)![1].split(/,\s*/);
  const explore = /- run: (npx cachelab explore [^\n]+)/.exec(github)![1];
  const merge = /- run: (npx cachelab merge [^#\n]+)/.exec(github)![1].trim();
  const gate = /run: (npx cachelab merge [^\n]+--json \| [^\n]+)/.exec(github)![1];

  // The upload step's `with: { name: shard-${{ matrix.shard }}, ... }` was not YAML (a flow map
  // cannot hold `{`), so GitHub refused the workflow file before any shard ran.
  it('its YAML recipes parse, and the lines run here are their steps\' run values', () => {
    const [workflow, job] = [...DOC.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]));
    const runs = Object.values(workflow.jobs).flatMap((j: any) => j.steps.map((st: any) => st.run).filter(Boolean));
    for (const line of [explore, merge, gate]) expect(runs).toContain(line);
    expect(workflow.jobs.explore.steps.find((st: any) => st.uses?.startsWith('actions/upload-artifact')).with).toEqual({ name: 'shard-${{ matrix.shard }}', path: 'shard-${{ matrix.shard }}.json' });
    expect(job.spec.template.spec.containers[0].command[0]).toBe('sh');
  });

  it('the GitHub Actions matrix: each shard writes its report, and the merge gives the exhaustive verdict', () => {
    expect(matrix.length).toBeGreaterThan(1);
    for (const shard of matrix) {
      const r = sh(explore.replaceAll('${{ matrix.shard }}', shard));
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, `shard-${shard}.json`), 'utf8')).shard).toMatchObject({ index: Number(shard), count: matrix.length });
    }
    const m = sh(merge);
    expect(m.code, m.err).toBe(0);
    expect(m.out).toContain(`${matrix.length} shard(s)`);
    expect(m.out).toContain('EXHAUSTIVE: every shard explored its part to the end.');
    expect(sh(gate).code).toBe(0);
  });

  // merge exits 0 on NOT EXHAUSTIVE: the recipe's last step is what fails a campaign whose shards
  // stopped before the end (the page said merge "gives the verdict", and the job passed green).
  it('the GitHub Actions matrix: merge passes an unfinished campaign, the exhaustive step fails it', () => {
    expect(gate).toContain('merge shard-*.json --json');
    // In a folder of its own, so that the other tests' reports stay the full shards'.
    const there = (line: string) => sh(`mkdir -p unfinished && cd unfinished && ${line}`);
    for (const shard of matrix) expect(there(explore.replaceAll('${{ matrix.shard }}', shard).replace(' --json', ' --max-deviations 0 --json')).code).toBe(0);
    const m = there(merge);
    expect([m.code, m.out]).toEqual([0, expect.stringContaining('NOT EXHAUSTIVE')]);
    expect(there(gate).code).toBe(1);
    expect(github).toMatch(/`merge` exits 0 when no shard found a violation, `NOT EXHAUSTIVE` included/);
    // A lost shard: the error's command is the others' without their time limit, as the page says.
    const lost = there('npx cachelab merge shard-1.json');
    expect(lost.code).toBe(2);
    expect(lost.err).toContain(`--shard 2/${matrix.length} --json > shard-2.json`);
    expect(lost.err).not.toContain('--time-limit');
    expect(DOC).toMatch(/as the\s+others ran but without their `--time-limit` \(it runs to its end\), writing `shard-<i>.json`/);
    // The shards above stopped at --max-deviations: the list of what merge takes names that stop.
    expect(m.out).toContain('stopped at its --max-deviations bound');
    expect(DOC).toMatch(/a full heap, `--max-states` or `--max-deviations`\s+is merged/);
  });

  it('for your fix: the install line is ci.md\'s, and the explore line with --app in place of --config runs', () => {
    const install = /^npm install --no-save "[^"\n]+"$/m.exec(readFileSync('docs/ci.md', 'utf8'))![0];
    expect(github).toContain(`\`${install}\``);
    expect(github).toContain('replace `--config robust` with `--app cachelab/my-fix.ts`');
    execFileSync('mkdir', ['-p', join(dir, 'fix/cachelab')]);
    execFileSync('cp', [resolve('examples/robust-app.ts'), join(dir, 'fix/cachelab/my-fix.ts')]);
    const line = explore.replaceAll('${{ matrix.shard }}', '1').replace('--config robust', '--app cachelab/my-fix.ts').replace(' --json', ' --max-deviations 1 --json');
    const r = sh(`cd fix && ${line}`);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'fix/shard-1.json'), 'utf8')).app.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the Kubernetes Indexed Job: each index writes the shard the matrix wrote, and its merge line reads them', () => {
    const k8s = section('Kubernetes Indexed Jobs');
    const command = JSON.parse(/command: (\["sh", "-c", "[^\n]+"\])/.exec(k8s)![1]) as string[];
    const completions = Number(/completions: (\d+)/.exec(k8s)![1]);
    expect(completions).toBe(matrix.length);
    execFileSync('mkdir', ['-p', join(dir, 'results')]);
    for (let index = 0; index < completions; index++) {
      const r = sh(command[2].replaceAll('/results/', 'results/'), { JOB_COMPLETION_INDEX: String(index) });
      expect(r.code, r.err).toBe(0);
      expect(comparable(`results/shard-${index + 1}.json`)).toEqual(comparable(`shard-${index + 1}.json`));
    }
    expect(readdirSync(join(dir, 'results')).sort()).toEqual(matrix.map((s) => `shard-${s}.json`).sort());
    const mergeLine = /Then `(cachelab merge [^`]+)`/.exec(k8s)![1].replace('/results/', 'results/');
    expect(sh(`npx ${mergeLine}`).code).toBe(0);
  });
});
