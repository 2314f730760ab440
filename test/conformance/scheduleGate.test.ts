// The rig's gated mode lets real workers' operations run in the model's order, whatever order
// they ask in, and says so when the real stack asks for one the model's order does not have.
import { afterEach, describe, expect, it } from 'vitest';
import { startScheduleGate, type ScheduleGate } from './stack/scheduleGate';

let gate: ScheduleGate | null = null;
afterEach(async () => {
  await gate?.close();
  gate = null;
});

/** One operation as schedule_gate.py runs it: wait for the turn, note it, say done. */
async function operation(port: number, worker: number, kind: string, ran: string[]): Promise<void> {
  await (await fetch(`http://127.0.0.1:${port}/gate?worker=${worker}&n=1&kind=${kind}`)).text();
  ran.push(`${worker} ${kind}`);
  await (await fetch(`http://127.0.0.1:${port}/done?worker=${worker}&n=1&kind=${kind}`)).text();
}

describe('the schedule gate', () => {
  it("runs the workers' operations in the model's order, not in the order they ask", async () => {
    gate = await startScheduleGate([
      { worker: 2, kind: 'db' },
      { worker: 1, kind: 'cache' },
      { worker: 2, kind: 'cache' },
    ]);
    const ran: string[] = [];
    const port = gate.port;
    const one = operation(port, 1, 'cache', ran);
    await new Promise((r) => setTimeout(r, 100));
    const two = operation(port, 2, 'db', ran).then(() => operation(port, 2, 'cache', ran));
    await Promise.all([one, two]);
    expect(ran).toEqual(['2 db', '1 cache', '2 cache']);
    expect(gate.divergences).toEqual([]);
  });

  it("goes on past a statement that waits for a lock without waiting for it to finish, and ignores its late done", async () => {
    // Worker 2's DELETE waits for worker 1's transaction (the model's waitFor): it finishes only
    // once worker 1 has committed, so waiting for its done before worker 1's COMMIT would hang.
    gate = await startScheduleGate(
      [
        { worker: 2, kind: 'db', blocks: true },
        { worker: 1, kind: 'db' },
        { worker: 2, kind: 'db' },
      ],
      5_000,
    );
    const port = gate.port;
    const ran: string[] = [];
    let committed: () => void = () => {};
    const commit = new Promise<void>((r) => (committed = r));
    const blocked = (async () => {
      await (await fetch(`http://127.0.0.1:${port}/gate?worker=2&n=1&kind=db`)).text();
      await commit;
      ran.push('2 delete (after the lock)');
      await (await fetch(`http://127.0.0.1:${port}/done?worker=2&n=1&kind=db`)).text();
      await operation(port, 2, 'db', ran);
    })();
    await new Promise((r) => setTimeout(r, 100));
    await operation(port, 1, 'db', ran);
    committed();
    await blocked;
    expect(ran).toEqual(['1 db', '2 delete (after the lock)', '2 db']);
    expect(gate.divergences).toEqual([]);
  }, 20_000);

  it('lets an operation the model does not have go on after a while, and says so', async () => {
    gate = await startScheduleGate([{ worker: 2, kind: 'db' }], 500);
    const ran: string[] = [];
    await operation(gate.port, 1, 'cache', ran);
    expect(ran).toEqual(['1 cache']);
    expect(gate.divergences).toHaveLength(1);
    expect(gate.divergences[0]).toMatch(/operation 1 \(db on worker 2\) did not come/);
  }, 20_000);
});
