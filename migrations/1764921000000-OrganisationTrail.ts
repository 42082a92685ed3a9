import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisation changes in the audit trail (R1, R81): every insert, change or
 * removal of a unit, person or assignment appends a `transition` row with
 * who (`actor_person_id`), when, and the row before and after (`payload`).
 *
 * Written by triggers, so no path around the service escapes it: the API, the
 * CSV import, a chef replaced the day before a new one starts, assignments a
 * unit's closing ends, and SQL typed by hand. The service names the actor and
 * the source for its transaction with
 * `set_config('kvalitetsloop.actor' | 'kvalitetsloop.source', …, true)`
 * (src/modules/organisation/organisation-trail.ts); a change made outside it
 * has no actor and says so.
 */
export class OrganisationTrail1764921000000 implements MigrationInterface {
  name = 'OrganisationTrail1764921000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION organisation_trail() RETURNS trigger LANGUAGE plpgsql AS $$
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
        ELSIF TG_OP = 'UPDATE' AND entity IN ('unit', 'assignment') AND (after->>'valid_to') IS NOT NULL
              AND ((before->>'valid_to') IS NULL OR (after->>'valid_to')::date < (before->>'valid_to')::date)
              AND (before - 'valid_to') = (after - 'valid_to') THEN
          event := upper(entity) || '_CLOSED';
        END IF;
        -- A deleted unit cannot be referenced; its id stays in the payload.
        unit := CASE WHEN entity = 'unit' AND TG_OP <> 'DELETE' THEN after->>'id' WHEN entity = 'assignment' THEN coalesce(after, before)->>'unit_id' END;
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
      END $$`);
    for (const table of ['unit', 'person', 'assignment']) {
      await q.query(`CREATE TRIGGER ${table}_in_trail AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION organisation_trail()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['unit', 'person', 'assignment']) {
      await q.query(`DROP TRIGGER ${table}_in_trail ON ${table}`);
    }
    await q.query(`DROP FUNCTION organisation_trail()`);
  }
}
