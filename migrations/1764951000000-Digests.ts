import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail digests (issue 10): one digest per person per day, built from the
 * reminder outbox. A reminder row records the digest that carried it, so
 * nothing is sent twice and nothing is lost; a digest is claimed for delivery
 * with FOR UPDATE SKIP LOCKED, so two replicas never send the same one.
 */
export class Digests1764951000000 implements MigrationInterface {
  name = 'Digests1764951000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE digest_preference (
        person_id uuid PRIMARY KEY REFERENCES person (id),
        frequency varchar(10) NOT NULL CONSTRAINT digest_preference_frequency_known CHECK (frequency IN ('dagligt', 'ugentligt', 'fra')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE digest (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_person_id uuid NOT NULL REFERENCES person (id),
        digest_on date NOT NULL,
        to_address varchar(320) NOT NULL,
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text NOT NULL,
        message_id varchar(200) NOT NULL CONSTRAINT digest_message_id_unique UNIQUE,
        status varchar(12) NOT NULL DEFAULT 'pending'
          CONSTRAINT digest_status_known CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'recorded')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        claimed_until timestamptz,
        last_error text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT digest_one_per_person_and_day UNIQUE (recipient_person_id, digest_on)
      )`);
    await q.query(`CREATE INDEX digest_deliverable ON digest (next_attempt_at) WHERE status IN ('pending', 'sending')`);
    await q.query(`CREATE INDEX digest_created ON digest (created_at)`);
    await q.query(`ALTER TABLE reminder ADD COLUMN digest_id uuid REFERENCES digest (id), ADD COLUMN obsolete_at timestamptz`);
    await q.query(`CREATE INDEX reminder_uncarried ON reminder (recipient_person_id) WHERE digest_id IS NULL AND obsolete_at IS NULL`);
    await q.query(`CREATE INDEX reminder_digest ON reminder (digest_id) WHERE digest_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX reminder_digest`);
    await q.query(`DROP INDEX reminder_uncarried`);
    await q.query(`ALTER TABLE reminder DROP COLUMN obsolete_at, DROP COLUMN digest_id`);
    await q.query(`DROP TABLE digest`);
    await q.query(`DROP TABLE digest_preference`);
  }
}
