// The machine and code a run of the bench measured: figures only compare within one run, and
// only mean something next to the hardware, Node version and commit they came from.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { createRequire } from 'node:module';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  totalMemoryMb: number;
  node: string;
  platform: string;
  arch: string;
  xstate: string;
  fastCheck: string;
  /** HEAD when the bench ran, and whether src/, sim/ or viz/ had uncommitted changes. */
  commit: string;
  modelDirty: boolean;
  /**
   * 1-minute load average when the bench started (and ended, see BenchResults): above the core
   * count, other processes competed for the CPU and every figure is lower than it would be.
   */
  loadAverage1m: number;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

function versionOf(pkg: string): string {
  try {
    return (createRequire(import.meta.url)(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    totalMemoryMb: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    xstate: versionOf('xstate'),
    fastCheck: versionOf('fast-check'),
    commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
    modelDirty: git(['status', '--porcelain', '--', 'src', 'sim', 'viz']) !== '',
    loadAverage1m: loadAverage1m(),
  };
}

export function loadAverage1m(): number {
  return Math.round(loadavg()[0] * 100) / 100;
}
