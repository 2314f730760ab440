// Reading a scenario file (JSON, or YAML for people who write it by hand): the text is parsed,
// checked against the schema, then resolved into the Scenario the simulation runs. Any mistake is
// a ScenarioFileError naming the file, the line, the path inside it, what was found and what is
// allowed; nothing in a file can crash the reader.
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { duplicateJsonKey } from '../../input/jsonDuplicateKey';
import { jsonDepth } from '../../input/jsonText';
import { jsonErrorOffset, trailingCommaBefore } from '../../input/jsonErrorOffset';
import { MAX_JSON_DEPTH } from '../../input/limits';
import type { Scenario } from '../types';
import { resolveScenario, ScenarioProblem } from './resolveScenario';
import { ScenarioFileError, type FilePath } from './scenarioFileError';
import { SCENARIO_LIMITS } from './scenarioLimits';
import { SCENARIO_FORMAT, scenarioFileSchema } from './scenarioSchema';
import { issueParts } from './zodIssue';

export type ScenarioSyntax = 'json' | 'yaml';

/** By the file's extension, else by its first character (a JSON document is an object). */
export function syntaxOf(fileName: string, text: string): ScenarioSyntax {
  if (/\.json$/i.test(fileName)) return 'json';
  if (/\.ya?ml$/i.test(fileName)) return 'yaml';
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The line of the deepest node on `path` the document has (the parent, for a missing field). */
function lineOf(text: string, path: FilePath): number | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return null;
}

function parseText(text: string, file: string, syntax: ScenarioSyntax): unknown {
  // Brackets count the same in JSON and YAML flow style; deeper nesting only exhausts a parser's stack.
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw new ScenarioFileError(file, [], `brackets nested deeper than ${MAX_JSON_DEPTH} levels`, 'a scenario file (it nests 4 levels deep)');
  if (syntax === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      const msg = (e as Error).message;
      const pos = /position (\d+)/.exec(msg);
      // V8 gives no position for an unexpected token (a trailing comma among them), only the text around it: find it.
      const offset = pos ? Number(pos[1]) : jsonErrorOffset(text);
      const comma = offset === null ? null : trailingCommaBefore(text, offset);
      if (comma !== null) throw new ScenarioFileError(file, [], `a comma before "${text[offset!]}"`, 'JSON without a comma after the last element or field (remove it)', lineAt(text, comma));
      throw new ScenarioFileError(file, [], 'text that is not valid JSON', `a JSON object (${msg.replace(/ in JSON at position \d+.*$/, '').replace(/, (\.\.\.)?"[\s\S]*" is not valid JSON$/, '')})`, offset === null ? null : lineAt(text, offset));
    }
    // As YAML's reader does: a repeated key would otherwise lose its first value without a word.
    const dup = duplicateJsonKey(text);
    if (dup) throw new ScenarioFileError(file, dup.path, 'the field a second time in the same object (JSON would keep only the last)', 'each field once', lineAt(text, dup.offset));
    return data;
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const err = doc.errors[0];
    // The reader's own advice (parseAllDocuments) is for programmers: two scenarios pasted into one file.
    if (err.code === 'MULTIPLE_DOCS') throw new ScenarioFileError(file, [], 'a second YAML document (after a "---" line)', 'one scenario per file', err.linePos?.[0].line ?? null);
    throw new ScenarioFileError(file, [], 'text that is not valid YAML', `a YAML mapping (${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')})`, err.linePos?.[0].line ?? null);
  }
  // YAML 1.1 reads `n` as false, 010 as 8 and an unquoted date as a timestamp: refuse it rather than run something else.
  if (doc.directives?.yaml.version !== '1.2') {
    const at = text.search(/^%YAML/m);
    throw new ScenarioFileError(file, [], `a %YAML ${doc.directives?.yaml.version} directive`, 'YAML 1.2, the default (remove the line: YAML 1.1 reads n as false, 010 as 8 and unquoted dates as timestamps)', at < 0 ? null : lineAt(text, at));
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ScenarioFileError(file, [], 'YAML that cannot be read as data', `plain YAML without excessive aliases (${(e as Error).message.split('\n')[0]})`);
  }
}

type Issue = z.core.$ZodIssue;

/**
 * The issue to name first: a misspelt field (`usr`) explains the required field it leaves missing
 * (`users`), so an unknown field of the object that lacks the required one goes first.
 */
function leadingIssue(issues: Issue[]): Issue {
  const first = issues[0];
  if (first.code !== 'invalid_type' || first.input !== undefined) return first;
  const parent = JSON.stringify(first.path.slice(0, -1));
  return issues.find((i) => i.code === 'unrecognized_keys' && JSON.stringify(i.path) === parent) ?? first;
}

export function parseScenarioData(data: unknown, file: string, text: string | null = null): Scenario {
  const where = (path: FilePath) => (text === null ? null : lineOf(text, path));
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new ScenarioFileError(file, [], data === null || data === undefined ? 'an empty document' : Array.isArray(data) ? 'a list' : `${typeof data} ${JSON.stringify(data)}`.slice(0, 60), 'an object with name, today, users, items and steps (docs/scenario-files.md)');
  const format = (data as { format?: unknown }).format;
  if (format !== undefined && format !== SCENARIO_FORMAT) {
    const hint = format === 'calendar-cache-lab/trace' ? ' (this is a trace: open it with cachelab replay, or in the visualizer)' : '';
    throw new ScenarioFileError(file, ['format'], `${JSON.stringify(format)}${hint}`, JSON.stringify(SCENARIO_FORMAT), where(['format']));
  }
  const parsed = scenarioFileSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const p = issueParts(leadingIssue(issues), data);
    throw new ScenarioFileError(file, p.path, p.found, p.allowed, where(p.path), issues.length - 1);
  }
  try {
    return resolveScenario(parsed.data);
  } catch (e) {
    if (!(e instanceof ScenarioProblem)) throw e;
    throw new ScenarioFileError(file, e.path, e.found, e.allowed, where(e.path));
  }
}

export function parseScenarioFile(text: string, file: string): Scenario {
  if (text.length > SCENARIO_LIMITS.fileBytes) throw new ScenarioFileError(file, [], `${text.length} characters`, `a file of at most ${SCENARIO_LIMITS.fileBytes} characters`);
  const syntax = syntaxOf(file, text);
  return parseScenarioData(parseText(text, file, syntax), file, text);
}

/** Whether a file someone opens (the visualizer takes traces and scenario files) is a scenario file. */
export function looksLikeScenarioFile(text: string, file: string): boolean {
  if (syntaxOf(file, text) === 'yaml') return true;
  const head = text.slice(0, 4096);
  if (/"format"\s*:\s*"calendar-cache-lab\/scenario"/.test(head)) return true;
  return !/"format"\s*:\s*"calendar-cache-lab\/trace"/.test(head) && /"steps"\s*:/.test(text) && !/"events"\s*:/.test(text);
}
