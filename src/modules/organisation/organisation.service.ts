import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { addDays } from '../../../workflows/calendar/local-date';
import { ageAreaOf, EXCLUSIVE_ROLES, governanceAllowed, unitTypesOf } from '../../../workflows/domain';
import type { Governance, LocalDate, UnitType } from '../../../workflows/domain';
import { BadInputError, crossFieldError, ConflictError, NotFoundError, RuleError } from '../../common/errors';
import type { Page } from '../../common/pagination';
import { Clock } from '../../common/clock';
import { refreshResponsiblesOfUnit } from '../responsibles';
import { organisationChangeBy } from './organisation-trail';
import { Assignment } from './assignment.entity';
import type { CreateAssignmentDto, ListAssignmentsQuery, UpdateAssignmentDto } from './dto/assignment.dto';
import type { CreatePersonDto, ListPeopleQuery, UpdatePersonDto } from './dto/person.dto';
import type { CreateUnitDto, ListUnitsQuery, UnitResponse, UpdateUnitDto } from './dto/unit.dto';
import { Person } from './person.entity';
import { Unit } from './unit.entity';

export const ROLE_LABEL: Record<string, string> = { chef: 'chef', leader: 'leder', subLeader: 'næste ledelseslag', board: 'bestyrelseskontakt' };

/**
 * The organisation registry (R1–R3): units, people and time-bounded
 * assignments. Every write runs in one transaction; nothing is ever deleted.
 */
@Injectable()
export class OrganisationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  // ---- units ---------------------------------------------------------------

  /** Without `em`: its own transaction, with `actor` in the trail (R81). With `em`: the caller's, which names the actor. */
  async createUnit(dto: CreateUnitDto, em?: EntityManager, actor?: string): Promise<UnitResponse> {
    if (!em) {
      return this.db.transaction(async (tx) => {
        await organisationChangeBy(tx, actor, 'api');
        return this.createUnit(dto, tx);
      });
    }
    const governance = dto.governance ?? 'kommunal';
    assertGovernance(dto.type, governance);
    assertPeriod(dto.validFrom, dto.validTo);
    await assertUnitCodeFree(em, dto.code);
    const unit = await em.getRepository(Unit).save(
      em.getRepository(Unit).create({
        code: dto.code,
        name: dto.name,
        type: dto.type,
        governance,
        special: dto.special ?? false,
        district: dto.district || null,
        validFrom: dto.validFrom,
        validTo: dto.validTo ?? null,
      }),
    );
    return toUnitResponse(unit);
  }

  async updateUnit(id: string, dto: UpdateUnitDto, actor?: string): Promise<UnitResponse> {
    return this.db.transaction(async (em) => {
      await organisationChangeBy(em, actor, 'api');
      const unit = await lockUnit(em, id);
      if (dto.governance) assertGovernance(unit.type, dto.governance);
      Object.assign(unit, {
        ...(dto.name !== undefined && { name: dto.name }),
        ...(dto.governance !== undefined && { governance: dto.governance }),
        ...(dto.special !== undefined && { special: dto.special }),
        ...(dto.district !== undefined && { district: dto.district || null }),
      });
      return toUnitResponse(await em.getRepository(Unit).save(unit));
    });
  }

  /** R1: a unit closes (its history stays); assignments still running end the same day. */
  async closeUnit(id: string, date: LocalDate, actor?: string): Promise<UnitResponse> {
    return this.db.transaction(async (em) => {
      await organisationChangeBy(em, actor, 'api');
      const unit = await lockUnit(em, id);
      if (unit.validTo !== null && unit.validTo <= date) {
        throw new ConflictError(`Enheden er allerede lukket pr. ${unit.validTo}`);
      }
      if (date < unit.validFrom) throw new BadInputError(`date kan ikke ligge før enhedens start (${unit.validFrom})`, [{ field: 'date', message: 'før enhedens start' }]);
      const later = await em
        .getRepository(Assignment)
        .createQueryBuilder('a')
        .where('a.unit_id = :id AND a.valid_from > :date', { id, date })
        .getCount();
      if (later > 0) throw new ConflictError(`Enheden har ${later} tildeling(er), der begynder efter ${date}; luk eller ret dem først`);
      await em.query(
        `UPDATE assignment SET valid_to = $2, updated_at = now() WHERE unit_id = $1 AND (valid_to IS NULL OR valid_to > $2)`,
        [id, date],
      );
      unit.validTo = date;
      const saved = await em.getRepository(Unit).save(unit);
      await refreshResponsiblesOfUnit(em, id, this.clock.today());
      return toUnitResponse(saved);
    });
  }

  async getUnit(id: string): Promise<UnitResponse & { assignments: Assignment[] }> {
    const unit = await this.db.getRepository(Unit).findOneBy({ id });
    if (!unit) throw new NotFoundError('Enheden findes ikke');
    const assignments = await this.db.getRepository(Assignment).find({ where: { unitId: id }, order: { role: 'ASC', validFrom: 'ASC' } });
    return { ...toUnitResponse(unit), assignments };
  }

  async listUnits(query: ListUnitsQuery): Promise<Page<UnitResponse>> {
    const qb = this.db.getRepository(Unit).createQueryBuilder('u');
    if (query.type) qb.andWhere('u.type = :type', { type: query.type });
    if (query.ageArea) qb.andWhere('u.type IN (:...types)', { types: unitTypesOf(query.ageArea) });
    if (query.governance) qb.andWhere('u.governance = :governance', { governance: query.governance });
    if (query.district) qb.andWhere('lower(u.district) = lower(CAST(:district AS varchar) COLLATE dansk)', { district: query.district });
    if (query.special) qb.andWhere('u.special = :special', { special: query.special === 'ja' });
    if (query.activeOn) {
      qb.andWhere('u.valid_from <= :on AND (u.valid_to IS NULL OR u.valid_to >= :on)', { on: query.activeOn });
    }
    if (query.q) {
      qb.andWhere(new Brackets((w) => w.where('u.name ILIKE :q', { q: like(query.q!) }).orWhere('u.code ILIKE :q')));
    }
    const [units, total] = await qb.orderBy('u.name', 'ASC').addOrderBy('u.id').take(query.limit).skip(query.offset).getManyAndCount();
    return { items: units.map(toUnitResponse), total };
  }

  // ---- people --------------------------------------------------------------

  async createPerson(dto: CreatePersonDto, em?: EntityManager, actor?: string): Promise<Person> {
    if (!em) {
      return this.db.transaction(async (tx) => {
        await organisationChangeBy(tx, actor, 'api');
        return this.createPerson(dto, tx);
      });
    }
    await assertEmailFree(em, dto.email);
    const repo = em.getRepository(Person);
    return repo.save(repo.create({ name: dto.name, email: dto.email, admin: dto.admin ?? false, tilsynsfoerende: dto.tilsynsfoerende ?? false }));
  }

  async updatePerson(id: string, dto: UpdatePersonDto, actor?: string): Promise<Person> {
    return this.db.transaction(async (em) => {
      await organisationChangeBy(em, actor, 'api');
      const person = await em.getRepository(Person).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!person) throw new NotFoundError('Personen findes ikke');
      if (dto.email !== undefined && dto.email.toLowerCase() !== person.email.toLowerCase()) await assertEmailFree(em, dto.email);
      Object.assign(person, {
        ...(dto.name !== undefined && { name: dto.name }),
        ...(dto.email !== undefined && { email: dto.email }),
        ...(dto.admin !== undefined && { admin: dto.admin }),
        ...(dto.tilsynsfoerende !== undefined && { tilsynsfoerende: dto.tilsynsfoerende }),
      });
      return em.getRepository(Person).save(person);
    });
  }

  async getPerson(id: string): Promise<Person> {
    const person = await this.db.getRepository(Person).findOneBy({ id });
    if (!person) throw new NotFoundError('Personen findes ikke');
    return person;
  }

  async findPersonByEmail(email: string): Promise<Person | null> {
    return this.db.getRepository(Person).createQueryBuilder('p').where('lower(p.email) = lower(CAST(:email AS varchar) COLLATE dansk)', { email }).getOne();
  }

  async listPeople(query: ListPeopleQuery): Promise<Page<Person>> {
    const qb = this.db.getRepository(Person).createQueryBuilder('p');
    if (query.q) qb.andWhere(new Brackets((w) => w.where('p.name ILIKE :q', { q: like(query.q!) }).orWhere('p.email ILIKE :q')));
    if (query.admin !== undefined) qb.andWhere('p.admin = :admin', { admin: query.admin });
    const [items, total] = await qb.orderBy('p.name', 'ASC').addOrderBy('p.id').take(query.limit).skip(query.offset).getManyAndCount();
    return { items, total };
  }

  // ---- assignments ---------------------------------------------------------

  async createAssignment(dto: CreateAssignmentDto, actor?: string): Promise<Assignment> {
    return this.db.transaction(async (em) => {
      await organisationChangeBy(em, actor, 'api');
      return this.addAssignment(em, dto);
    });
  }

  /**
   * Adds an assignment inside the caller's transaction. For a chef or leader
   * (R1: one at a time) the open predecessor is closed the day before; any
   * other overlap is refused, naming the assignment it collides with.
   */
  async addAssignment(em: EntityManager, dto: CreateAssignmentDto): Promise<Assignment> {
    assertPeriod(dto.validFrom, dto.validTo);
    const unit = await lockUnit(em, dto.unitId, 'unitId');
    const person = await em.getRepository(Person).findOneBy({ id: dto.personId });
    if (!person) throw new NotFoundError('Personen (personId) findes ikke');
    if (dto.validFrom < unit.validFrom || (unit.validTo !== null && dto.validFrom > unit.validTo)) {
      throw new BadInputError(`validFrom ${dto.validFrom} ligger uden for enhedens levetid`, [
        { field: 'validFrom', message: `enheden ${unit.code} findes fra ${unit.validFrom}${unit.validTo ? ` til ${unit.validTo}` : ''}` },
      ]);
    }
    const validTo = dto.validTo ?? unit.validTo ?? null;
    const overlapping = await em
      .getRepository(Assignment)
      .createQueryBuilder('a')
      .where('a.unit_id = :unitId AND a.role = :role', { unitId: unit.id, role: dto.role })
      .andWhere(`daterange(a.valid_from, a.valid_to, '[]') && daterange(:from::date, :to::date, '[]')`, { from: dto.validFrom, to: validTo })
      .orderBy('a.valid_from')
      .getMany();
    const exclusive = EXCLUSIVE_ROLES.includes(dto.role);
    for (const other of overlapping) {
      if (!exclusive && other.personId !== dto.personId) continue;
      if (other.personId === dto.personId && other.validFrom === dto.validFrom && other.validTo === validTo) {
        return other; // the same assignment again: nothing to do
      }
      if (exclusive && other.validFrom < dto.validFrom && other.validTo === null) {
        // R1: the new chef/leader replaces the running one from validFrom; a bounded period is history and collides.
        other.validTo = addDays(dto.validFrom, -1);
        await em.getRepository(Assignment).save(other);
        continue;
      }
      throw new RuleError(
        'R1',
        `Overlapper en eksisterende tildeling som ${ROLE_LABEL[dto.role]} (${other.validFrom}–${other.validTo ?? 'åben'}) på enheden ${unit.code}`,
        { assignmentId: other.id, field: 'validFrom' },
      );
    }
    const repo = em.getRepository(Assignment);
    const saved = await repo.save(repo.create({ unitId: unit.id, personId: person.id, role: dto.role, validFrom: dto.validFrom, validTo }));
    await refreshResponsiblesOfUnit(em, unit.id, this.clock.today());
    return saved;
  }

  /**
   * Corrects an assignment's period (a wrong date in the registry). The same
   * rules as for a new one: inside the unit's lifetime, and no overlap with
   * another chef or leader of the unit, or with the person's own role (R1).
   */
  async updateAssignment(id: string, dto: UpdateAssignmentDto, actor?: string): Promise<Assignment> {
    return this.db.transaction(async (em) => {
      await organisationChangeBy(em, actor, 'api');
      const current = await em.getRepository(Assignment).findOneBy({ id });
      if (!current) throw new NotFoundError('Tildelingen findes ikke');
      const unit = await lockUnit(em, current.unitId, 'unitId');
      const assignment = await em.getRepository(Assignment).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
      const validFrom = dto.validFrom ?? assignment.validFrom;
      const validTo = dto.validTo === undefined ? assignment.validTo : dto.validTo;
      assertPeriod(validFrom, validTo);
      if (validFrom < unit.validFrom || (unit.validTo !== null && (validTo === null || validTo > unit.validTo))) {
        throw new BadInputError(`Perioden ligger uden for enhedens levetid (${unit.validFrom}–${unit.validTo ?? 'åben'})`, [{ field: 'validFrom', message: 'uden for enhedens levetid' }]);
      }
      const exclusive = EXCLUSIVE_ROLES.includes(assignment.role);
      const other = await em
        .getRepository(Assignment)
        .createQueryBuilder('a')
        .where('a.unit_id = :unitId AND a.role = :role AND a.id <> :id', { unitId: unit.id, role: assignment.role, id })
        .andWhere(exclusive ? 'true' : 'a.person_id = :personId', { personId: assignment.personId })
        .andWhere(`daterange(a.valid_from, a.valid_to, '[]') && daterange(:from::date, :to::date, '[]')`, { from: validFrom, to: validTo })
        .getOne();
      if (other) {
        throw new RuleError('R1', `Overlapper en eksisterende tildeling som ${ROLE_LABEL[assignment.role]} (${other.validFrom}–${other.validTo ?? 'åben'}) på enheden ${unit.code}`, {
          assignmentId: other.id,
          field: 'validFrom',
        });
      }
      Object.assign(assignment, { validFrom, validTo });
      const saved = await em.getRepository(Assignment).save(assignment);
      await refreshResponsiblesOfUnit(em, unit.id, this.clock.today());
      return saved;
    });
  }

  async closeAssignment(id: string, date: LocalDate, actor?: string): Promise<Assignment> {
    return this.db.transaction(async (em) => {
      await organisationChangeBy(em, actor, 'api');
      const assignment = await em.getRepository(Assignment).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!assignment) throw new NotFoundError('Tildelingen findes ikke');
      if (date < assignment.validFrom) throw new BadInputError(`date kan ikke ligge før tildelingens start (${assignment.validFrom})`, [{ field: 'date', message: 'før start' }]);
      if (assignment.validTo !== null && assignment.validTo <= date) throw new ConflictError(`Tildelingen er allerede afsluttet pr. ${assignment.validTo}`);
      assignment.validTo = date;
      const saved = await em.getRepository(Assignment).save(assignment);
      await refreshResponsiblesOfUnit(em, assignment.unitId, this.clock.today());
      return saved;
    });
  }

  async listAssignments(query: ListAssignmentsQuery): Promise<Page<Assignment>> {
    const qb = this.db.getRepository(Assignment).createQueryBuilder('a');
    if (query.unitId) qb.andWhere('a.unit_id = :unitId', { unitId: query.unitId });
    if (query.personId) qb.andWhere('a.person_id = :personId', { personId: query.personId });
    if (query.role) qb.andWhere('a.role = :role', { role: query.role });
    if (query.activeOn) qb.andWhere('a.valid_from <= :on AND (a.valid_to IS NULL OR a.valid_to >= :on)', { on: query.activeOn });
    if (query.q) {
      qb.andWhere(
        `(EXISTS (SELECT 1 FROM unit su WHERE su.id = a.unit_id AND (su.name ILIKE :q OR su.code ILIKE :q))
          OR EXISTS (SELECT 1 FROM person sp WHERE sp.id = a.person_id AND (sp.name ILIKE :q OR sp.email ILIKE :q)))`,
        { q: like(query.q) },
      );
    }
    const [items, total] = await qb.orderBy('a.valid_from', 'ASC').addOrderBy('a.id').take(query.limit).skip(query.offset).getManyAndCount();
    return { items, total };
  }
}

export function toUnitResponse(unit: Unit): UnitResponse {
  return {
    id: unit.id,
    code: unit.code,
    name: unit.name,
    type: unit.type,
    governance: unit.governance,
    special: unit.special,
    district: unit.district,
    ageArea: ageAreaOf(unit.type),
    validFrom: unit.validFrom,
    validTo: unit.validTo,
  };
}

export function assertGovernance(type: UnitType, governance: Governance): void {
  if (!governanceAllowed(type, governance)) {
    throw new RuleError('R1', `Kun et dagtilbud kan være selvejende; en ${type} er altid kommunal`, { field: 'governance' });
  }
}

function assertPeriod(from: LocalDate, to: LocalDate | undefined | null): void {
  if (to && to < from) throw crossFieldError('validTo', 'validTo skal ligge på eller efter validFrom');
}

async function lockUnit(em: EntityManager, id: string, field = 'id'): Promise<Unit> {
  const unit = await em.getRepository(Unit).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!unit) throw new NotFoundError(`Enheden${field === 'id' ? '' : ` (${field})`} findes ikke`);
  return unit;
}

async function assertUnitCodeFree(em: EntityManager, code: string): Promise<void> {
  if (await em.getRepository(Unit).existsBy({ code })) throw new BadInputError(`Enhedskoden ${code} er allerede i brug`, [{ field: 'code', message: 'allerede i brug' }]);
}

async function assertEmailFree(em: EntityManager, email: string): Promise<void> {
  const taken = await em.getRepository(Person).createQueryBuilder('p').where('lower(p.email) = lower(CAST(:email AS varchar) COLLATE dansk)', { email }).getExists();
  if (taken) throw new BadInputError(`E-mailadressen ${email} er allerede i brug`, [{ field: 'email', message: 'allerede i brug' }]);
}

function like(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
