import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { checkRelease } from '../../../workflows/datapakke/release.rules';
import type { AgeArea, LocalDate } from '../../../workflows/domain';
import { ageAreaOf } from '../../../workflows/domain';
import { AGE_AREA_LABELS } from '../../../workflows/labels';
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
/** A release as asked for (R42): the age area, the half-year (e.g. 2026-foraar), optionally a variant, the date and a note. */
export interface ReleaseInput {
  ageArea: AgeArea;
  halfYear: string;
  variant?: string;
  /** Europe/Copenhagen YYYY-MM-DD; today when left out. */
  publishedOn?: LocalDate;
  note?: string;
}

@Injectable()
export class DatapakkeReleasesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly obligations: ObligationsService,
  ) {}

  /**
   * R41, R42: what a release is refused for before anything runs (only an
   * administrator; the half-year written as one; never dated after today; not
   * released already: 409). Returns the input with its date and variant set.
   */
  async check(input: ReleaseInput, actor: Actor): Promise<ReleaseInput & { publishedOn: LocalDate; variant: string }> {
    if (!actor.admin) throw new RuleError('R41', 'Kun forvaltningen (en administrator) kan offentliggøre datapakker');
    const today = this.clock.today();
    const publishedOn = input.publishedOn ?? today;
    const refused = checkRelease({ halfYear: input.halfYear, publishedOn, today });
    if (refused) throw new RuleError(refused.rule, refused.message, { field: refused.rule === 'R41' ? 'publishedOn' : 'halfYear' });
    const variant = input.variant ?? '';
    await this.refuseExisting(this.db.manager, input.ageArea, input.halfYear, variant);
    return { ...input, publishedOn, variant };
  }

  /** A release in one transaction (the demo's history; the API makes it a job, DatapakkeReleaseJob). */
  async create(input: ReleaseInput, actor: Actor): Promise<DatapakkeRelease & { published: number }> {
    const checked = await this.check(input, actor);
    return this.db.transaction((em) => this.createIn(em, checked, actor));
  }

  /**
   * Makes a checked release inside `em`'s transaction: the release row, its
   * trail event, and the publishing of every due datapakke of the area on its
   * date (R41), `progress` counting units (a batch at a time) when given.
   */
  async createIn(
    em: EntityManager,
    input: ReleaseInput & { publishedOn: LocalDate; variant: string },
    actor: Actor,
    progress?: (done: number, total: number) => Promise<void>,
  ): Promise<DatapakkeRelease & { published: number }> {
    const { variant, publishedOn } = input;
    await this.refuseExisting(em, input.ageArea, input.halfYear, variant);
    const release = await em.getRepository(DatapakkeRelease).save(
      em.getRepository(DatapakkeRelease).create({ ageArea: input.ageArea, halfYear: input.halfYear, variant, publishedOn, publishedBy: actor.personId, note: input.note?.trim() || null }),
    );
    await appendTransition(em, { actorPersonId: actor.personId, event: 'DATAPAKKE_RELEASED', fromState: null, toState: 'udgivet', payload: { releaseId: release.id, ageArea: input.ageArea, halfYear: input.halfYear, variant, publishedOn } });
    const scope = { ageArea: input.ageArea, variant, publishedOn, releaseId: release.id };
    const { published } = progress
      ? await this.obligations.publishDatapakkerByUnits(scope, actor, em, progress)
      : await this.obligations.publishDatapakker(scope, actor, em);
    return Object.assign(release, { published });
  }

  private async refuseExisting(em: EntityManager, ageArea: AgeArea, halfYear: string, variant: string): Promise<void> {
    if (await em.getRepository(DatapakkeRelease).existsBy({ ageArea, halfYear, variant })) {
      throw new ConflictError(`Datapakken for ${AGE_AREA_LABELS[ageArea]}, ${halfYear}${variant ? ` (${variant})` : ''} er allerede udgivet`);
    }
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
