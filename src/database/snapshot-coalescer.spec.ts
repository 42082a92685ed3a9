import { SnapshotCoalescer } from './snapshot-coalescer';

/** A "database" whose snapshot statements finish only when the test says so; each returns `s<n>` (n from 1). */
function controlled() {
  const open: { resolve: (s: string) => void; reject: (e: Error) => void; n: number }[] = [];
  let issued = 0;
  const coalescer = new SnapshotCoalescer(
    () =>
      new Promise<string>((resolve, reject) => {
        issued++;
        open.push({ resolve, reject, n: issued });
      }),
  );
  const finish = async (error?: Error) => {
    const statement = open.shift()!;
    if (error) statement.reject(error);
    else statement.resolve(`s${statement.n}`);
    // Let the settled statement's handlers (and a queued start) run.
    await new Promise((r) => setImmediate(r));
  };
  return { coalescer, finish, issued: () => issued, inFlight: () => open.length };
}

describe('SnapshotCoalescer (issue 14: exact, read-your-writes)', () => {
  it('a request arriving while no statement runs starts one of its own', async () => {
    const { coalescer, finish, issued } = controlled();
    const a = coalescer.snapshot();
    expect(issued()).toBe(1);
    await finish();
    expect(await a).toBe('s1');
  });

  it('requests arriving during an in-flight statement do not share it: they wait for the next, which starts after they arrived', async () => {
    const { coalescer, finish, issued, inFlight } = controlled();
    const first = coalescer.snapshot();
    // Arrive while s1 runs (a write may have committed after s1 took its snapshot, before these arrived).
    const later = [coalescer.snapshot(), coalescer.snapshot(), coalescer.snapshot()];
    // At most one statement in flight: the next one is only queued.
    expect(issued()).toBe(1);
    expect(inFlight()).toBe(1);
    await finish();
    expect(await first).toBe('s1');
    // s2 started only after s1 settled, i.e. after every later request had arrived; all three share it.
    expect(issued()).toBe(2);
    await finish();
    expect(await Promise.all(later)).toEqual(['s2', 's2', 's2']);
  });

  it('under a steady stream: one statement per round trip, never more than one in flight, each request served by a statement issued after it arrived', async () => {
    const { coalescer, finish, issued, inFlight } = controlled();
    const served: { arrivedAfter: number; promise: Promise<string> }[] = [];
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 10; i++) served.push({ arrivedAfter: issued(), promise: coalescer.snapshot() });
      expect(inFlight()).toBeLessThanOrEqual(1);
      await finish();
    }
    while (inFlight() > 0) await finish();
    for (const { arrivedAfter, promise } of served) {
      const n = Number((await promise).slice(1));
      // The statement that served it was issued after the request arrived (its number is above every one issued before).
      expect(n).toBeGreaterThan(arrivedAfter);
    }
    expect(issued()).toBeLessThanOrEqual(6);
    expect(coalescer.statements).toBe(issued());
  });

  it('a failed statement fails the requests that waited for it, and the next arrival starts afresh', async () => {
    const { coalescer, finish } = controlled();
    const a = coalescer.snapshot();
    const waited = coalescer.snapshot();
    await finish(new Error('forbindelsen røg'));
    await expect(a).rejects.toThrow('forbindelsen røg');
    // The queued one started anyway (after the failure) and answers its requests.
    await finish();
    expect(await waited).toBe('s2');
    const fresh = coalescer.snapshot();
    await finish();
    expect(await fresh).toBe('s3');
  });
});
