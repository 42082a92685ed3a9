import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LocalDate } from '../../../workflows/domain';
import { OBLIGATION_MACHINE_VERSION, OBLIGATION_SNAPSHOTS } from '../../../workflows/obligation/obligation.machine';
import { schoolYearsToGenerate, schoolYearWindow, SKOLEUDVIKLING_SETTINGS } from '../../../workflows/tilsyn/skoleudvikling';
import { CHEF, LEADER, responsiblePerson, responsiblesJoin } from '../responsibles';

/**
 * R94/R74: one `skoleudviklingssamtale` per folkeskole per school year, as an
 * obligation of the school in its statutory cycle (no learning loop, so a
 * byråd treatment never touches it). One set-based INSERT for every school;
 * the partial unique key (unit, kind, school year) and ON CONFLICT DO NOTHING
 * make a second pass harmless. The chef and leader on the due date (R3).
 */
@Injectable()
export class SkoleudviklingGenerator {
  /** Returns how many obligations were created. */
  async generate(em: EntityManager, today: LocalDate, settings = SKOLEUDVIKLING_SETTINGS): Promise<number> {
    const years = schoolYearsToGenerate(today, settings);
    if (years.length === 0) return 0;
    const windows = years.map(schoolYearWindow);
    const [{ n }] = await em.query(
      `WITH t AS (SELECT * FROM unnest($1::int[], $2::date[], $3::date[]) AS t(school_year, opens_on, due_on)),
       inserted AS (
         INSERT INTO obligation (unit_id, loop_id, kind, sequence, subject_key, opens_on, due_on, responsible_role,
                                 chef_person_id, leader_person_id, responsible_person_id, state, snapshot, machine_version)
         SELECT u.id, NULL, 'skoleudviklingssamtale', t.school_year, '', greatest(t.opens_on, u.valid_from), t.due_on, $4,
                ${CHEF}, ${LEADER}, ${responsiblePerson('$4')}, 'planned', $8::jsonb, $9
         FROM unit u CROSS JOIN t
         ${responsiblesJoin('u.id', 't.due_on', '$4')}
         WHERE u.type = ANY($5::text[]) AND u.governance = ANY($6::text[]) AND ($7::boolean OR NOT u.special)
           AND u.valid_from <= t.due_on AND (u.valid_to IS NULL OR u.valid_to >= t.opens_on)
         ON CONFLICT DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM inserted`,
      [
        years,
        windows.map((w) => w.opensOn),
        windows.map((w) => w.dueOn),
        settings.responsibleRole,
        settings.unitTypes,
        settings.governances,
        settings.includeSpecialSchools,
        JSON.stringify(OBLIGATION_SNAPSHOTS.planned),
        OBLIGATION_MACHINE_VERSION,
      ],
    );
    return n;
  }
}
