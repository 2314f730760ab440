import { loadUserApp } from './sim/app/loadUserApp';
import { SCENARIOS } from './sim/scenarios/index';
import { runScenario } from './sim/run';
const { app, overrides } = await loadUserApp('examples/robust-app.ts');
console.log(overrides);
let same = 0, diff = 0;
for (const s of SCENARIOS) for (const seed of [null, 5, 11]) {
  const a = runScenario(s, { preset: 'robust', seed });
  const b = runScenario({ ...s, app }, { preset: 'robust', seed, overrides });
  const ea = JSON.stringify([a.events, a.outcome, a.choices]), eb = JSON.stringify([b.events, b.outcome, b.choices]);
  if (ea === eb) same++; else { diff++; const i = a.events.findIndex((e, k) => JSON.stringify(e) !== JSON.stringify(b.events[k])); console.log(s.name, seed, i, JSON.stringify(a.events[i]).slice(0,300), '\n   ', JSON.stringify(b.events[i]).slice(0,300)); }
}
console.log({ same, diff });
