import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { isServiceDate as isLocalDate } from '../../../common/validation';
import { governanceAllowed, GOVERNANCES, UNIT_TYPES } from '../../../../workflows/domain';
import type { AssignmentRole, Governance, LocalDate, UnitType } from '../../../../workflows/domain';
import { AppError, BadInputError } from '../../../common/errors';
import { Person } from '../person.entity';
import { organisationChangeBy } from '../organisation-trail';
import { OrganisationService } from '../organisation.service';
import { Clock } from '../../../common/clock';
import { refreshResponsiblesOfUnit } from '../../responsibles';
import { Unit } from '../unit.entity';
import { ImportProblem, readCsv } from './csv-table';
import { parseSpreadsheetDate } from '../../../common/spreadsheet-text';

export const UNIT_COLUMNS = {
  required: ['enhedskode', 'navn', 'type', 'gyldig_fra'],
  optional: ['styreform', 'specialtilbud', 'distrikt', 'gyldig_til'],
} as const;

export const PEOPLE_COLUMNS = {
  required: ['email', 'navn'],
  optional: ['admin', 'rolle', 'enhedskode', 'gyldig_fra', 'gyldig_til'],
} as const;

/** CSV role names (Danish, as the administration writes them) → assignment roles. */
const ROLES: Record<string, AssignmentRole> = {
  chef: 'chef',
  leder: 'leader',
  naeste_ledelseslag: 'subLeader',
  'næste_ledelseslag': 'subLeader',
  bestyrelse: 'board',
};

interface UnitRow {
  line: number;
  code: string;
  name: string;
  type: UnitType;
  governance: Governance;
  special: boolean;
  district: string | null;
  validFrom: LocalDate;
  validTo: LocalDate | null;
}

interface PersonRow {
  line: number;
  email: string;
  name: string;
  /** undefined: not given (empty cell or no column). */
  admin?: boolean;
  assignment?: { role: AssignmentRole; unitCode: string; validFrom: LocalDate; validTo?: LocalDate };
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportResult {
  units: ImportCounts;
  people: ImportCounts;
  assignments: { created: number; unchanged: number };
}

export class ImportRejected extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super(`Importen blev afvist: ${problems.length} fejl; intet er ændret`);
  }
}

export interface ImportFiles {
  units?: { name: string; text: string };
  people?: { name: string; text: string };
}

/**
 * The whole organisation from two CSV files, all or nothing: every row is
 * checked first and every problem reported with line and column; only a clean
 * pair of files is written, in one transaction. Keyed by unit code and email,
 * so importing the same files again changes nothing.
 */
@Injectable()
export class OrganisationImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly organisation: OrganisationService,
    private readonly clock: Clock,
  ) {}

  /** `by` names who imports and how, for the audit trail (R81); every row changed is recorded there with before and after. */
  async import(
    files: ImportFiles,
    onProgress?: (done: number, total: number) => void,
    by: { actor?: string | null; source: string } = { source: 'import' },
  ): Promise<ImportResult> {
    const problems: ImportProblem[] = [];
    const units = files.units ? parseUnits(files.units.name, files.units.text, problems) : [];
    const people = files.people ? parsePeople(files.people.name, files.people.text, problems) : [];
    await this.checkReferences(units, people, files.people?.name ?? '', problems);
    if (problems.length > 0) throw new ImportRejected(sortProblems(problems));

    const total = units.length + people.length;
    let done = 0;
    const tick = () => onProgress?.(++done, total);
    const result: ImportResult = {
      units: { created: 0, updated: 0, unchanged: 0 },
      people: { created: 0, updated: 0, unchanged: 0 },
      assignments: { created: 0, unchanged: 0 },
    };
    await this.db.transaction(async (em) => {
      const fileNames = [files.units?.name, files.people?.name].filter(Boolean).join(', ');
      await organisationChangeBy(em, by.actor, `${by.source}: ${fileNames}`);
      for (const row of units) {
        await this.atLine(files.units!.name, row.line, () => this.upsertUnit(em, row, result.units));
        tick();
      }
      const personIds = new Map<string, string>();
      for (const row of people) {
        const key = row.email.toLowerCase();
        if (!personIds.has(key)) {
          const id = await this.atLine(files.people!.name, row.line, () => this.upsertPerson(em, row, result.people));
          personIds.set(key, id);
        }
        if (row.assignment) {
          await this.atLine(files.people!.name, row.line, () => this.addAssignment(em, personIds.get(key)!, row.assignment!, result));
        }
        tick();
      }
      await em.query(
        `INSERT INTO transition (actor_person_id, event, from_state, to_state, reason, payload) VALUES ($1, 'ORGANISATION_IMPORTED', NULL, 'recorded', $2, $3)`,
        [by.actor ?? null, `${by.source}: ${fileNames}`, JSON.stringify({ files: fileNames, result })],
      );
    });
    return result;
  }

  /** A refusal while writing still names the row; the transaction rolls back. */
  private async atLine<T>(file: string, line: number, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof AppError) {
        const column = (error.details.fields as { field: string }[] | undefined)?.[0]?.field ?? (error.details.field as string | undefined);
        throw new ImportRejected([{ file, line, ...(column && { column }), message: error.message }]);
      }
      // A value the database cannot take (too long, out of range) is the file's fault: name the line, never a stack trace.
      const code = (error as QueryFailedError & { driverError?: { code?: string; column?: string } }).driverError?.code;
      if (error instanceof QueryFailedError && code && /^(22|23)/.test(code)) {
        const column = (error as QueryFailedError & { driverError?: { column?: string } }).driverError?.column;
        const message = code === '22001' ? 'En værdi er for lang' : code.startsWith('23') ? 'Rækken strider mod en regel i registret' : 'En værdi kan ikke gemmes';
        throw new ImportRejected([{ file, line, ...(column && { column }), message }]);
      }
      throw error;
    }
  }

  private async upsertUnit(em: EntityManager, row: UnitRow, counts: ImportCounts): Promise<void> {
    const repo = em.getRepository(Unit);
    const existing = await repo.findOneBy({ code: row.code });
    if (!existing) {
      await this.organisation.createUnit({ ...row, district: row.district ?? undefined, validTo: row.validTo ?? undefined }, em);
      counts.created++;
      return;
    }
    if (existing.type !== row.type) {
      throw new BadInputError(`Enheden ${row.code} er registreret som ${existing.type}; typen kan ikke ændres`, [{ field: 'type', message: 'kan ikke ændres' }]);
    }
    const next = { name: row.name, governance: row.governance, special: row.special, district: row.district, validFrom: row.validFrom, validTo: row.validTo };
    const changed = (Object.keys(next) as (keyof typeof next)[]).some((key) => existing[key] !== next[key]);
    if (!changed) {
      counts.unchanged++;
      return;
    }
    await assertPeriodChangeAllowed(em, existing, row);
    await repo.update({ id: existing.id }, next);
    if (row.validTo !== null) {
      // Closing through the import ends running assignments, as closing over the API does (R1).
      await em.query(`UPDATE assignment SET valid_to = $2, updated_at = now() WHERE unit_id = $1 AND (valid_to IS NULL OR valid_to > $2)`, [existing.id, row.validTo]);
      await refreshResponsiblesOfUnit(em, existing.id, this.clock.today());
    }
    counts.updated++;
  }

  private async upsertPerson(em: EntityManager, row: PersonRow, counts: ImportCounts): Promise<string> {
    const existing = await em.getRepository(Person).createQueryBuilder('p').where('lower(p.email) = lower(CAST(:email AS varchar) COLLATE dansk)', { email: row.email }).getOne();
    if (!existing) {
      const person = await this.organisation.createPerson({ ...row, admin: row.admin ?? false }, em);
      counts.created++;
      return person.id;
    }
    // An empty or missing admin cell leaves the flag as it is: a file without the column must not demote anyone.
    const admin = row.admin ?? existing.admin;
    if (existing.name === row.name && existing.admin === admin) {
      counts.unchanged++;
    } else {
      await em.getRepository(Person).update({ id: existing.id }, { name: row.name, admin });
      counts.updated++;
    }
    return existing.id;
  }

  private async addAssignment(em: EntityManager, personId: string, a: NonNullable<PersonRow['assignment']>, result: ImportResult): Promise<void> {
    const unit = await em.getRepository(Unit).findOneByOrFail({ code: a.unitCode });
    const same = await em.query(
      `SELECT 1 FROM assignment WHERE unit_id = $1 AND person_id = $2 AND role = $3 AND valid_from = $4`,
      [unit.id, personId, a.role, a.validFrom],
    );
    if (same.length > 0) {
      result.assignments.unchanged++;
      return;
    }
    await this.organisation.addAssignment(em, { unitId: unit.id, personId, role: a.role, validFrom: a.validFrom, validTo: a.validTo });
    result.assignments.created++;
  }

  private async checkReferences(units: UnitRow[], people: PersonRow[], peopleFile: string, problems: ImportProblem[]): Promise<void> {
    const codesInFile = new Set(units.map((u) => u.code));
    const wanted = [...new Set(people.flatMap((p) => (p.assignment ? [p.assignment.unitCode] : [])))].filter((c) => !codesInFile.has(c));
    const known = new Set<string>(
      wanted.length === 0 ? [] : (await this.db.query(`SELECT code FROM unit WHERE code = ANY($1)`, [wanted])).map((r: { code: string }) => r.code),
    );
    for (const p of people) {
      if (p.assignment && !codesInFile.has(p.assignment.unitCode) && !known.has(p.assignment.unitCode)) {
        problems.push({ file: peopleFile, line: p.line, column: 'enhedskode', message: `Ukendt enhedskode "${p.assignment.unitCode}"` });
      }
    }
  }
}

function parseUnits(file: string, text: string, problems: ImportProblem[]): UnitRow[] {
  const rows = readCsv(file, text, UNIT_COLUMNS, problems);
  const seen = new Map<string, number>();
  const units: UnitRow[] = [];
  for (const { line, values } of rows) {
    const bad = (column: string, message: string) => problems.push({ file, line, column, message });
    const code = values.enhedskode ?? '';
    if (!code) bad('enhedskode', 'Enhedskode mangler');
    else if (code.length > 64) bad('enhedskode', 'Enhedskoden er længere end 64 tegn');
    else if (seen.has(code)) bad('enhedskode', `Enhedskoden ${code} står også på linje ${seen.get(code)}`);
    else seen.set(code, line);
    const name = values.navn ?? '';
    if (!name) bad('navn', 'Navn mangler');
    else if (name.length > 200) bad('navn', 'Navnet er længere end 200 tegn');
    const type = (values.type ?? '').toLowerCase() as UnitType;
    if (!UNIT_TYPES.includes(type)) bad('type', `Ukendt type "${values.type}"; brug ${UNIT_TYPES.join(', ')}`);
    const governance = ((values.styreform || 'kommunal').toLowerCase()) as Governance;
    if (!GOVERNANCES.includes(governance)) bad('styreform', `Ukendt styreform "${values.styreform}"; brug kommunal eller selvejende`);
    else if (UNIT_TYPES.includes(type) && !governanceAllowed(type, governance)) bad('styreform', `R1: kun et dagtilbud kan være selvejende, ikke en ${type}`);
    const special = parseFlag(values.specialtilbud);
    if (special === undefined) bad('specialtilbud', `Ugyldig værdi "${values.specialtilbud}"; brug ja eller nej`);
    const district = values.distrikt || null;
    if (district && district.length > 100) bad('distrikt', 'Distriktet er længere end 100 tegn');
    const validFrom = dateCell(values, 'gyldig_fra', bad) ?? '';
    const validTo = values.gyldig_til ? dateCell(values, 'gyldig_til', bad) ?? '' : null;
    if (validTo && isLocalDate(validFrom) && validTo < validFrom) bad('gyldig_til', 'gyldig_til ligger før gyldig_fra');
    units.push({ line, code, name, type, governance, special: special ?? false, district, validFrom, validTo });
  }
  return units;
}

function parsePeople(file: string, text: string, problems: ImportProblem[]): PersonRow[] {
  const rows = readCsv(file, text, PEOPLE_COLUMNS, problems);
  const names = new Map<string, { name: string; line: number }>();
  const adminFlags = new Map<string, { admin: boolean; line: number }>();
  const people: PersonRow[] = [];
  for (const { line, values } of rows) {
    const bad = (column: string, message: string) => problems.push({ file, line, column, message });
    const email = values.email ?? '';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) bad('email', `"${email}" er ikke en gyldig e-mailadresse`);
    const name = values.navn ?? '';
    if (!name) bad('navn', 'Navn mangler');
    else if (name.length > 200) bad('navn', 'Navnet er længere end 200 tegn');
    const earlier = names.get(email.toLowerCase());
    if (earlier && earlier.name !== name) bad('navn', `${email} hedder "${earlier.name}" på linje ${earlier.line}`);
    else if (!earlier) names.set(email.toLowerCase(), { name, line });
    const admin = values.admin ? parseFlag(values.admin) : undefined;
    if (values.admin && admin === undefined) bad('admin', `Ugyldig værdi "${values.admin}"; brug ja eller nej`);
    const earlierFlag = adminFlags.get(email.toLowerCase());
    if (admin !== undefined && earlierFlag && earlierFlag.admin !== admin) {
      bad('admin', `${email} er ${earlierFlag.admin ? '' : 'ikke '}administrator på linje ${earlierFlag.line}`);
    } else if (admin !== undefined && !earlierFlag) adminFlags.set(email.toLowerCase(), { admin, line });
    const row: PersonRow = { line, email, name, admin };
    const roleText = (values.rolle ?? '').toLowerCase();
    if (roleText) {
      const role = ROLES[roleText];
      if (!role) bad('rolle', `Ukendt rolle "${values.rolle}"; brug chef, leder, naeste_ledelseslag eller bestyrelse`);
      const unitCode = values.enhedskode ?? '';
      if (!unitCode) bad('enhedskode', 'En rolle kræver en enhedskode');
      const validFrom = dateCell(values, 'gyldig_fra', bad) ?? '';
      const validTo = values.gyldig_til ? dateCell(values, 'gyldig_til', bad) ?? '' : undefined;
      if (validTo && isLocalDate(validFrom) && validTo < validFrom) bad('gyldig_til', 'gyldig_til ligger før gyldig_fra');
      if (role) row.assignment = { role, unitCode, validFrom, validTo };
    } else if (values.enhedskode) {
      bad('rolle', 'En enhedskode kræver en rolle');
    }
    people.push(row);
  }
  // Predecessors first, so a later chef or leader closes the earlier one (R1).
  return people.sort((a, b) => (a.assignment?.validFrom ?? '').localeCompare(b.assignment?.validFrom ?? '') || a.line - b.line);
}

// Any capitalisation (Ja, JA, nej); SAND/FALSK are what Danish Excel writes for a logical cell.
function parseFlag(value: string | undefined): boolean | undefined {
  const v = (value ?? '').toLowerCase();
  if (['', 'nej', 'n', '0', 'false', 'falsk'].includes(v)) return false;
  if (['ja', 'j', '1', 'true', 'sand', 'x'].includes(v)) return true;
  return undefined;
}

/** A date cell as `YYYY-MM-DD`, or undefined after reporting why it is not one. */
function dateCell(values: Record<string, string>, column: string, bad: (column: string, message: string) => void): LocalDate | undefined {
  const parsed = parseSpreadsheetDate(values[column] ?? '');
  if (parsed.ok) return parsed.date;
  bad(column, parsed.problem);
  return undefined;
}

function sortProblems(problems: ImportProblem[]): ImportProblem[] {
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/**
 * A unit's period changes through the import only where the API would allow
 * it: no reopening of a closed unit, no closing before assignments that start
 * later, no start after assignments already running.
 */
async function assertPeriodChangeAllowed(em: EntityManager, existing: Unit, row: UnitRow): Promise<void> {
  if (existing.validTo !== null && (row.validTo === null || row.validTo > existing.validTo)) {
    throw new BadInputError(`Enheden ${row.code} er lukket pr. ${existing.validTo} og genåbnes ikke ved import`, [{ field: 'gyldig_til', message: 'genåbning' }]);
  }
  if (row.validTo !== null) {
    const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM assignment WHERE unit_id = $1 AND valid_from > $2`, [existing.id, row.validTo]);
    if (n > 0) throw new BadInputError(`Enheden ${row.code} har ${n} tildeling(er), der begynder efter ${row.validTo}`, [{ field: 'gyldig_til', message: 'senere tildelinger' }]);
  }
  if (row.validFrom > existing.validFrom) {
    const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM assignment WHERE unit_id = $1 AND valid_from < $2`, [existing.id, row.validFrom]);
    if (n > 0) throw new BadInputError(`Enheden ${row.code} har tildelinger, der begynder før ${row.validFrom}`, [{ field: 'gyldig_fra', message: 'tidligere tildelinger' }]);
  }
}
