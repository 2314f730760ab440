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

  // A Python view that is not one call for one of its TypeScript twin: each stall would wait the
  // full 60 s given here (the test's 20 s timeout fails first), so these pass only if the gate
  // neither waits for an extra operation's turn nor for a missing one.
  it("runs a request's operations beyond the model's at once, and says where the real view parted from its twin", async () => {
    gate = await startScheduleGate(
      [
        { worker: 1, kind: 'db', request: 3, what: 'DELETE' },
        { worker: 1, kind: 'cache', request: 3, what: 'cache.deleteMany' },
        { worker: 2, kind: 'cache', request: 4, what: 'cache.get k' },
      ],
      60_000,
    );
    const ran: string[] = [];
    const op = async (worker: number, n: number, kind: string, what: string) => {
      const q = `worker=${worker}&n=${n}&kind=${kind}&what=${encodeURIComponent(what)}&view=delete`;
      await (await fetch(`http://127.0.0.1:${gate!.port}/gate?${q}`)).text();
      ran.push(`${worker} ${what}`);
      await (await fetch(`http://127.0.0.1:${gate!.port}/done?${q}`)).text();
    };
    const other = op(2, 4, 'cache', 'cache.get k');
    await op(1, 3, 'db', 'DELETE');
    for (const key of ['a', 'b', 'c']) await op(1, 3, 'cache', `cache.delete ${key}`);
    await (await fetch(`http://127.0.0.1:${gate.port}/end?worker=1&n=3&view=delete`)).text();
    await other;
    // The first delete takes deleteMany's turn (the order goes by worker and kind); worker 2's get is next; the extra ones run when they come.
    expect(ran).toEqual(['1 DELETE', '1 cache.delete a', '2 cache.get k', '1 cache.delete b', '1 cache.delete c']);
    expect(gate.divergences).toEqual([
      "the real work_item_delete (request 3; worker 1) made 4 operation(s), its TypeScript twin 2: at the 2nd, the real view ran cache.delete a (cache) where the model's ran cache.deleteMany (cache) (a loop of cache.delete is many operations; deleteMany is one: cache.delete_many(keys)). Model: DELETE, cache.deleteMany. Real: DELETE, cache.delete a, cache.delete b, cache.delete c. Write one Django call for each of the TypeScript view's, in the same order (docs/your-own-fix.md, \"On the real stack\")",
    ]);
  }, 20_000);

  it('skips the model operations of a request the real view answered without making, and says which never came', async () => {
    gate = await startScheduleGate(
      [
        { worker: 1, kind: 'db', request: 3, what: 'SELECT' },
        { worker: 1, kind: 'db', request: 3, what: 'DELETE' },
        { worker: 2, kind: 'cache', request: 4, what: 'cache.get k' },
      ],
      60_000,
    );
    const ran: string[] = [];
    const q = (worker: number, n: number, kind: string, what: string) => `worker=${worker}&n=${n}&kind=${kind}&what=${what}&view=delete`;
    const other = (async () => {
      await (await fetch(`http://127.0.0.1:${gate!.port}/gate?${q(2, 4, 'cache', 'cache.get k')}`)).text();
      ran.push('2 get');
      await (await fetch(`http://127.0.0.1:${gate!.port}/done?${q(2, 4, 'cache', 'cache.get k')}`)).text();
    })();
    await (await fetch(`http://127.0.0.1:${gate.port}/gate?${q(1, 3, 'db', 'SELECT')}`)).text();
    ran.push('1 SELECT');
    await (await fetch(`http://127.0.0.1:${gate.port}/done?${q(1, 3, 'db', 'SELECT')}`)).text();
    // The real view answered 404 here (get_object_or_404 found nothing): its DELETE never comes.
    await (await fetch(`http://127.0.0.1:${gate.port}/end?worker=1&n=3&view=delete`)).text();
    await other;
    expect(ran).toEqual(['1 SELECT', '2 get']);
    expect(gate.divergences).toHaveLength(1);
    expect(gate.divergences[0]).toMatch(/^the real work_item_delete \(request 3; worker 1\) made 1 operation\(s\), its TypeScript twin 2: the real view stopped before the model's 2nd, DELETE\./);
  }, 20_000);
});
