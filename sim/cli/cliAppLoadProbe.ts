// A loop at an app file's top level (outside any view) never gives control back to the thread
// that imports it, and no watchdog of this thread can stop it: the command hung. So an --app file
// is first imported in a throwaway worker thread, under the view budget; only a file whose top
// level ends is imported here. What the probe prints is dropped (the file runs twice; its output
// should show once), and any other failure is left to the real import, which words it.
import { Worker } from 'node:worker_threads';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../../src/config';
import { seconds, viewBudgetMs } from './cliViewWatchdog';

const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.tsx)
  .then((api) => api.tsImport(workerData.url, workerData.url))
  .then(() => parentPort.postMessage('loaded'), () => parentPort.postMessage('failed'));
`;

/** Resolves once `file`'s top level has run to its end (or failed) in a worker; throws if it is still running after the budget. */
export async function probeAppLoad(file: string, budgetMs = viewBudgetMs()): Promise<void> {
  const worker = new Worker(PROBE, {
    eval: true,
    stdout: true,
    stderr: true,
    workerData: { tsx: import.meta.resolve('tsx/esm/api'), url: pathToFileURL(resolve(file)).href },
  });
  worker.stdout.resume();
  worker.stderr.resume();
  let timer: NodeJS.Timeout | undefined;
  const ended = await Promise.race([
    new Promise<boolean>((done) => {
      worker.once('message', () => done(true));
      worker.once('error', () => done(true));
      worker.once('exit', () => done(true));
    }),
    new Promise<boolean>((done) => {
      timer = setTimeout(() => done(false), budgetMs);
    }),
  ]);
  clearTimeout(timer);
  await worker.terminate();
  if (!ended)
    throw new UsageError(
      `cannot load app ${file}: its top level ran for ${seconds(budgetMs)} without finishing, so it was stopped: does it loop forever? Code outside the views runs once, as the file loads; a loop belongs in a view, with a Django call on each pass`,
    );
}
