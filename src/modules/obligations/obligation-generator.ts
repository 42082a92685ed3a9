import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { learningLoopSnapshotsFor } from '../../../workflows/learning-loop/learning-loop.machine';
import { OBLIGATION_MACHINE_VERSION, OBLIGATION_SNAPSHOTS } from '../../../workflows/obligation/obligation.machine';
import { planLoopObligations, PlannedObligation } from '../../../workflows/planning/obligation-plan';
import { rammeById } from '../../../workflows/ramme';
import type { Governance, LocalDate, UnitType } from '../../../workflows/domain';
import { CHEF, LEADER, responsiblePerson, responsiblesJoin } from '../responsibles';

/** Stands in for "each registered next-layer leader" when the plan is computed once per group. */
const SUB_LEADER_PLACEHOLDER = '§subleader§';

export interface LoopGroup {
  ramme_id: string;
  starts_on: LocalDate;
  expected_end_on: LocalDate;
  variants: string[];
}

/**
 * Generates obligations set-based (R70): the plan is computed once per group
 * of loops that share framework version, start and expected end, and written
 * with one INSERT … SELECT per group joining every loop of the group to the
 * plan. A unique key (loop, kind, sequence, subject) and ON CONFLICT DO
 * NOTHING make generating twice harmless; the responsible chef, leader and
 * person on each due date (R3) are resolved in the same statement.
 */
@Injectable()
export class ObligationGenerator {
  async generate(em: EntityManager): Promise<number> {
    const groups: LoopGroup[] = await em.query(`
      SELECT l.ramme_id, l.starts_on::text, l.expected_end_on::text,
             array_agg(DISTINCT u.type || '/' || u.governance) AS variants
      FROM learning_loop l JOIN unit u ON u.id = l.unit_id
      WHERE l.state <> 'lukket'
      GROUP BY 1, 2, 3`);
    let written = 0;
    for (const group of groups) {
      const { base, subLeader } = planGroup(group);
      written += await this.insertBase(em, group, base);
      written += await this.insertSubLeaderFollowUps(em, group, subLeader);
      await this.startJoinedLoopsAtTheirFirstRound(em, group);
      await em.query(
        `UPDATE learning_loop SET planned_at = now() WHERE planned_at IS NULL AND ramme_id = $1 AND starts_on = $2 AND expected_end_on = $3`,
        [group.ramme_id, group.starts_on, group.expected_end_on],
      );
    }
    return written;
  }

  /**
   * A unit that joined mid-loop got only the samtaler still ahead of it; its
   * loop starts at the first of them (R20), with the audit trail saying so.
   */
  private async startJoinedLoopsAtTheirFirstRound(em: EntityManager, group: LoopGroup): Promise<void> {
    await em.query(
      `WITH first AS (
         SELECT l.id, l.unit_id, f.round
         FROM learning_loop l
         CROSS JOIN LATERAL (SELECT min(o.sequence) AS round FROM obligation o WHERE o.loop_id = l.id AND o.kind = 'laeringssamtale') f
         WHERE l.planned_at IS NULL AND l.state = 'runde1' AND l.ramme_id = $1 AND l.starts_on = $2 AND l.expected_end_on = $3
           AND f.round > 1),
       moved AS (
         UPDATE learning_loop l SET state = 'runde' || first.round, snapshot = ($4::jsonb) -> ('runde' || first.round), version = l.version + 1, updated_at = now()
         FROM first WHERE l.id = first.id RETURNING l.id, l.unit_id, l.state)
       INSERT INTO transition (unit_id, loop_id, event, from_state, to_state, reason)
       SELECT unit_id, id, 'JOINED_MID_LOOP', 'runde1', state, 'enheden åbnede midt i loopet' FROM moved`,
      [group.ramme_id, group.starts_on, group.expected_end_on, JSON.stringify(learningLoopSnapshotsFor(rammeById(group.ramme_id).samtaleCount))],
    );
  }

  private async insertBase(em: EntityManager, group: LoopGroup, plan: TemplateRow[]): Promise<number> {
    if (plan.length === 0) return 0;
    const result = await em.query(
      `${INSERT_HEAD}
       SELECT l.unit_id, l.id, t.kind, t.sequence, '', greatest(t.opens_on, u.valid_from), greatest(t.due_on, u.valid_from), t.role,
              ${RESPONSIBLES}, 'planned', $11::jsonb, $12
       FROM learning_loop l
       JOIN unit u ON u.id = l.unit_id
       JOIN unnest($4::text[], $5::text[], $6::text[], $7::int[], $8::date[], $9::date[], $10::text[], $13::date[])
            AS t(unit_type, governance, kind, sequence, opens_on, due_on, role, anchor_due_on)
         ON t.unit_type = u.type AND t.governance = u.governance
       ${RESPONSIBLE_JOINS}
       WHERE l.planned_at IS NULL AND l.state <> 'lukket'
         AND l.ramme_id = $1 AND l.starts_on = $2 AND l.expected_end_on = $3
         -- a unit that opens or closes mid-loop only gets what falls due while it exists;
         -- a datapakke goes with its samtale (anchor), due at once if the unit opened late
         AND t.anchor_due_on >= u.valid_from AND (u.valid_to IS NULL OR t.due_on <= u.valid_to)
       ${INSERT_TAIL}`,
      [
        group.ramme_id,
        group.starts_on,
        group.expected_end_on,
        plan.map((r) => r.unitType),
        plan.map((r) => r.governance),
        plan.map((r) => r.kind),
        plan.map((r) => r.sequence),
        plan.map((r) => r.opensOn),
        plan.map((r) => r.dueOn),
        plan.map((r) => r.responsibleRole),
        JSON.stringify(OBLIGATION_SNAPSHOTS.planned),
        OBLIGATION_MACHINE_VERSION,
        plan.map((r) => r.anchorDueOn),
      ],
    );
    return rowCount(result);
  }

  /**
   * R51: the leader's follow-ups with each next-layer leader registered on the
   * unit, for the windows that fall due while that person holds the role.
   * Runs for planned loops too, so a next-layer leader registered mid-loop is
   * picked up by the next pass; the NOT EXISTS keeps an idle pass cheap.
   */
  private async insertSubLeaderFollowUps(em: EntityManager, group: LoopGroup, plan: (PlannedObligation & { unitType: UnitType })[]): Promise<number> {
    if (plan.length === 0) return 0;
    const result = await em.query(
      `${INSERT_HEAD}
       SELECT l.unit_id, l.id, t.kind, t.sequence, s.person_id::text, greatest(t.opens_on, u.valid_from, s.valid_from), t.due_on, t.role,
              ${RESPONSIBLES}, 'planned', $9::jsonb, $10
       FROM learning_loop l
       JOIN unit u ON u.id = l.unit_id
       JOIN assignment s ON s.unit_id = l.unit_id AND s.role = 'subLeader'
         AND s.valid_from <= l.expected_end_on AND (s.valid_to IS NULL OR s.valid_to >= l.starts_on)
       JOIN unnest($4::text[], $5::int[], $6::date[], $7::date[], $8::text[], $11::text[])
            AS t(kind, sequence, opens_on, due_on, role, unit_type) ON t.unit_type = u.type
       ${RESPONSIBLE_JOINS}
       WHERE l.state <> 'lukket' AND l.ramme_id = $1 AND l.starts_on = $2 AND l.expected_end_on = $3
         -- a planned loop only needs a look at next-layer leaders registered or changed since
         AND (l.planned_at IS NULL OR s.updated_at >= l.planned_at)
         AND t.due_on >= s.valid_from AND (s.valid_to IS NULL OR t.due_on <= s.valid_to)
         AND t.due_on >= u.valid_from AND (u.valid_to IS NULL OR t.due_on <= u.valid_to)
         -- one look per assignment period, so a next-layer leader who returns gets the windows of the new period
         AND NOT EXISTS (
           SELECT 1 FROM obligation o
           WHERE o.loop_id = l.id AND o.kind = 'ledelsesopfoelgning' AND o.subject_key = s.person_id::text
             AND o.due_on >= s.valid_from AND (s.valid_to IS NULL OR o.due_on <= s.valid_to))
       ${INSERT_TAIL}`,
      [
        group.ramme_id,
        group.starts_on,
        group.expected_end_on,
        plan.map((r) => r.kind),
        plan.map((r) => r.sequence),
        plan.map((r) => r.opensOn),
        plan.map((r) => r.dueOn),
        plan.map((r) => r.responsibleRole),
        JSON.stringify(OBLIGATION_SNAPSHOTS.planned),
        OBLIGATION_MACHINE_VERSION,
        plan.map((r) => r.unitType),
      ],
    );
    return rowCount(result);
  }
}

export interface TemplateRow extends PlannedObligation {
  unitType: UnitType;
  governance: Governance;
  /** The due date that decides whether a unit opening mid-loop gets the row: a datapakke's is its samtale's. */
  anchorDueOn: LocalDate;
}

/** The plan of one group of loops: per unit variant, and the R51 windows for any next-layer leader. */
export function planGroup(group: LoopGroup): { base: TemplateRow[]; subLeader: (PlannedObligation & { unitType: UnitType })[] } {
  const ramme = rammeById(group.ramme_id);
  const base: TemplateRow[] = [];
  // R51: per unit type, as its cadence may differ (the same rows for each governance of a type).
  const subLeaderByType = new Map<UnitType, (PlannedObligation & { unitType: UnitType })[]>();
  for (const variant of group.variants) {
    const [unitType, governance] = variant.split('/') as [UnitType, Governance];
    const plan = planLoopObligations({
      ramme,
      loopStart: group.starts_on,
      unitType,
      governance,
      subLeaderIds: [SUB_LEADER_PLACEHOLDER],
      nextTreatment: group.expected_end_on,
    });
    const samtaleDue = new Map(plan.filter((row) => row.kind === 'laeringssamtale').map((row) => [row.sequence, row.dueOn]));
    for (const row of plan) {
      if (row.subjectKey === SUB_LEADER_PLACEHOLDER) continue;
      const anchorDueOn = row.kind === 'datapakke' ? samtaleDue.get(row.sequence) ?? row.dueOn : row.dueOn;
      base.push({ ...row, unitType, governance, anchorDueOn });
    }
    subLeaderByType.set(unitType, plan.filter((row) => row.subjectKey === SUB_LEADER_PLACEHOLDER).map((row) => ({ ...row, unitType })));
  }
  return { base, subLeader: [...subLeaderByType.values()].flat() };
}

const INSERT_HEAD = `
  WITH inserted AS (
  INSERT INTO obligation (unit_id, loop_id, kind, sequence, subject_key, opens_on, due_on, responsible_role,
                          chef_person_id, leader_person_id, responsible_person_id, state, snapshot, machine_version)`;

const INSERT_TAIL = `ON CONFLICT (loop_id, kind, sequence, subject_key) DO NOTHING RETURNING 1)
  SELECT count(*)::int AS n FROM inserted`;

const RESPONSIBLE_JOINS = responsiblesJoin('l.unit_id', 't.due_on', 't.role');

const RESPONSIBLES = `${CHEF}, ${LEADER}, ${responsiblePerson('t.role')}`;

function rowCount(result: { n: number }[]): number {
  return result[0]?.n ?? 0;
}
