import type { DataSource } from 'typeorm';
import { normalisedQuery, ReadCache, ReadCacheSettings } from './read-cache';

/** A cache whose "database" hands out the snapshots in `snapshots`, one per request. */
function cacheWith(maxBytes: number, snapshots: string[] = ['1:1:']): { cache: ReadCache; roundTrips: () => number } {
  let n = 0;
  const db = { driver: {}, query: async () => [{ s: snapshots[Math.min(n++, snapshots.length - 1)] }] } as unknown as DataSource;
  return { cache: new ReadCache(db, new ReadCacheSettings(maxBytes)), roundTrips: () => n };
}

describe('ReadCache', () => {
  it('a second read under the same snapshot and key is a hit; another snapshot is a miss', async () => {
    const { cache } = cacheWith(1024, ['10:12:11', '10:12:11', '10:13:']);
    let computed = 0;
    const read = (request: object) => cache.forRequest(request, 'k', () => 1, async () => ++computed);
    expect(await read({})).toBe(1);
    expect(await read({})).toBe(1);
    // A commit moved the snapshot: computed again.
    expect(await read({})).toBe(2);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2 });
  });

  it('one snapshot round trip per request, shared by every read the request caches', async () => {
    const { cache, roundTrips } = cacheWith(1024);
    const request = {};
    await cache.forRequest(request, 'person', () => 1, async () => 'p');
    await cache.forRequest(request, 'answer', () => 1, async () => 'a');
    expect(roundTrips()).toBe(1);
  });

  it('concurrent misses of one key compute once and share the answer', async () => {
    const { cache } = cacheWith(1024);
    let computed = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const compute = async () => {
      computed++;
      await gate;
      return 'svar';
    };
    const all = Promise.all([1, 2, 3, 4, 5].map(() => cache.through('s|k', () => 4, compute)));
    release();
    expect(await all).toEqual(['svar', 'svar', 'svar', 'svar', 'svar']);
    expect(computed).toBe(1);
    expect(cache.stats()).toMatchObject({ misses: 1, coalesced: 4 });
  });

  it('a failed computation is passed to every waiter and not kept', async () => {
    const { cache } = cacheWith(1024);
    const failing = async () => {
      throw new Error('nej');
    };
    await expect(Promise.all([cache.through('s|k', () => 1, failing), cache.through('s|k', () => 1, failing)])).rejects.toThrow('nej');
    expect(await cache.through('s|k', () => 1, async () => 'ja')).toBe('ja');
  });

  it('is bounded in bytes: the least recently used answers are evicted', async () => {
    const { cache } = cacheWith(10_000);
    let computed = 0;
    const read = (key: string) => cache.through(key, () => 3_000, async () => `${key}:${++computed}`);
    await read('a');
    await read('b');
    await read('c');
    await read('a'); // a hit: now the most recently used
    await read('d'); // 4 × 3,000 bytes (+ the keys) > 10,000: b goes
    expect(cache.stats().bytes).toBeLessThanOrEqual(10_000);
    expect(cache.stats().entries).toBe(3);
    expect(await read('a')).toBe('a:1');
    expect(await read('b')).toBe('b:5'); // computed again
  });

  it('an answer larger than the whole cache is served but not kept', async () => {
    const { cache } = cacheWith(1_000);
    let computed = 0;
    const read = () => cache.through('big', () => 5_000, async () => ++computed);
    expect(await read()).toBe(1);
    expect(await read()).toBe(2);
    expect(cache.stats().entries).toBe(0);
  });

  it('READ_CACHE_MB=0 switches it off: every read computes, and no snapshot is taken', async () => {
    const { cache, roundTrips } = cacheWith(0);
    let computed = 0;
    const request = {};
    await cache.forRequest(request, 'k', () => 1, async () => ++computed);
    await cache.forRequest(request, 'k', () => 1, async () => ++computed);
    expect(cache.enabled).toBe(false);
    expect(computed).toBe(2);
    expect(roundTrips()).toBe(0);
  });

  it('entries of superseded snapshots are dropped: about two snapshots are kept, and an answer for a dropped one is not stored (issue 15)', async () => {
    const { cache } = cacheWith(1 << 20, ['1:1:', '1:1:', '2:2:', '3:3:', '3:3:']);
    let computed = 0;
    const read = (request: object, key: string) => cache.forRequest(request, key, () => 10, async () => `${key}:${++computed}`);
    const first = {};
    await read(first, 'a');
    await read({}, 'b');
    expect(cache.stats().entries).toBe(2);
    // Snapshot 2: a new generation; snapshot 1's entries stay for requests still holding it.
    await read({}, 'a');
    expect(cache.stats().entries).toBe(3);
    // Snapshot 3: snapshot 1's entries are dropped, 2's kept.
    await read({}, 'a');
    expect(cache.stats().entries).toBe(2);
    // A request still holding snapshot 1 misses, gets a correct answer, and it is not stored.
    expect(await read(first, 'a')).toBe('a:5');
    expect(cache.stats().entries).toBe(2);
    // The same snapshot again is the same generation: a hit.
    expect(await read({}, 'a')).toBe('a:4');
  });

  it('normalises the query string: order does not matter, values do', () => {
    expect(normalisedQuery('/x?b=2&a=1')).toBe(normalisedQuery('/x?a=1&b=2'));
    expect(normalisedQuery('/x?days=10')).not.toBe(normalisedQuery('/x?days=11'));
    expect(normalisedQuery('/x')).toBe('');
  });
});
