import { DataSource, QueryFailedError } from 'typeorm';
import { namedQuery } from '../src/database/named-query';
import { createTestApp, type TestApp } from './support/test-app';

/** Issue 14: hot reads as named prepared statements answer as db.query does, errors included. */
describe('namedQuery', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('gives the rows db.query gives, for each text and its parameters, however often it runs', async () => {
    const text = `SELECT $1::int + 1 AS n, $2::text AS s`;
    for (let i = 0; i < 8; i++) {
      expect(await namedQuery(db, text, [i, `æøå ${i}`])).toEqual(await db.query(text, [i, `æøå ${i}`]));
    }
    // Another text gets its own statement, not the first one's.
    expect(await namedQuery(db, `SELECT $1::int * 2 AS n`, [21])).toEqual([{ n: 42 }]);
  });

  it('fails as db.query fails, with the database error code, so the error filter answers it alike', async () => {
    const failure = await namedQuery(db, `SELECT $1::uuid AS id`, ['ikke-et-id']).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('22P02');
  });
});
