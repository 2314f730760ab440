// CPU time of each thread of a command (Linux: /proc/<pid>/task/*/stat, sampled every 50 ms, so a
// thread that ends is counted up to its last sample), to see where a process's CPU goes: its main
// thread (MAIN), explore --workers' worker threads, and V8's helper threads (the collector's
// parallel and concurrent work, the optimising compiler), which process.cpuUsage() lumps together.
// All of them are named "node": the main thread is told by its id, the rest by their CPU.
//   node --import tsx bench/threadCpu.ts node --import tsx bench/exploreSplit.ts cache-pressure broken 2 400000
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const [command, ...args] = process.argv.slice(2);
if (!command) throw new Error('usage: threadCpu <command> [args...]');
const child = spawn(command, args, { stdio: 'inherit' });
const last = new Map<string, number>();

/** utime + stime of each thread, in ms (clock ticks of 10 ms). */
function sample(): void {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${child.pid}/task`);
  } catch {
    return;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${child.pid}/task/${tid}/stat`, 'utf8');
      // Fields after the command name's closing parenthesis, from the state (0): utime is 11, stime 12.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      last.set(tid, (Number(f[11]) + Number(f[12])) * 10);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
}

const timer = setInterval(sample, 50);
child.on('exit', () => {
  clearInterval(timer);
  const rows = [...last].filter(([, ms]) => ms > 0).sort((a, b) => b[1] - a[1]);
  let total = 0;
  for (const [tid, ms] of rows) {
    total += ms;
    process.stdout.write(`${String(ms).padStart(7)} ms  ${tid === String(child.pid) ? 'MAIN' : `thread ${tid}`}\n`);
  }
  process.stdout.write(`${String(total).padStart(7)} ms  all threads\n`);
});
