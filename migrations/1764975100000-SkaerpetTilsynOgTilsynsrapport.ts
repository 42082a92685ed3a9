import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * R95/R96: skærpet tilsyn as a recorded state of an enhed, with its
 * handleplan's board comment window and the board's comments; R93: the
 * published tilsynsrapporter of an enhed. `enhed_id` is NULL for a unit's
 * implicit enhed (R4: a dagtilbud without registered enheder).
 * One open case per enhed, enforced by a partial unique index. The issue's
 * kind `bestyrelsesorientering_handleplan` is 33 characters: obligation.kind
 * widens to 40.
 */
export class SkaerpetTilsynOgTilsynsrapport1764975100000 implements MigrationInterface {
  name = 'SkaerpetTilsynOgTilsynsrapport1764975100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE obligation ALTER COLUMN kind TYPE varchar(40)`);
    await q.query(`
      CREATE TABLE skaerpet_tilsyn (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit (id),
        enhed_id uuid REFERENCES enhed (id),
        state varchar(16) NOT NULL DEFAULT 'aaben' CONSTRAINT skaerpet_tilsyn_state_known CHECK (state IN ('aaben', 'afsluttet')),
        trigger varchar(32) NOT NULL CONSTRAINT skaerpet_tilsyn_trigger_known CHECK (trigger IN ('tilsynsbesoeg', 'anden_bekymring')),
        visit_id uuid,
        with_handleplan boolean NOT NULL,
        found_on date NOT NULL,
        decided_on date NOT NULL,
        decided_by uuid REFERENCES person (id),
        reason text NOT NULL,
        ended_on date,
        ended_by uuid REFERENCES person (id),
        end_reason text,
        comment_window_opens_on date,
        comment_window_closes_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT skaerpet_tilsyn_decided_after_finding CHECK (decided_on >= found_on),
        CONSTRAINT skaerpet_tilsyn_ended CHECK ((state = 'afsluttet') = (ended_on IS NOT NULL) AND (ended_on IS NULL OR (ended_on >= decided_on AND end_reason IS NOT NULL))),
        CONSTRAINT skaerpet_tilsyn_comment_window CHECK ((comment_window_opens_on IS NULL) = (comment_window_closes_on IS NULL) AND (comment_window_closes_on IS NULL OR comment_window_closes_on >= comment_window_opens_on))
      )`);
    await q.query(`CREATE UNIQUE INDEX skaerpet_tilsyn_one_open_per_enhed ON skaerpet_tilsyn (unit_id, coalesce(enhed_id, unit_id)) WHERE state = 'aaben'`);
    await q.query(`CREATE INDEX skaerpet_tilsyn_unit ON skaerpet_tilsyn (unit_id, decided_on)`);
    await q.query(`
      CREATE TABLE skaerpet_tilsyn_bemaerkning (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        skaerpet_tilsyn_id uuid NOT NULL REFERENCES skaerpet_tilsyn (id),
        received_on date NOT NULL,
        text text NOT NULL CONSTRAINT skaerpet_tilsyn_bemaerkning_text CHECK (length(btrim(text)) > 0),
        recorded_by uuid REFERENCES person (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX skaerpet_tilsyn_bemaerkning_case ON skaerpet_tilsyn_bemaerkning (skaerpet_tilsyn_id, received_on)`);
    await q.query(`
      CREATE TABLE tilsynsrapport (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit (id),
        enhed_id uuid REFERENCES enhed (id),
        published_on date NOT NULL,
        url varchar(2000) NOT NULL CONSTRAINT tilsynsrapport_url_http CHECK (url ~ '^https?://'),
        recorded_by uuid REFERENCES person (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX tilsynsrapport_enhed ON tilsynsrapport (unit_id, coalesce(enhed_id, unit_id), published_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tilsynsrapport`);
    await q.query(`DROP TABLE skaerpet_tilsyn_bemaerkning`);
    await q.query(`DROP TABLE skaerpet_tilsyn`);
    await q.query(`ALTER TABLE obligation ALTER COLUMN kind TYPE varchar(32)`);
  }
}
