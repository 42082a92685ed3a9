import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CurrentUser } from '../auth';
import { namesForObligations, PersonNames, toUnitResponse, Unit } from '../organisation';
import { Obligation } from './obligation.entities';
import { toObligationResponse as toResponse } from './obligation.mapper';
import { canSeeObligation, type RoleInOffice } from './visibility';

/**
 * A unit's story: its loops, each round's samtale, datapakke and board
 * input, every obligation with its state, and the focus areas and
 * agreements recorded so far. Only what the caller may see.
 */
@Injectable()
export class TimelineService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async forUnit(unitId: string, user: CurrentUser, rolesToday: readonly RoleInOffice[] = []) {
    const unit = await this.db.getRepository(Unit).findOneByOrFail({ id: unitId });
    const loops: { id: string; state: string; startsOn: string; expectedEndOn: string; endedOn: string | null; rammeId: string; ageArea: string; year: number; themes: string[] }[] =
      await this.db.query(
        `SELECT l.id, l.state, l.starts_on::text AS "startsOn", l.expected_end_on::text AS "expectedEndOn", l.ended_on::text AS "endedOn",
                l.ramme_id AS "rammeId", r.age_area AS "ageArea", r.year, r.themes
         FROM learning_loop l JOIN quality_report r ON r.id = l.quality_report_id
         WHERE l.unit_id = $1 ORDER BY l.starts_on DESC`,
        [unitId],
      );
    // id last: without it, equal (due, kind, sequence) — R51's follow-ups for several leaders — came in whatever order the plan
    // of the moment gave, and the same timeline could read differently (and change its ETag) from one call to the next.
    const obligations = (
      await this.db.getRepository(Obligation).find({ where: { unitId }, order: { dueOn: 'ASC', kind: 'ASC', sequence: 'ASC', id: 'ASC' } })
    ).filter((o) =>
      canSeeObligation(user, o, rolesToday),
    );
    const names = await namesForObligations(this.db, obligations);
    const toObligationResponse = (o: Obligation) => toResponse(o, names, user);
    return {
      unit: toUnitResponse(unit),
      loops: loops.map((loop) => {
        const own = obligations.filter((o) => o.loopId === loop.id);
        const samtaler = own.filter((o) => o.kind === 'laeringssamtale');
        return {
          id: loop.id,
          state: loop.state,
          startsOn: loop.startsOn,
          expectedEndOn: loop.expectedEndOn,
          endedOn: loop.endedOn,
          rammeId: loop.rammeId,
          qualityReport: { ageArea: loop.ageArea, year: loop.year, themes: loop.themes },
          rounds: samtaler.map((samtale) => ({
            sequence: samtale.sequence,
            samtale: toObligationResponse(samtale),
            datapakke: pick(own, 'datapakke', samtale.sequence, names),
            bestyrelsesinput: pick(own, 'bestyrelsesinput', samtale.sequence, names),
          })),
          focusAreas: samtaler.flatMap((s) => (s.state === 'completed' ? ((s.completion?.focusAreas as unknown[]) ?? []) : [])),
          agreements: samtaler
            .filter((s) => s.state === 'completed')
            .map((s) => ({
              sequence: s.sequence,
              heldOn: s.completedOn,
              agreements: (s.completion?.agreements as string[]) ?? [],
              // R32: the chain — what this samtale recorded about the previous one's agreements.
              followUpOfPrevious: (s.completion?.agreementFollowUp as unknown[]) ?? [],
            })),
          obligations: own.map(toObligationResponse),
        };
      }),
    };
  }
}

function pick(obligations: Obligation[], kind: string, sequence: number, names: PersonNames) {
  const found = obligations.find((o) => o.kind === kind && o.sequence === sequence);
  return found ? toResponse(found, names) : null;
}
