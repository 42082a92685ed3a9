import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { isServiceDate as isLocalDate } from '../../../common/validation';
import { governanceAllowed, GOVERNANCES, UNIT_TYPES } from '../../../../workflows/domain';
import type { AssignmentRole, Governance, LocalDate, UnitType } from '../../../../workflows/domain';
import { organisationChangeBy } from '../organisation-trail';
import { Clock } from '../../../common/clock';
import { refreshResponsibles } from '../../responsibles';
import { assignmentConflicts, stageRows, unitConflicts, writeAssignments, writePeople, writeUnits } from './import-statements';
import { enhedConflicts, stageEnheder, writeEnheder } from './import-statements';
import type { EnhedRow, ImportCounts, PersonRow, UnitRow } from './import-statements';
export type { ImportCounts } from './import-statements';
import { ImportProblem, readCsv } from './csv-table';
import { parseSpreadsheetDate } from '../../../common/spreadsheet-text';

export const UNIT_COLUMNS = {
  required: ['enhedskode', 'navn', 'type', 'gyldig_fra'],
  optional: ['styreform', 'specialtilbud', 'distrikt', 'gyldig_til'],
} as const;

export const PEOPLE_COLUMNS = {
  required: ['email', 'navn'],
  optional: ['admin', 'tilsynsfoerende', 'rolle', 'enhedskode', 'gyldig_fra', 'gyldig_til'],
} as const;

/** R4: the sites of dagtilbud. `enhedskode` is the enhed's own code, `afdelingskode` its unit's (units.csv's enhedskode). */
export const ENHED_COLUMNS = {
  required: ['enhedskode', 'afdelingskode', 'navn', 'gyldig_fra'],
  optional: ['adresse', 'naeste_ledelseslag_email', 'gyldig_til'],
} as const;

/** CSV role names (Danish, as the administration writes them) → assignment roles. */
const ROLES: Record<string, AssignmentRole> = {
  chef: 'chef',
  leder: 'leader',
  naeste_ledelseslag: 'subLeader',
  'næste_ledelseslag': 'subLeader',
  bestyrelse: 'board',
};

export interface ImportResult {
  units: ImportCounts;
  people: ImportCounts;
  assignments: { created: number; unchanged: number };
  /** Only when an enheder file was given. */
  enheder?: ImportCounts;
}

export class ImportRejected extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super(`Importen blev afvist: ${problems.length} fejl; intet er ændret`);
  }
}

export interface ImportFiles {
  units?: { name: string; text: string };
  people?: { name: string; text: string };
  /** R4: `enhedskode;afdelingskode;navn;adresse;naeste_ledelseslag_email;gyldig_fra;gyldig_til`. */
  enheder?: { name: string; text: string };
}

export interface ImportOptions {
  /**
   * How the audit trail (R81) is written: `set` (default), one chained statement per kind of row;
   * `row`, the per-row triggers every other writer uses. Both write the same rows; `row` is for comparing them.
   */
  trail?: 'set' | 'row';
  /** Hears each stage's name (Danish, as the debug log line) and its duration in milliseconds, for bench:import. */
  onStage?: (stage: string, ms: number) => void;
}

/**
 * The whole organisation from two CSV files, all or nothing: every row is
 * checked first and every problem reported with line and column; only a clean
 * pair of files is written, in one transaction. Keyed by unit code and email,
 * so importing the same files again changes nothing.
 */
@Injectable()
export class OrganisationImportService {
  private readonly logger = new Logger('Import');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * `by` names who imports and how, for the audit trail (R81); every row changed is recorded there with before and after.
   * `onProgress(done, total)` hears, in rows of the files, how far the writing has come (a few calls, one per stage).
   * Throws ImportRejected (every problem with file, line and column) and writes nothing when anything is wrong.
   */
  async import(
    files: ImportFiles,
    onProgress?: (done: number, total: number) => void,
    by: { actor?: string | null; source: string } = { source: 'import' },
    options: ImportOptions = {},
  ): Promise<ImportResult> {
    const stages: string[] = [];
    let mark = Date.now();
    // Each stage's seconds at debug level: where an import's time goes, without a profiler.
    const lap = (stage: string) => {
      const now = Date.now();
      stages.push(`${stage} ${((now - mark) / 1000).toFixed(1).replace('.', ',')} s`);
      options.onStage?.(stage, now - mark);
      mark = now;
    };
    const problems: ImportProblem[] = [];
    const units = files.units ? parseUnits(files.units.name, files.units.text, problems) : [];
    const people = files.people ? parsePeople(files.people.name, files.people.text, problems) : [];
    const enheder = files.enheder ? parseEnheder(files.enheder.name, files.enheder.text, problems) : [];
    lap('filerne læst');
    await this.checkReferences(units, people, files.people?.name ?? '', problems);
    await this.checkEnhedReferences(units, people, enheder, files.enheder?.name ?? '', problems);
    rejectIfAny(problems);
    lap('koder og e-mails slået op');

    const total = units.length + people.length + enheder.length;
    const progress = (done: number) => onProgress?.(done, total);
    progress(0);
    const unitsFile = files.units?.name ?? '';
    const peopleFile = files.people?.name ?? '';
    const fileNames = [files.units?.name, files.people?.name, files.enheder?.name].filter(Boolean).join(', ');
    return this.db.transaction(async (em) => {
      await organisationChangeBy(em, by.actor, `${by.source}: ${fileNames}`);
      // R81 set-based: one chained INSERT … SELECT of trail rows per statement (migration 1764984000000-BulkTrail), the rows the per-row triggers would write.
      if (options.trail !== 'row') await em.query(`SELECT set_config('kvalitetsloop.trail_bulk', 'on', true)`);
      // Validation and writing see one state of the registry: API writes to it wait for the import (reads do not).
      await em.query(`LOCK TABLE unit, person, assignment IN SHARE ROW EXCLUSIVE MODE`);
      lap('transaktion og lås');
      await stageRows(em, units, people);
      lap('indlæsning (COPY)');

      const unitProblems = await unitConflicts(em, unitsFile);
      rejectIfAny(unitProblems);
      const touched = new Set<string>();
      lap('kontrol af enheder');
      const unitCounts = await writeUnits(em, units.length, touched);
      lap('enheder skrevet');
      progress(units.length);

      const peopleCounts = await writePeople(em);
      lap('personer skrevet');
      const assignmentProblems = await assignmentConflicts(em, peopleFile);
      lap('kontrol af tildelinger (R1)');
      rejectIfAny(assignmentProblems);
      const assignmentLines = people.filter((p) => p.assignment).length;
      const created = await writeAssignments(em, touched);
      lap('tildelinger skrevet');
      if (touched.size > 0) {
        await refreshResponsibles(em, `SELECT unnest($1::uuid[]) AS unit_id`, [[...touched]], this.clock.today());
      }
      lap('ansvarlige genberegnet (R3)');
      let enhedCounts: ImportCounts | undefined;
      if (files.enheder) {
        await stageEnheder(em, enheder);
        const enhedProblems = await enhedConflicts(em, files.enheder.name);
        rejectIfAny(enhedProblems);
        enhedCounts = await writeEnheder(em, enheder.length);
        lap('tilsynsenheder skrevet (R4)');
      }
      progress(total);

      const result: ImportResult = {
        units: unitCounts,
        people: peopleCounts,
        assignments: { created, unchanged: assignmentLines - created },
        ...(enhedCounts && { enheder: enhedCounts }),
      };
      await em.query(
        `INSERT INTO transition (actor_person_id, event, from_state, to_state, reason, payload) VALUES ($1, 'ORGANISATION_IMPORTED', NULL, 'recorded', $2, $3)`,
        [by.actor ?? null, `${by.source}: ${fileNames}`, JSON.stringify({ files: fileNames, result })],
      );
      lap('importen registreret (R81)');
      this.logger.debug(`Import af ${fileNames}: ${stages.join('; ')}`);
      return result;
    }).catch((error: unknown) => {
      // The checks above leave the database nothing to refuse; should it still (a rule added later), the file is at fault, not the service.
      const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
      if (error instanceof QueryFailedError && driver?.code && /^(22|23)/.test(driver.code)) {
        throw new ImportRejected([{ file: fileNames, line: 0, message: `Filerne strider mod en regel i registret${driver.constraint ? ` (${driver.constraint})` : ''}` }]);
      }
      throw error;
    });
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

  /**
   * Enheder (R4) whose unit (afdelingskode) or next-layer leader (e-mail) is
   * neither in the files nor registered: one query each, like the unit codes.
   */
  private async checkEnhedReferences(units: UnitRow[], people: PersonRow[], enheder: EnhedRow[], file: string, problems: ImportProblem[]): Promise<void> {
    if (enheder.length === 0) return;
    const codesInFile = new Set(units.map((u) => u.code));
    const wantedCodes = [...new Set(enheder.map((e) => e.unitCode))].filter((c) => c && !codesInFile.has(c));
    const knownCodes = new Set<string>(
      wantedCodes.length === 0 ? [] : (await this.db.query(`SELECT code FROM unit WHERE code = ANY($1)`, [wantedCodes])).map((r: { code: string }) => r.code),
    );
    const emailsInFile = new Set(people.map((p) => p.email.toLowerCase()));
    const wantedEmails = [...new Set(enheder.flatMap((e) => (e.leaderEmail ? [e.leaderEmail.toLowerCase()] : [])))].filter((m) => !emailsInFile.has(m));
    const knownEmails = new Set<string>(
      wantedEmails.length === 0
        ? []
        : (await this.db.query(`SELECT lower(email) AS email FROM person WHERE lower(email) = ANY(SELECT lower(x COLLATE dansk) FROM unnest($1::text[]) x)`, [wantedEmails])).map((r: { email: string }) => r.email),
    );
    for (const e of enheder) {
      if (e.unitCode && !codesInFile.has(e.unitCode) && !knownCodes.has(e.unitCode)) {
        problems.push({ file, line: e.line, column: 'afdelingskode', message: `Ukendt afdelingskode "${e.unitCode}"; den skal stå som enhedskode i enhedsfilen eller være registreret` });
      }
      const mail = e.leaderEmail?.toLowerCase();
      if (mail && !emailsInFile.has(mail) && !knownEmails.has(mail)) {
        problems.push({ file, line: e.line, column: 'naeste_ledelseslag_email', message: `Ukendt e-mailadresse "${e.leaderEmail}"; personen skal stå i personfilen eller være registreret` });
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
    const code = checkCode(values.enhedskode ?? '', line, seen, bad);
    const name = checkName(values.navn ?? '', bad);
    const type = (values.type ?? '').toLowerCase() as UnitType;
    if (!UNIT_TYPES.includes(type)) bad('type', `Ukendt type "${values.type}"; brug ${UNIT_TYPES.join(', ')}`);
    const governance = ((values.styreform || 'kommunal').toLowerCase()) as Governance;
    if (!GOVERNANCES.includes(governance)) bad('styreform', `Ukendt styreform "${values.styreform}"; brug kommunal eller selvejende`);
    else if (UNIT_TYPES.includes(type) && !governanceAllowed(type, governance)) bad('styreform', `R1: kun et dagtilbud kan være selvejende, ikke en ${type}`);
    const special = parseFlag(values.specialtilbud);
    if (special === undefined) bad('specialtilbud', `Ugyldig værdi "${values.specialtilbud}"; brug ja eller nej`);
    const district = values.distrikt || null;
    if (district && district.length > 100) bad('distrikt', 'Distriktet er længere end 100 tegn');
    const { validFrom, validTo } = checkPeriod(values, bad);
    units.push({ line, code, name, type, governance, special: special ?? false, district, validFrom, validTo });
  }
  return units;
}

function parsePeople(file: string, text: string, problems: ImportProblem[]): PersonRow[] {
  const rows = readCsv(file, text, PEOPLE_COLUMNS, problems);
  const names = new Map<string, { name: string; line: number }>();
  const adminFlags = new Map<string, { admin: boolean; line: number }>();
  const inspectorFlags = new Map<string, { flag: boolean; line: number }>();
  const people: PersonRow[] = [];
  for (const { line, values } of rows) {
    const bad = (column: string, message: string) => problems.push({ file, line, column, message });
    const email = values.email ?? '';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) bad('email', `"${email}" er ikke en gyldig e-mailadresse`);
    const name = checkName(values.navn ?? '', bad);
    const earlier = names.get(email.toLowerCase());
    if (earlier && earlier.name !== name) bad('navn', `${email} hedder "${earlier.name}" på linje ${earlier.line}`);
    else if (!earlier) names.set(email.toLowerCase(), { name, line });
    const admin = values.admin ? parseFlag(values.admin) : undefined;
    if (values.admin && admin === undefined) bad('admin', `Ugyldig værdi "${values.admin}"; brug ja eller nej`);
    const earlierFlag = adminFlags.get(email.toLowerCase());
    if (admin !== undefined && earlierFlag && earlierFlag.admin !== admin) {
      bad('admin', `${email} er ${earlierFlag.admin ? '' : 'ikke '}administrator på linje ${earlierFlag.line}`);
    } else if (admin !== undefined && !earlierFlag) adminFlags.set(email.toLowerCase(), { admin, line });
    const tilsynsfoerende = values.tilsynsfoerende ? parseFlag(values.tilsynsfoerende) : undefined;
    if (values.tilsynsfoerende && tilsynsfoerende === undefined) bad('tilsynsfoerende', `Ugyldig værdi "${values.tilsynsfoerende}"; brug ja eller nej`);
    const earlierInspector = inspectorFlags.get(email.toLowerCase());
    if (tilsynsfoerende !== undefined && earlierInspector && earlierInspector.flag !== tilsynsfoerende) {
      bad('tilsynsfoerende', `${email} er ${earlierInspector.flag ? '' : 'ikke '}tilsynsførende på linje ${earlierInspector.line}`);
    } else if (tilsynsfoerende !== undefined && !earlierInspector) inspectorFlags.set(email.toLowerCase(), { flag: tilsynsfoerende, line });
    const row: PersonRow = { line, email, name, admin, tilsynsfoerende };
    const roleText = (values.rolle ?? '').toLowerCase();
    if (roleText) {
      const role = ROLES[roleText];
      if (!role) bad('rolle', `Ukendt rolle "${values.rolle}"; brug chef, leder, naeste_ledelseslag eller bestyrelse`);
      const unitCode = values.enhedskode ?? '';
      if (!unitCode) bad('enhedskode', 'En rolle kræver en enhedskode');
      const { validFrom, validTo } = checkPeriod(values, bad);
      if (role) row.assignment = { role, unitCode, validFrom, validTo: validTo ?? undefined };
    } else if (values.enhedskode) {
      bad('rolle', 'En enhedskode kræver en rolle');
    }
    people.push(row);
  }
  // In file order: the set-based R1 check orders the assignments by gyldig_fra itself (import-statements.ts).
  return people;
}

function parseEnheder(file: string, text: string, problems: ImportProblem[]): EnhedRow[] {
  const rows = readCsv(file, text, ENHED_COLUMNS, problems);
  const seen = new Map<string, number>();
  const enheder: EnhedRow[] = [];
  for (const { line, values } of rows) {
    const bad = (column: string, message: string) => problems.push({ file, line, column, message });
    const code = checkCode(values.enhedskode ?? '', line, seen, bad);
    const unitCode = values.afdelingskode ?? '';
    if (!unitCode) bad('afdelingskode', 'Afdelingskode mangler (dagtilbuddets enhedskode fra enhedsfilen)');
    const name = checkName(values.navn ?? '', bad);
    const address = values.adresse || null;
    if (address && address.length > 300) bad('adresse', 'Adressen er længere end 300 tegn');
    const leaderEmail = values.naeste_ledelseslag_email || null;
    if (leaderEmail && (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(leaderEmail) || leaderEmail.length > 254)) {
      bad('naeste_ledelseslag_email', `"${leaderEmail}" er ikke en gyldig e-mailadresse`);
    }
    const { validFrom, validTo } = checkPeriod(values, bad);
    enheder.push({
      line, code, unitCode, name, address, leaderEmail, validFrom, validTo,
      // A column left out keeps what is registered; a column given but empty clears it.
      hasAddress: 'adresse' in values,
      hasLeader: 'naeste_ledelseslag_email' in values,
    });
  }
  return enheder;
}

type Bad = (column: string, message: string) => void;

/** An enhedskode (units and enheder files): present, at most 64 characters, once per file (`seen`: code → first line). */
function checkCode(code: string, line: number, seen: Map<string, number>, bad: Bad): string {
  if (!code) bad('enhedskode', 'Enhedskode mangler');
  else if (code.length > 64) bad('enhedskode', 'Enhedskoden er længere end 64 tegn');
  else if (seen.has(code)) bad('enhedskode', `Enhedskoden ${code} står også på linje ${seen.get(code)}`);
  else seen.set(code, line);
  return code;
}

/** gyldig_fra (required) and gyldig_til (optional, not before gyldig_fra); a bad date is reported and comes back as ''. */
function checkPeriod(values: Record<string, string>, bad: Bad): { validFrom: LocalDate; validTo: LocalDate | null } {
  const validFrom = dateCell(values, 'gyldig_fra', bad) ?? '';
  const validTo = values.gyldig_til ? dateCell(values, 'gyldig_til', bad) ?? '' : null;
  if (validTo && isLocalDate(validFrom) && validTo < validFrom) bad('gyldig_til', 'gyldig_til ligger før gyldig_fra');
  return { validFrom, validTo };
}

/** A navn cell (every file): present and at most 200 characters. */
function checkName(name: string, bad: Bad): string {
  if (!name) bad('navn', 'Navn mangler');
  else if (name.length > 200) bad('navn', 'Navnet er længere end 200 tegn');
  return name;
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

/** All or nothing: any problem refuses the whole import (thrown inside the transaction, it rolls back), sorted by file and line. */
function rejectIfAny(problems: ImportProblem[]): void {
  if (problems.length > 0) throw new ImportRejected(sortProblems(problems));
}

function sortProblems(problems: ImportProblem[]): ImportProblem[] {
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
