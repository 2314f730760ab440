// Loading a user's app file (`--app ./my-app.ts`): imported as TypeScript at run time through
// tsx's tsImport, then checked: a default export with known views, each a generator function,
// and a config of known knobs. Any problem is a UsageError in one sentence (exit 2).
import { statSync } from 'node:fs';
import { basename, extname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONFIG_KEYS, formatValue, parseOverride, UsageError, type Config } from '../../src/config';
import { USER_VIEW_NAMES, type UserApp } from '../../src/app/userApp/types';
import { hasOwnKey } from '../input/lookup';
import { didYouMean } from '../input/nearestNames';
import { MAX_FILE_BYTES } from '../input/limits';
import { shellWord } from '../cli/shellWord';
import { claimViewSlot } from './viewBoard';
import { isCommonJsFile } from './appModuleFormat';
import { errorPlace } from '../../src/app/userApp/errorPlace';

export interface LoadedApp {
  app: UserApp;
  file: string;
  /** The app's config as --set overrides, applied before the command line's own. */
  overrides: string[];
}

const FIELDS = ['name', 'config', ...USER_VIEW_NAMES];

/** The arguments each view is called with (handleUserRequest.ts). */
const VIEW_PARAMS: Record<(typeof USER_VIEW_NAMES)[number], string[]> = {
  work_items_calendar_feed: ['request', 'django'],
  work_item_delete: ['request', 'uuid', 'django'],
  work_item_create: ['request', 'django'],
  work_item_update: ['request', 'uuid', 'django'],
};

function isGeneratorFunction(v: unknown): boolean {
  return typeof v === 'function' && Object.prototype.toString.call(v) === '[object GeneratorFunction]';
}

/** What a view is when it is not a generator function: `async` is the usual slip (calls are `yield*`, not `await`). */
function kindOf(v: unknown): string {
  const tag = Object.prototype.toString.call(v);
  if (tag === '[object AsyncGeneratorFunction]') return 'an async generator function (drop the async: each call is yield*, never await)';
  if (tag === '[object AsyncFunction]') return 'an async function (write function*, and yield* each call where you would await it)';
  return typeof v === 'function' ? 'a plain function' : typeof v;
}

/** Checks a module's default export; `file` names it in messages. */
export function checkUserApp(exported: unknown, file: string, named: string[] = []): LoadedApp {
  if (exported === undefined && named.length)
    throw new UsageError(`${file}: the app must be the default export; found only named export(s) ${named.join(', ')}: write \`export default ${named[0]}\``);
  if (exported === null || typeof exported !== 'object' || Array.isArray(exported))
    throw new UsageError(`${file}: the default export must be an object of views (${USER_VIEW_NAMES.join(', ')}); found ${exported === undefined ? 'no default export' : typeof exported}`);
  const app = exported as Record<string, unknown>;
  for (const key of Object.keys(app)) if (!FIELDS.includes(key)) throw new UsageError(`${file}: unknown field "${key}" in the default export${didYouMean(key, FIELDS)}; allowed: ${FIELDS.join(', ')}`);
  const views = USER_VIEW_NAMES.filter((v) => hasOwnKey(app, v));
  // A config alone is a fix made of knobs, kept in a file: the built-in views under it.
  if (!views.length && app.config === undefined) throw new UsageError(`${file}: the app defines no view and no config; define one or more of ${USER_VIEW_NAMES.join(', ')}, or a config of knobs`);
  for (const v of views) {
    if (!isGeneratorFunction(app[v])) throw new UsageError(`${file}: ${v} must be a generator function (function* or *${v}(...) { ... }), so each Django call can be a step; found ${kindOf(app[v])}`);
    // `*work_item_delete(request, django)` gets the uuid as `django`: every call then fails as a 500.
    // A view that declares no parameter (or gives one a default, which `length` does not count) is let be.
    const declared = (app[v] as (...a: unknown[]) => unknown).length;
    if (declared > 0 && declared !== VIEW_PARAMS[v].length)
      throw new UsageError(`${file}: ${v} is called as ${v}(${VIEW_PARAMS[v].join(', ')}); yours declares ${declared} parameter(s)`);
  }
  if (app.name !== undefined && typeof app.name !== 'string') throw new UsageError(`${file}: name must be a string`);
  const overrides: string[] = [];
  if (app.config !== undefined) {
    if (app.config === null || typeof app.config !== 'object' || Array.isArray(app.config)) throw new UsageError(`${file}: config must be an object of knob: value`);
    for (const [k, v] of Object.entries(app.config as Record<string, unknown>)) {
      if (!(CONFIG_KEYS as string[]).includes(k)) throw new UsageError(`${file}: config."${k}" is not a knob${didYouMean(k, CONFIG_KEYS)}; valid knobs: ${CONFIG_KEYS.join(', ')}`);
      const text = `${k}=${formatValue(v as Config[keyof Config])}`;
      try {
        parseOverride(text);
      } catch (e) {
        throw new UsageError(`${file}: config: ${(e as Error).message}`);
      }
      overrides.push(text);
    }
  }
  return { app: app as UserApp, file, overrides };
}

/**
 * tsx's APIs, named by variables so that esbuild leaves them out of the CLI's bundle (a bundle
 * never loads an app: with --app the CLI runs under tsx).
 */
const TSX_API = 'tsx/esm/api';
const TSX_CJS_API = 'tsx/cjs/api';

/** Loads so far, each under a namespace of its own: a file changed since an earlier load is read again. */
let loads = 0;

/**
 * The app's module, as `{ default }` for a CommonJS file (its exports). A CommonJS file is
 * required through tsx's CommonJS hooks, from its own path with a source map, so that an
 * exception in a view names its line (check's 500 note: my-fix.ts, line 22); tsImport loads such
 * a file as a data: URL of the compiled code on two lines, with no map. An ES module is imported
 * with tsImport, which maps it (a plain import() of a .ts file outside an ES module package failed
 * with Node's "Cannot require() ES Module ... in a cycle": the CLI registers tsx's ES module hooks
 * only).
 */
async function importApp(path: string): Promise<{ default?: unknown }> {
  // Stack traces through the maps, in every thread that runs the views alike: a view's 500 body
  // carries its line, and the same run must give the same body in any thread.
  process.setSourceMapsEnabled(true);
  if (isCommonJsFile(path)) {
    const { register } = (await import(TSX_CJS_API)) as typeof import('tsx/cjs/api');
    const scoped = register({ namespace: `cachelab-app-${++loads}` });
    try {
      return { default: scoped.require(path, import.meta.url) as unknown };
    } finally {
      scoped.unregister();
    }
  }
  const { tsImport } = (await import(TSX_API)) as typeof import('tsx/esm/api');
  return (await tsImport(pathToFileURL(path).href, import.meta.url)) as { default?: unknown };
}

/**
 * A file outside an ES module package (no package.json with "type": "module" above it: a user's
 * own project, /tmp) is compiled as CommonJS, and Node hands its whole exports object over as the
 * default; esbuild marks such an object `__esModule`, and its `default` is the file's own.
 */
function ownDefault(mod: { default?: unknown }): unknown {
  const d = mod.default;
  if (isCompiledModule(d)) return hasOwnKey(d, 'default') ? d.default : undefined;
  return d;
}

function isCompiledModule(d: unknown): d is { default?: unknown } {
  return d !== null && typeof d === 'object' && (d as { __esModule?: unknown }).__esModule === true;
}

/** The module's named exports, to say what to write when it has no default one. */
function namedExports(mod: { default?: unknown }): string[] {
  const own = isCompiledModule(mod.default) ? mod.default : mod;
  return Object.keys(own).filter((k) => k !== 'default' && k !== '__esModule');
}

/**
 * The sentence for an import that failed. esbuild's "Transform failed with N error(s):" is only a
 * heading: the first error, with its file:line:column, is on the next line.
 */
function loadFailure(message: string): string {
  const [first, ...rest] = message.split('\n');
  const m = /^Transform failed with (\d+) errors?:$/.exec(first);
  if (!m || !rest.length) return first;
  const more = Number(m[1]) > 1 ? ` (and ${Number(m[1]) - 1} more)` : '';
  return `it does not compile: ${rest[0].replace(/: ERROR: /, ': ')}${more}`;
}

/** The folder cachelab is installed in, whose examples/ the docs and --help name by a relative path. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Why a missing file is missing. `--app examples/invalidate-on-commit.ts`, as --help and the docs
 * write it, names a file of cachelab's own: from any other folder, say where it is.
 */
function noSuchFile(file: string): string {
  if (isAbsolute(file)) return 'no such file';
  const own = resolve(PACKAGE_ROOT, file);
  if (own === resolve(file) || statSync(own, { throwIfNoEntry: false })?.isFile() !== true) return 'no such file';
  return `no such file in ${process.cwd()}; cachelab's own is ${own}: --app ${shellWord(own)}`;
}

/**
 * A copied example that imports another (invalidate-on-commit.ts imports invalidate-in-transaction.ts)
 * fails on that import in the user's folder: name the example to copy beside it.
 */
function missingExample(message: string): string {
  // CommonJS names the import as written ('./x'), an ES module by its full path.
  const m = /Cannot find module '((?:\.\/|\/)[^']*?)(?:\.ts)?'/.exec(message);
  if (!m) return '';
  const own = resolve(PACKAGE_ROOT, 'examples', `${basename(m[1])}.ts`);
  return statSync(own, { throwIfNoEntry: false })?.isFile() === true ? `; it is one of cachelab's examples: copy ${own} beside your file` : '';
}

/** The extensions tsx loads a module from. */
const MODULE_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'];

/**
 * Why a file that is not a module was given: the Python twin (for npm run stack's --views) or a
 * scenario file are the usual ones. A CommonJS require would have read my_fix.py as JavaScript
 * ("it threw SyntaxError: Invalid or unexpected token").
 */
function notAModule(file: string): string | null {
  const ext = extname(file).toLowerCase();
  if (MODULE_EXTENSIONS.includes(ext)) return null;
  if (ext === '.py') return "it is Python: --app takes your views in TypeScript (my-fix.ts); their Python twin goes to npm run stack's --views (docs/your-own-fix.md, section 5)";
  if (['.json', '.yaml', '.yml'].includes(ext)) return `it is a scenario file or a trace, not views: a scenario goes with --scenario-file ${shellWord(file)}, a trace to cachelab replay; --app takes your views in TypeScript (my-fix.ts)`;
  return `--app takes your views in a TypeScript file (${MODULE_EXTENSIONS.slice(0, 3).join(', ')}) or a JavaScript one (${MODULE_EXTENSIONS.slice(4, 7).join(', ')})`;
}

/** "my-fix.ts, line 2, " where a throw at the module's top level was raised, when its stack says. */
function placeOf(e: unknown): string {
  const place = errorPlace(e);
  return place ? `${place}, ` : '';
}

/**
 * `beforeImport`: run on the file's absolute path once it is known to be a regular file of a
 * sensible size, before it is imported here (the CLI's probe of a top level that never ends).
 */
export async function loadUserApp(file: string, beforeImport?: (path: string) => Promise<void>): Promise<LoadedApp> {
  // `--app=` (or `--app ""`): an empty name would import the current folder.
  if (file === '') throw new UsageError('--app needs a file name, e.g. --app my-fix.ts');
  const wrongKind = notAModule(file);
  if (wrongKind !== null) throw new UsageError(`cannot load app ${file}: ${wrongKind}`);
  // Checked before the import, as every other input file is: importing a named pipe would wait
  // for a writer forever, and a device would grow memory. stat() opens nothing, so it cannot block.
  const st = statSync(file, { throwIfNoEntry: false });
  if (st && !st.isFile()) throw new UsageError(`cannot load app ${file}: it is not a regular file`);
  if (st && st.size > MAX_FILE_BYTES) throw new UsageError(`cannot load app ${file}: it has ${st.size} bytes, more than the limit of ${MAX_FILE_BYTES}`);
  if (st && beforeImport) await beforeImport(file);
  let mod: { default?: unknown };
  try {
    mod = await importApp(resolve(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      // Not by the message: a missing import of an ES module names the importing file, this one.
      (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && st === undefined
        ? noSuchFile(file)
        : code === undefined && e instanceof Error && !e.message.startsWith('Transform failed')
          ? `it threw ${e.name}: ${e.message.split('\n')[0]} (${placeOf(e)}as the module was loaded, outside any view)`
          : loadFailure(String((e as Error).message)) + missingExample(String((e as Error).message));
    throw new UsageError(`cannot load app ${file}: ${why}`);
  }
  const loaded = checkUserApp(ownDefault(mod), file, namedExports(mod));
  // This thread will run the views: the watchdog of a view that never yields watches it here.
  claimViewSlot();
  return loaded;
}
