import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Browser sessions for the web pages (express-session + connect-pg-simple).
 * Kept in PostgreSQL so any replica can serve any request; created here rather
 * than by the library's auto-create so the schema comes only from migrations.
 * The columns are the ones connect-pg-simple reads and writes.
 */
export class WebSessions1764940000000 implements MigrationInterface {
  name = 'WebSessions1764940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE web_session (
        sid varchar NOT NULL CONSTRAINT web_session_pkey PRIMARY KEY,
        sess json NOT NULL,
        expire timestamp(6) NOT NULL
      )`);
    await q.query(`CREATE INDEX web_session_expire ON web_session (expire)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE web_session`);
  }
}
