import { MigrationInterface, QueryRunner } from 'typeorm';

/** The statutory obligation kinds (R74): they belong to an enhed or a school and a cycle, never to a learning loop. */
const STATUTORY_KINDS = `('tilsynsbesoeg', 'tilsynsdokumentation', 'tilsynsdialog', 'bestyrelsesorientering', 'handleplan',
  'bestyrelsesorientering_handleplan', 'tilsynsrapport', 'skoleudviklingssamtale')`;

/**
 * Statutory tilsyn visits (R74, R90–R92) as obligations.
 *
 * - `obligation.loop_id` becomes optional: a statutory obligation has no loop
 *   (R74: a byråd treatment, which moves loops, never touches it); a CHECK
 *   keeps loop-less rows to the statutory kinds and loops to the others. Their
 *   "generated once" key (R70) is (unit, enhed, kind, sequence, subject).
 * - `enhed_id` (R4; NULL: the unit's implicit enhed) and `statutory_cycle`.
 * - `secret_until_held` and `inspector_person_ids`: the two facts R91's one
 *   visibility predicate (src/modules/obligations/visibility.ts) needs, on the
 *   row it filters, so every read path answers it without a join.
 * - `tilsyn_visit`: what only a visit has (announcement, trigger, outcome),
 *   1:1 with its obligation; the visit's id is its obligation's id.
 */
export class TilsynVisits1764974100000 implements MigrationInterface {
  name = 'TilsynVisits1764974100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE obligation ALTER COLUMN loop_id DROP NOT NULL`);
    await q.query(`ALTER TABLE obligation ADD COLUMN enhed_id uuid REFERENCES enhed (id)`);
    await q.query(`ALTER TABLE obligation ADD COLUMN statutory_cycle varchar(16)`);
    await q.query(`ALTER TABLE obligation ADD COLUMN secret_until_held boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE obligation ADD COLUMN inspector_person_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE obligation ADD CONSTRAINT obligation_r74_statutory_without_loop CHECK ((loop_id IS NULL) = (kind IN ${STATUTORY_KINDS}))`);
    await q.query(`ALTER TABLE obligation ADD CONSTRAINT obligation_r91_only_visits_secret CHECK (NOT secret_until_held OR kind = 'tilsynsbesoeg')`);
    await q.query(`
      CREATE UNIQUE INDEX obligation_r70_statutory_once ON obligation (unit_id, (coalesce(enhed_id::text, '')), kind, sequence, subject_key)
      WHERE loop_id IS NULL`);
    await q.query(`CREATE INDEX obligation_enhed ON obligation (enhed_id) WHERE enhed_id IS NOT NULL`);
    await q.query(`CREATE INDEX obligation_inspectors ON obligation USING gin (inspector_person_ids) WHERE inspector_person_ids <> '{}'`);
    await q.query(`
      CREATE TABLE tilsyn_visit (
        obligation_id uuid PRIMARY KEY REFERENCES obligation (id),
        unit_id uuid NOT NULL REFERENCES unit (id),
        enhed_id uuid REFERENCES enhed (id),
        announcement varchar(16) NOT NULL CONSTRAINT tilsyn_visit_announcement_known CHECK (announcement IN ('anmeldt', 'uanmeldt')),
        trigger varchar(32) NOT NULL CONSTRAINT tilsyn_visit_trigger_known CHECK (trigger IN ('ordinaer', 'skaerpet_opfoelgning', 'bekymring')),
        outcome varchar(32) CONSTRAINT tilsyn_visit_outcome_known
          CHECK (outcome IN ('ingen_opfoelgning', 'opfoelgningspunkter', 'skaerpet_tilsyn', 'skaerpet_tilsyn_handleplan')),
        tilsynsramme_id varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX tilsyn_visit_unit ON tilsyn_visit (unit_id, enhed_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Statutory obligations cannot live under a NOT NULL loop_id, and the append-only trail refers to them:
    // rolling back over recorded tilsyn would destroy history, so it is refused.
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM obligation WHERE loop_id IS NULL) THEN
          RAISE EXCEPTION 'Migrering 1764974100000 kan ikke rulles tilbage: der findes lovpligtige tilsynsforpligtelser (R74), og revisionssporet henviser til dem';
        END IF;
      END $$`);
    await q.query(`DROP TABLE tilsyn_visit`);
    await q.query(`DROP INDEX obligation_inspectors`);
    await q.query(`DROP INDEX obligation_enhed`);
    await q.query(`DROP INDEX obligation_r70_statutory_once`);
    await q.query(`ALTER TABLE obligation DROP CONSTRAINT obligation_r91_only_visits_secret`);
    await q.query(`ALTER TABLE obligation DROP CONSTRAINT obligation_r74_statutory_without_loop`);
    await q.query(`ALTER TABLE obligation DROP COLUMN inspector_person_ids`);
    await q.query(`ALTER TABLE obligation DROP COLUMN secret_until_held`);
    await q.query(`ALTER TABLE obligation DROP COLUMN statutory_cycle`);
    await q.query(`ALTER TABLE obligation DROP COLUMN enhed_id`);
    await q.query(`ALTER TABLE obligation ALTER COLUMN loop_id SET NOT NULL`);
  }
}
