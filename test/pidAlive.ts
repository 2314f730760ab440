// Whether a process still runs, for tests that check none is left behind (a pool's children, a
// killed browser): signal 0 tests for the process without touching it.

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (up to ~10 s) until none of `pids` runs; true if so. */
export async function allGone(pids: number[]): Promise<boolean> {
  for (let k = 0; k < 200 && pids.some(alive); k++) await new Promise((r) => setTimeout(r, 50));
  return !pids.some(alive);
}
