// The fingerprint alone, A/B between trees: records the states one exploration hands the
// fingerprint (this tree's explore, with its worker symmetry; each state copied at the top level,
// its parts shared as the explorer shares them), then fingerprints that same sequence with each
// tree's sim/fingerprint.ts in turn, in rounds, in CPU time (process.cpuUsage). The trees run in one
// process on the same state objects, each with its own caches, taking turns; the fingerprints must
// be equal. Compare both orders of the trees on the command line.
//   node --import tsx bench/fingerprintAlone.ts <scenario> <preset> <maxStates> <rounds> <tree> [tree...]
import { resolveConfig } from '../src/config';
import { epochMsOf } from '../sim/clock';
import { explore } from '../sim/explore/explore';
import { defaultHorizon } from '../sim/explore/explorePlain';
import { workerSymmetry } from '../sim/explore/symmetry';
import { getScenario } from '../sim/scenarios/index';
import type { SimState } from '../sim/world/state';

type Fingerprint = (state: SimState, epochMs: number, horizonMs: number) => [number, number];

async function main(): Promise<void> {
  const [name, preset, maxArg, roundsArg, ...trees] = process.argv.slice(2);
  if (!name || !preset || !(Number(maxArg) > 0) || !(Number(roundsArg) > 0) || trees.length === 0) throw new Error('usage: fingerprintAlone <scenario> <preset> <maxStates> <rounds> <tree> [tree...]');
  const scenario = getScenario(name);
  const epochMs = epochMsOf(scenario.today);
  const horizonMs = defaultHorizon(scenario);
  const symmetry = workerSymmetry(resolveConfig(preset, [], scenario.configDefaults).config);
  const states: SimState[] = [];
  explore(scenario, {
    preset,
    maxStates: Number(maxArg),
    horizonMs,
    canonicalize: (live) => {
      const s = symmetry ? symmetry(live) : live;
      // The live state's fields are replaced as the run goes on, and its task list and layers' record
      // changed in place until the next snapshot (copy-on-write): copies of those and the top level keep these.
      states.push({ ...s, sched: { ...s.sched, tasks: [...s.sched.tasks] }, layers: { ...s.layers } });
      return s;
    },
  });
  const prints: Fingerprint[] = [];
  for (const tree of trees) prints.push((await import(`${tree}/sim/fingerprint.ts`)).fingerprint);
  const cpuMs = trees.map(() => 0);
  // Each tree's fastest round too: on a shared machine the least disturbed round is the steadiest figure.
  const minMs = trees.map(() => Infinity);
  const results: string[] = trees.map(() => '');
  // The trees take turns every CHUNK states (A B B A ...), each going on through the sequence with
  // its own caches: the machine's load drifts over seconds, and turns this short spread it evenly.
  const CHUNK = 2000;
  const acc = trees.map(() => 0);
  for (let round = 0; round <= Number(roundsArg); round++) {
    const roundMs = trees.map(() => 0);
    for (let from = 0, turn = 0; from < states.length; from += CHUNK, turn++) {
      const order = trees.map((_, i) => i);
      if (turn % 2 === 1) order.reverse();
      for (const i of order) {
        const fp = prints[i];
        let x = acc[i];
        const c0 = process.cpuUsage();
        for (let k = from; k < Math.min(from + CHUNK, states.length); k++) x = (x + fp(states[k], epochMs, horizonMs)[0]) | 0;
        const c = process.cpuUsage(c0);
        acc[i] = x;
        roundMs[i] += (c.user + c.system) / 1000;
      }
    }
    // Round 0 warms up (not counted).
    if (round > 0)
      for (const i of trees.keys()) {
        cpuMs[i] += roundMs[i];
        minMs[i] = Math.min(minMs[i], roundMs[i]);
      }
  }
  for (const i of trees.keys()) results[i] = String(acc[i]);
  const same = results.every((r) => r === results[0]);
  for (const [i, tree] of trees.entries()) process.stdout.write(`${tree} ${name} ${preset}: ${states.length} states, CPU ms ${Math.round(cpuMs[i])} (${((cpuMs[i] * 1e3) / (states.length * Number(roundsArg))).toFixed(2)} us/state), fastest round ${Math.round(minMs[i])} ms\n`);
  if (trees.length > 1) process.stdout.write(`ratio ${(cpuMs[1] / cpuMs[0]).toFixed(3)} (second / first), fastest rounds ${(minMs[1] / minMs[0]).toFixed(3)}; fingerprints ${same ? 'equal' : 'DIFFERENT'}\n`);
  process.exitCode = same ? 0 : 1;
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(2);
});
