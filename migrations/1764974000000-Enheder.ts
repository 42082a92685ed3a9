import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tilsynsenheder (R4) and the inspector flag (R90), as agreed in schema-enhed.md
 * with the branches `importer` and `tilsyn2`.
 *
 * - `enhed`: the sites of a dagtilbud; statutory tilsyn is per enhed. A unit
 *   without rows here has one implicit enhed with its own name (computed, not
 *   stored, so a unit's later first registered enhed replaces it cleanly).
 * - `person.tilsynsfoerende`: may be assigned as inspector of a visit (R90).
 *
 * Enheder are organisation data, so changes to them enter the audit trail by the
 * same trigger as units (R81); the trigger function learns that an enhed belongs
 * to its unit. `down` restores the function as migration 1764921000000 wrote it.
 */
export class Enheder1764974000000 implements MigrationInterface {
  name = 'Enheder1764974000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE enhed (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit (id),
        code varchar(64) NOT NULL,
        name varchar(200) COLLATE dansk NOT NULL,
        address varchar(300),
        next_layer_leader_person_id uuid REFERENCES person (id),
        valid_from date NOT NULL,
        valid_to date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT enhed_code_unique UNIQUE (code),
        CONSTRAINT enhed_valid_period CHECK (valid_to IS NULL OR valid_to >= valid_from)
      )`);
    await q.query(`CREATE INDEX enhed_unit ON enhed (unit_id, valid_from)`);
    await q.query(`CREATE INDEX enhed_next_layer_leader ON enhed (next_layer_leader_person_id) WHERE next_layer_leader_person_id IS NOT NULL`);
    await q.query(`ALTER TABLE person ADD COLUMN tilsynsfoerende boolean NOT NULL DEFAULT false`);
    await q.query(trailFunction(true));
    await q.query(`CREATE TRIGGER enhed_in_trail AFTER INSERT OR UPDATE OR DELETE ON enhed FOR EACH ROW EXECUTE FUNCTION organisation_trail()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER enhed_in_trail ON enhed`);
    await q.query(trailFunction(false));
    await q.query(`ALTER TABLE person DROP COLUMN tilsynsfoerende`);
    await q.query(`DROP TABLE enhed`);
  }
}

/** organisation_trail() of migration 1764921000000, with (`withEnhed`) or without the enhed → unit link. */
function trailFunction(withEnhed: boolean): string {
  const unitOf = withEnhed
    ? `CASE WHEN entity = 'unit' AND TG_OP <> 'DELETE' THEN after->>'id' WHEN entity IN ('assignment', 'enhed') THEN coalesce(after, before)->>'unit_id' END`
    : `CASE WHEN entity = 'unit' AND TG_OP <> 'DELETE' THEN after->>'id' WHEN entity = 'assignment' THEN coalesce(after, before)->>'unit_id' END`;
  const closable = withEnhed ? `('unit', 'assignment', 'enhed')` : `('unit', 'assignment')`;
  return `
      CREATE OR REPLACE FUNCTION organisation_trail() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        before jsonb := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) - 'created_at' - 'updated_at' END;
        after jsonb := CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) - 'created_at' - 'updated_at' END;
        entity text := TG_TABLE_NAME;
        event text;
        unit uuid;
      BEGIN
        IF TG_OP = 'UPDATE' AND before = after THEN
          RETURN NULL;
        END IF;
        event := upper(entity) || CASE TG_OP WHEN 'INSERT' THEN '_CREATED' WHEN 'DELETE' THEN '_DELETED' ELSE '_CHANGED' END;
        IF TG_OP = 'UPDATE' AND entity = 'person' AND (before->>'admin') <> (after->>'admin') THEN
          event := CASE WHEN (after->>'admin')::boolean THEN 'ADMIN_GRANTED' ELSE 'ADMIN_REVOKED' END;
        ELSIF TG_OP = 'UPDATE' AND entity IN ${closable} AND (after->>'valid_to') IS NOT NULL
              AND ((before->>'valid_to') IS NULL OR (after->>'valid_to')::date < (before->>'valid_to')::date)
              AND (before - 'valid_to') = (after - 'valid_to') THEN
          event := upper(entity) || '_CLOSED';
        END IF;
        -- A deleted unit cannot be referenced; its id stays in the payload.
        unit := ${unitOf};
        INSERT INTO transition (actor_person_id, unit_id, event, from_state, to_state, reason, payload)
        VALUES (
          nullif(current_setting('kvalitetsloop.actor', true), '')::uuid,
          unit,
          event,
          NULL,
          'recorded',
          coalesce(nullif(current_setting('kvalitetsloop.source', true), ''), 'uden for tjenesten'),
          jsonb_build_object('entity', entity, 'id', coalesce(after, before)->>'id', 'before', before, 'after', after)
        );
        RETURN NULL;
      END $$`;
}
