import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calendar subscription feeds: one per person. Only the SHA-256 of the feed
 * token is stored; the token itself is shown once, when it is created.
 */
export class CalendarFeeds1764000000000 implements MigrationInterface {
  name = 'CalendarFeeds1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_feed (
        person_id uuid PRIMARY KEY REFERENCES person (id),
        token_hash char(64) NOT NULL CONSTRAINT calendar_feed_token_hash_unique UNIQUE
          CONSTRAINT calendar_feed_token_hash_hex CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_feed`);
  }
}
