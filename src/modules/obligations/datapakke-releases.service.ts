import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { checkRelease } from '../../../workflows/datapakke/release.rules';
import type { AgeArea, LocalDate } from '../../../workflows/domain';
import { ageAreaOf } from '../../../workflows/domain';
import { Clock } from '../../common/clock';
import { ConflictError, NotFoundError, RuleError } from '../../common/errors';
import { Unit } from '../organisation';
import { appendTransition } from './audit-trail';
import { DatapakkeRelease } from './datapakke-release.entity';
import { Actor, ObligationsService } from './obligations.service';

/**
 * R42: datapakke releases per age area and half-year. Making a release
 * publishes, on its date, the current round's datapakke of every unit of the
 * area (R41): a unit behind in its loop thereby uses the latest release.
 * R43: anyone who may see a unit (its board contact too) sees its releases.
 */
@Injectable()
export class DatapakkeReleasesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly obligations: ObligationsService,
  ) {}

  async create(
    input: { ageArea: AgeArea; halfYear: string; variant?: string; publishedOn?: LocalDate; note?: string },
    actor: Actor,
  ): Promise<DatapakkeRelease & { published: number }> {
    if (!actor.admin) throw new RuleError('R41', 'Kun forvaltningen (en administrator) kan offentliggøre datapakker');
    const today = this.clock.today();
    const publishedOn = input.publishedOn ?? today;
    const refused = checkRelease({ halfYear: input.halfYear, publishedOn, today });
    if (refused) throw new RuleError(refused.rule, refused.message, { field: refused.rule === 'R41' ? 'publishedOn' : 'halfYear' });
    return this.db.transaction(async (em) => {
      const variant = input.variant ?? '';
      if (await em.getRepository(DatapakkeRelease).existsBy({ ageArea: input.ageArea, halfYear: input.halfYear, variant })) {
        throw new ConflictError(`Datapakken for ${input.ageArea} år, ${input.halfYear}${variant ? ` (${variant})` : ''} er allerede udgivet`);
      }
      const release = await em.getRepository(DatapakkeRelease).save(
        em.getRepository(DatapakkeRelease).create({ ageArea: input.ageArea, halfYear: input.halfYear, variant, publishedOn, publishedBy: actor.personId, note: input.note?.trim() || null }),
      );
      await appendTransition(em, { actorPersonId: actor.personId, event: 'DATAPAKKE_RELEASED', fromState: null, toState: 'udgivet', payload: { releaseId: release.id, ageArea: input.ageArea, halfYear: input.halfYear, variant, publishedOn } });
      const { published } = await this.obligations.publishDatapakker({ ageArea: input.ageArea, variant, publishedOn, releaseId: release.id }, actor, em);
      return Object.assign(release, { published });
    });
  }

  async list(ageArea?: AgeArea): Promise<DatapakkeRelease[]> {
    return this.db.getRepository(DatapakkeRelease).find({ where: ageArea ? { ageArea } : {}, order: { publishedOn: 'DESC', halfYear: 'DESC', variant: 'ASC' } });
  }

  /** R43: the releases a unit uses: its age area's, in its variants (specialtilbud, FU), with the unit's own datapakker and their dates. */
  async forUnit(unitId: string) {
    const unit = await this.db.getRepository(Unit).findOneBy({ id: unitId });
    if (!unit) throw new NotFoundError('Enheden findes ikke');
    const variants = ['', ...(unit.special ? ['specialtilbud'] : []), ...(unit.type === 'fu' ? ['fu'] : [])];
    const releases = (await this.list(ageAreaOf(unit.type))).filter((r) => variants.includes(r.variant));
    const datapakker: { id: string; sequence: number; state: string; due_on: string; published_on: string | null; release_id: string | null }[] = await this.db.query(
      `SELECT o.id, o.sequence, o.state, o.due_on::text, o.completed_on::text AS published_on, o.completion ->> 'releaseId' AS release_id
       FROM obligation o WHERE o.unit_id = $1 AND o.kind = 'datapakke' ORDER BY o.due_on, o.sequence`,
      [unitId],
    );
    return {
      releases,
      datapakker: datapakker.map((d) => ({
        id: d.id,
        sequence: d.sequence,
        state: d.state,
        dueOn: d.due_on,
        publishedOn: d.state === 'completed' ? d.published_on : null,
        releaseId: d.release_id,
      })),
    };
  }
}
