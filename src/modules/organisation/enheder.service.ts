import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { compareLocalDate } from '../../../workflows/calendar/local-date';
import type { LocalDate } from '../../../workflows/domain';
import { BadInputError, crossFieldError, ConflictError, NotFoundError, RuleError } from '../../common/errors';
import type { CreateEnhedDto, EnhedResponse, UpdateEnhedDto } from './dto/enhed.dto';
import { Enhed } from './enhed.entity';
import { organisationChangeBy } from './organisation-trail';
import { Unit } from './unit.entity';

/** An enhed as everyone reads it, registered or implicit (R4). */
export type EnhedView = EnhedResponse;

/** The one implicit enhed of a dagtilbud without registered enheder (R4): the unit's own name and id. */
export function implicitEnhed(unit: Pick<Unit, 'id' | 'code' | 'name' | 'validFrom' | 'validTo'>): EnhedView {
  return { id: unit.id, unitId: unit.id, code: unit.code, name: unit.name, address: null, nextLayerLeaderPersonId: null, validFrom: unit.validFrom, validTo: unit.validTo, implicit: true };
}

export function toEnhedView(e: Enhed): EnhedView {
  return { id: e.id, unitId: e.unitId, code: e.code, name: e.name, address: e.address, nextLayerLeaderPersonId: e.nextLayerLeaderPersonId, validFrom: e.validFrom, validTo: e.validTo, implicit: false };
}

/**
 * Tilsynsenheder (R4). `enhederOf` is the one answer to "the enheder of a
 * unit": the registered ones, or for a dagtilbud without any, its implicit
 * one. Writes go through the organisation trail (R81) like units.
 */
@Injectable()
export class EnhederService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** 404 when the unit does not exist. Registered enheder by name; closed ones too (history is kept). */
  async enhederOf(unitId: string, em: EntityManager = this.db.manager): Promise<EnhedView[]> {
    const unit = await em.getRepository(Unit).findOneBy({ id: unitId });
    if (!unit) throw new NotFoundError('Enheden findes ikke');
    const registered = await em.getRepository(Enhed).find({ where: { unitId }, order: { name: 'ASC', code: 'ASC' } });
    if (registered.length > 0) return registered.map(toEnhedView);
    return unit.type === 'dagtilbud' ? [implicitEnhed(unit)] : [];
  }

  /** One enhed by id; the implicit one by its unit's id. 404 otherwise. */
  async getEnhed(id: string, em: EntityManager = this.db.manager): Promise<EnhedView> {
    const e = await em.getRepository(Enhed).findOneBy({ id });
    if (e) return toEnhedView(e);
    const unit = await em.getRepository(Unit).findOneBy({ id });
    if (unit && unit.type === 'dagtilbud' && !(await em.getRepository(Enhed).existsBy({ unitId: id }))) return implicitEnhed(unit);
    throw new NotFoundError('Tilsynsenheden findes ikke');
  }

  /** R4: only a dagtilbud has enheder (422); the code is unique (409); the period lies within the unit's (400). */
  async create(unitId: string, dto: CreateEnhedDto, actor: string | null, source = 'api'): Promise<EnhedView> {
    return this.db.transaction(async (em) => {
      await organisationChangeBy(em, actor, source);
      const unit = await em.getRepository(Unit).findOne({ where: { id: unitId }, lock: { mode: 'pessimistic_read' } });
      if (!unit) throw new NotFoundError('Enheden findes ikke');
      if (unit.type !== 'dagtilbud') throw new RuleError('R4', 'Kun et dagtilbud har tilsynsenheder (institutioner/afdelinger)', { field: 'unitId' });
      await this.checkFields(em, unit, { validFrom: dto.validFrom, validTo: dto.validTo ?? null, nextLayerLeaderPersonId: dto.nextLayerLeaderPersonId ?? null });
      if (await em.getRepository(Enhed).existsBy({ code: dto.code })) throw new ConflictError(`Enhedskoden ${dto.code} er allerede i brug`, { field: 'code' });
      const repo = em.getRepository(Enhed);
      const saved = await repo.save(
        repo.create({ unitId, code: dto.code, name: dto.name, address: dto.address || null, nextLayerLeaderPersonId: dto.nextLayerLeaderPersonId ?? null, validFrom: dto.validFrom, validTo: dto.validTo ?? null }),
      );
      return toEnhedView(saved);
    });
  }

  async update(id: string, dto: UpdateEnhedDto, actor: string | null): Promise<EnhedView> {
    return this.db.transaction(async (em) => {
      await organisationChangeBy(em, actor, 'api');
      const e = await em.getRepository(Enhed).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!e) {
        if (await em.getRepository(Unit).existsBy({ id })) {
          throw new RuleError('R4', 'Den implicitte tilsynsenhed følger enheden selv; registrér en enhed for at ændre navn eller adresse', { field: 'id' });
        }
        throw new NotFoundError('Tilsynsenheden findes ikke');
      }
      const unit = await em.getRepository(Unit).findOneByOrFail({ id: e.unitId });
      const next = {
        validFrom: dto.validFrom ?? e.validFrom,
        validTo: dto.validTo === undefined ? e.validTo : dto.validTo,
        nextLayerLeaderPersonId: dto.nextLayerLeaderPersonId === undefined ? e.nextLayerLeaderPersonId : dto.nextLayerLeaderPersonId,
      };
      await this.checkFields(em, unit, next);
      Object.assign(e, {
        ...(dto.name !== undefined && { name: dto.name }),
        ...(dto.address !== undefined && { address: dto.address || null }),
        ...next,
      });
      return toEnhedView(await em.getRepository(Enhed).save(e));
    });
  }

  private async checkFields(em: EntityManager, unit: Unit, f: { validFrom: LocalDate; validTo: LocalDate | null; nextLayerLeaderPersonId: string | null }): Promise<void> {
    if (f.validTo && compareLocalDate(f.validTo, f.validFrom) < 0) throw crossFieldError('validTo', 'validTo skal ligge på eller efter validFrom');
    if (compareLocalDate(f.validFrom, unit.validFrom) < 0) {
      throw new BadInputError(`validFrom ligger før enheden ${unit.code} findes (${unit.validFrom})`, [{ field: 'validFrom', message: 'før enhedens start' }]);
    }
    if (unit.validTo && (!f.validTo || compareLocalDate(f.validTo, unit.validTo) > 0)) {
      throw new BadInputError(`Tilsynsenheden kan ikke bestå efter, at ${unit.code} lukkede (${unit.validTo})`, [{ field: 'validTo', message: 'efter enhedens lukning' }]);
    }
    if (f.nextLayerLeaderPersonId) {
      const [p] = await em.query(`SELECT 1 FROM person WHERE id = $1`, [f.nextLayerLeaderPersonId]);
      if (!p) throw new BadInputError('Personen findes ikke', [{ field: 'nextLayerLeaderPersonId', message: 'ukendt person' }]);
    }
  }
}
