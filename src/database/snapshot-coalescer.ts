/**
 * Shares `pg_current_snapshot()` round trips between requests without giving
 * up exactness (issue 14).
 *
 * Every cached read used to take its own snapshot: 3,000+ tiny statements a
 * second for PostgreSQL on the same two cores. Sharing one is exact only
 * under one condition: the snapshot a request uses must be taken AFTER the
 * request arrived. Whatever committed before the request arrived (above all
 * the client's own earlier write, whose answer it had before sending this
 * request) is then visible in it, so read-your-writes and "the answer
 * the database could have given at that moment" both hold.
 * A statement already running when the request arrives may have taken its
 * snapshot before that write committed: joining it would be stale. Hence:
 *
 * - at most one snapshot statement in flight;
 * - a request arriving while none runs starts one;
 * - a request arriving while one runs waits for the NEXT one, which starts
 *   when the running one settles, and is shared by everyone who arrived in
 *   the meantime (all of them arrived before it starts).
 *
 * So under load PostgreSQL sees about one snapshot statement per round-trip
 * time instead of one per request, and each request waits at most two round
 * trips. A failed statement fails exactly the requests that waited for it;
 * the next arrival starts afresh.
 */
export class SnapshotCoalescer {
  private running?: Promise<string>;
  private next?: Promise<string>;
  /** Statements issued since the process started (bench and tests read it). */
  statements = 0;

  /** @param take one round trip that returns the database's current snapshot text */
  constructor(private readonly take: () => Promise<string>) {}

  /** A snapshot taken after this call (see the class). */
  snapshot(): Promise<string> {
    // A queued statement has not started yet: joining it is joining one that starts after this call.
    if (this.next) return this.next;
    if (!this.running) return this.start();
    // Queued behind the running statement: starts when it settles, so after every request that joins it.
    this.next ??= this.running.then(
      () => this.startQueued(),
      () => this.startQueued(),
    );
    return this.next;
  }

  private startQueued(): Promise<string> {
    this.next = undefined;
    return this.start();
  }

  private start(): Promise<string> {
    this.statements++;
    const statement = this.take();
    this.running = statement;
    const settle = () => {
      if (this.running === statement) this.running = undefined;
    };
    statement.then(settle, settle);
    return statement;
  }
}
