// Prints the state-space profile (spaceProfile.ts) of a scenario under a preset, one JSON line per
// deviation bound from 0 to k:
//   node --import tsx sim/explore/cliSpaceProfile.ts <scenario> <preset> <k>
import { getScenario } from '../scenarios/index';
import { profileSpace } from './spaceProfile';

const [name, preset, k] = process.argv.slice(2);
const bound = Number(k);
if (!name || !preset || !Number.isInteger(bound) || bound < 0) {
  process.stderr.write('usage: cliSpaceProfile <scenario> <preset> <k: deviations, 0 or more>\n');
  process.exit(2);
}
try {
  const scenario = getScenario(name);
  for (let d = 0; d <= bound; d++) {
    const p = profileSpace(scenario, preset, d);
    process.stdout.write(`${JSON.stringify({ ...p, timeRatio: +(p.states / p.timeClasses).toFixed(2), orderRatio: +(p.states / p.orderClasses).toFixed(2) })}\n`);
  }
} catch (e) {
  // An unknown scenario or preset: one sentence, exit 2.
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}
