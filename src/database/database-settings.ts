/**
 * What the service knows of its database beyond TypeORM's pool: the URL (so
 * the readiness probe and the audit's heavy-read pool open connections of
 * their own) and the request pool's size (DATABASE_POOL_SIZE).
 */
export class DatabaseSettings {
  constructor(
    readonly url: string,
    /** Connections in the request pool (TypeORM's); the audit's heavy-read pool is a fifth of it, at least 1. */
    readonly poolSize: number,
  ) {}

  /** Connections the heavy reads (the coverage audit and its CSV) may hold at once, beside the request pool. */
  get heavyReadPoolSize(): number {
    return Math.max(1, Math.floor(this.poolSize / 5));
  }
}
