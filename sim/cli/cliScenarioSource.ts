// Where a command's scenario comes from: a catalog name, or --scenario-file F (JSON or YAML, read
// through the same schema as the catalog). `ref` is how replay commands name it again.
import { formatValue, UsageError, type Config, type ConfigKey } from '../../src/config';
import { USER_VIEW_NAMES } from '../../src/app/userApp/types';
import { parseScenarioFile } from '../scenarios/file/parseScenarioFile';
import { getScenario, SCENARIO_NAMES } from '../scenarios/index';
import type { Scenario } from '../scenarios/types';
import { loadUserApp } from '../app/loadUserApp';
import { probeAppLoad } from './cliAppLoadProbe';
import { shellWord } from './shellWord';
import { DEFAULT_VIEW_BUDGET_MS } from './cliViewWatchdog';
import type { Options } from './cliArgs';
import type { CliIO } from './cliCommand';

export const SCENARIO_FILE_OPTION: Options = { 'scenario-file': { type: 'string' } };

export const SCENARIO_FILE_HELP = `  --scenario-file F   run the scenario in file F (JSON or YAML, docs/scenario-files.md) instead
                      of a catalog scenario; \`cachelab scenarios --export NAME\` writes one to start from`;

export interface ScenarioSource {
  scenario: Scenario;
  /** "seed-broken", or "--scenario-file f.json": what a replay command puts where the name goes. */
  ref: string;
  file: string | null;
}

export function readScenarioFile(file: string, io: CliIO): ScenarioSource {
  const scenario = parseScenarioFile(io.readFile(file), file);
  return { scenario, ref: `--scenario-file ${shellWord(file)}`, file };
}

/**
 * "; mine.yaml's config, which --config and --set override: deploy.workers=4, ...": a scenario
 * file's own knobs (your deployment, usually), which check's and explore's headers name beside
 * --set's, so that a verdict says what it ran on.
 */
export function fileConfigNote(source: ScenarioSource | null, which = ', which --config and --set override'): string {
  if (!source?.file) return '';
  const knobs = Object.entries(source.scenario.configDefaults).map(([k, v]) => `${k}=${formatValue(v as Config[ConfigKey])}`);
  return knobs.length ? `; ${shellWord(source.file)}'s config${which}: ${knobs.join(', ')}` : '';
}

/** One scenario: a name among the positionals, or --scenario-file; not both, not neither. */
export function scenarioSource(values: Record<string, unknown>, positionals: string[], io: CliIO, command: string): ScenarioSource {
  const file = values['scenario-file'] as string | undefined;
  if (file !== undefined) {
    if (positionals.length) throw new UsageError(`${command} takes a scenario name or --scenario-file, not both (got "${positionals[0]}" and --scenario-file ${file})`);
    return readScenarioFile(file, io);
  }
  if (positionals.length !== 1) throw new UsageError(`${command} expects one scenario name or --scenario-file F; valid scenarios: ${SCENARIO_NAMES.join(', ')}`);
  if (/\.(json|ya?ml)$/i.test(positionals[0])) throw new UsageError(`"${positionals[0]}" is not a scenario name; to run a scenario file: --scenario-file ${positionals[0]}`);
  const scenario = getScenario(positionals[0]);
  return { scenario, ref: scenario.name, file: null };
}

export const APP_OPTION: Options = { app: { type: 'string' } };

export const APP_HELP = `  --app F             run your own views from TypeScript file F in place of the built-in ones
                      (docs/your-own-fix.md); its config applies before --set. A view F leaves
                      out stays the built-in one (check and explore say where one answered).
                      A view that runs ${DEFAULT_VIEW_BUDGET_MS / 1000} s without a Django call or a return is stopped:
                      one line names it and its request (exit 2); so is a file whose top level
                      runs ${DEFAULT_VIEW_BUDGET_MS / 1000} s as it loads`;

export interface AppChoice {
  /** The scenario with the app's views attached (or unchanged without --app). */
  withApp(scenario: Scenario): Scenario;
  /** The app's config as overrides, then the command line's --set. */
  overrides: string[];
  /** " --app F" for replay commands, or "". */
  flag: string;
  /** How many of `overrides` are the app's config: a replay command with --app leaves them out. */
  configCount: number;
  /** The app file as given and the views it defines (none: an app of knobs), or null without --app. */
  file: { path: string; views: string[] } | null;
}

export async function appChoice(values: Record<string, unknown>, sets: string[]): Promise<AppChoice> {
  const file = values.app as string | undefined;
  if (file === undefined) return { withApp: (s) => s, overrides: sets, flag: '', configCount: 0, file: null };
  const loaded = await loadUserApp(file, probeAppLoad);
  const views = USER_VIEW_NAMES.filter((v) => loaded.app[v] !== undefined);
  return {
    withApp: (s) => ({ ...s, app: loaded.app, appFile: file }),
    overrides: [...loaded.overrides, ...sets],
    flag: ` --app ${shellWord(file)}`,
    configCount: loaded.overrides.length,
    file: { path: file, views },
  };
}
