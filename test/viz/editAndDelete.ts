// A run with both sorts of change, for the tests that need one: edit-reverts with a delete of
// another item ("Quarterly report") at 1 s, before A reloads; both come back under broken.
import { runScenario } from '../../sim/run';
import { exportScenario } from '../../sim/scenarios/file/exportScenario';
import { parseScenarioData } from '../../sim/scenarios/file/parseScenarioFile';
import { getScenario } from '../../sim/scenarios/index';
import { TraceIndex } from '../../viz/model/traceIndex';

export function editAndDelete(preset: string): TraceIndex {
  const data = JSON.parse(exportScenario(getScenario('edit-reverts'), 'json'));
  const report = data.items.find((i: { title: string }) => i.title === 'Quarterly report').uuid;
  data.name = 'edit-and-delete';
  data.steps.splice(2, 0, { atMs: 1000, user: 'A', do: 'delete', item: report });
  return new TraceIndex(runScenario(parseScenarioData(data, 'edit-and-delete.json'), { preset }), 'A', 'test');
}
