// The real CLI in a child process, sent a signal once its first progress line is on stderr: how
// Ctrl-C (SIGINT) and a CI runner's or Kubernetes' stop (SIGTERM) reach a long check or explore.
import { spawn } from 'node:child_process';

export function signalledCli(argv: string[], signal: NodeJS.Signals, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/cachelab.js', ...argv], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    let err = '';
    let sent = false;
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      err += d;
      if (!sent && /\[\d+ s\] /.test(err)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
