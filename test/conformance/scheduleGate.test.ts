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

  it('lets an operation the model does not have go on after a while, and says so', async () => {
    gate = await startScheduleGate([{ worker: 2, kind: 'db' }], 500);
    const ran: string[] = [];
    await operation(gate.port, 1, 'cache', ran);
    expect(ran).toEqual(['1 cache']);
    expect(gate.divergences).toHaveLength(1);
    expect(gate.divergences[0]).toMatch(/operation 1 \(db on worker 2\) did not come/);
  }, 20_000);
});
