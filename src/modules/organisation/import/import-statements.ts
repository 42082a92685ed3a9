import type { EntityManager } from 'typeorm';
import type { AssignmentRole, Governance, LocalDate, UnitType } from '../../../../workflows/domain';
import { ROLE_LABEL } from '../organisation.service';
import type { ImportProblem } from './csv-table';
import { copyInto } from './staging';

/**
 * The import's writing half, set-based: the checked rows are staged with COPY
 * in temporary tables (dropped at commit), and every check against the
 * registry and every write is one statement over all rows, not one per row.
 * Each check returns its problems with the row's line, so a refusal still
 * names file, line and column. Runs inside the import's transaction.
 */

export interface UnitRow {
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

export interface PersonRow {
  line: number;
  email: string;
  name: string;
  /** undefined: not given (empty cell or no column). */
  admin?: boolean;
  /** R90's inspector flag; undefined: not given. */
  tilsynsfoerende?: boolean;
  assignment?: { role: AssignmentRole; unitCode: string; validFrom: LocalDate; validTo?: LocalDate };
}

/** One line of the enheder file (R4). */
export interface EnhedRow {
  line: number;
  code: string;
  /** The unit's code (the file's afdelingskode). */
  unitCode: string;
  name: string;
  address: string | null;
  leaderEmail: string | null;
  validFrom: LocalDate;
  validTo: LocalDate | null;
  /** Whether the file has the column at all: a missing column keeps what is registered. */
  hasAddress: boolean;
  hasLeader: boolean;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** The checked rows into `import_unit` and `import_person` (one line of people.csv each, its assignment beside it). */
export async function stageRows(em: EntityManager, units: UnitRow[], people: PersonRow[]): Promise<void> {
  await em.query(`
    CREATE TEMP TABLE import_unit (
      line int NOT NULL, code varchar(64) NOT NULL, name varchar(200) COLLATE dansk NOT NULL, type varchar(16) NOT NULL,
      governance varchar(16) NOT NULL, special boolean NOT NULL, district varchar(100) COLLATE dansk,
      valid_from date NOT NULL, valid_to date
    ) ON COMMIT DROP`);
  await em.query(`
    CREATE TEMP TABLE import_person (
      line int NOT NULL, email varchar(254) COLLATE dansk NOT NULL, name varchar(200) COLLATE dansk NOT NULL, admin boolean,
      tilsynsfoerende boolean, role varchar(16), unit_code varchar(64), valid_from date, valid_to date
    ) ON COMMIT DROP`);
  await copyInto(
    em,
    'import_unit',
    ['line', 'code', 'name', 'type', 'governance', 'special', 'district', 'valid_from', 'valid_to'],
    units.map((u) => [u.line, u.code, u.name, u.type, u.governance, u.special, u.district, u.validFrom, u.validTo]),
  );
  await copyInto(
    em,
    'import_person',
    ['line', 'email', 'name', 'admin', 'tilsynsfoerende', 'role', 'unit_code', 'valid_from', 'valid_to'],
    people.map((p) => [p.line, p.email, p.name, p.admin, p.tilsynsfoerende, p.assignment?.role, p.assignment?.unitCode, p.assignment?.validFrom, p.assignment?.validTo]),
  );
  await em.query(`CREATE INDEX ON import_unit (code)`);
  await em.query(`CREATE INDEX ON import_person (lower(email))`);
  await em.query(`ANALYZE import_unit`);
  await em.query(`ANALYZE import_person`);
}

/** A changed row (anything but the key differs). */
const UNIT_CHANGED = `(u.name, u.governance, u.special, u.district, u.valid_from, u.valid_to)
  IS DISTINCT FROM (s.name, s.governance, s.special, s.district, s.valid_from, s.valid_to)`;

/**
 * Units whose change the API would refuse too (R1): a type that changes, a
 * closed unit reopened, a closing before assignments that start later, a
 * start after assignments already running.
 */
export async function unitConflicts(em: EntityManager, file: string): Promise<ImportProblem[]> {
  const rows: { line: number; column: string; message: string }[] = await em.query(`
    SELECT s.line, 'type' AS column, format('Enheden %s er registreret som %s; typen kan ikke ændres', s.code, u.type) AS message
    FROM import_unit s JOIN unit u ON u.code = s.code WHERE u.type <> s.type
    UNION ALL
    SELECT s.line, 'gyldig_til', format('Enheden %s er lukket pr. %s og genåbnes ikke ved import', s.code, to_char(u.valid_to, 'YYYY-MM-DD'))
    FROM import_unit s JOIN unit u ON u.code = s.code
    WHERE u.type = s.type AND ${UNIT_CHANGED} AND u.valid_to IS NOT NULL AND (s.valid_to IS NULL OR s.valid_to > u.valid_to)
    UNION ALL
    SELECT s.line, 'gyldig_til', format('Enheden %s har %s tildeling(er), der begynder efter %s', s.code, later.n, to_char(s.valid_to, 'YYYY-MM-DD'))
    FROM import_unit s JOIN unit u ON u.code = s.code
    CROSS JOIN LATERAL (SELECT count(*) AS n FROM assignment a WHERE a.unit_id = u.id AND a.valid_from > s.valid_to) later
    WHERE u.type = s.type AND ${UNIT_CHANGED} AND s.valid_to IS NOT NULL AND later.n > 0
      AND NOT (u.valid_to IS NOT NULL AND s.valid_to > u.valid_to)
    UNION ALL
    SELECT s.line, 'gyldig_fra', format('Enheden %s har tildelinger, der begynder før %s', s.code, to_char(s.valid_from, 'YYYY-MM-DD'))
    FROM import_unit s JOIN unit u ON u.code = s.code
    WHERE u.type = s.type AND ${UNIT_CHANGED} AND s.valid_from > u.valid_from
      AND EXISTS (SELECT 1 FROM assignment a WHERE a.unit_id = u.id AND a.valid_from < s.valid_from)`);
  return rows.map((r) => ({ file, line: r.line, column: r.column, message: r.message }));
}

/**
 * New units are inserted, changed ones updated; closing a unit ends its
 * running assignments, as closing over the API does (R1). The units whose
 * assignments changed are added to `touched`, for R3's re-resolution.
 */
export async function writeUnits(em: EntityManager, staged: number, touched: Set<string>): Promise<ImportCounts> {
  if (staged === 0) return { created: 0, updated: 0, unchanged: 0 };
  const [{ n: created }] = await em.query(`
    WITH inserted AS (
      INSERT INTO unit (code, name, type, governance, special, district, valid_from, valid_to)
      SELECT s.code, s.name, s.type, s.governance, s.special, s.district, s.valid_from, s.valid_to FROM import_unit s
      WHERE NOT EXISTS (SELECT 1 FROM unit u WHERE u.code = s.code)
      ORDER BY s.line
      RETURNING 1)
    SELECT count(*)::int AS n FROM inserted`);
  // A CTE, because TypeORM answers a bare UPDATE … RETURNING with [rows, count].
  const updated: { id: string; valid_to: string | null }[] = await em.query(`
    WITH changed AS (
      UPDATE unit u SET name = s.name, governance = s.governance, special = s.special, district = s.district,
                        valid_from = s.valid_from, valid_to = s.valid_to, updated_at = now()
      FROM import_unit s
      WHERE u.code = s.code AND ${UNIT_CHANGED}
      RETURNING u.id, u.valid_to::text AS valid_to)
    SELECT * FROM changed`);
  const closing = updated.filter((u) => u.valid_to !== null).map((u) => u.id);
  if (closing.length > 0) {
    await em.query(
      `UPDATE assignment a SET valid_to = u.valid_to, updated_at = now()
       FROM unit u WHERE u.id = ANY($1::uuid[]) AND a.unit_id = u.id AND (a.valid_to IS NULL OR a.valid_to > u.valid_to)`,
      [closing],
    );
    closing.forEach((id) => touched.add(id));
  }
  return { created, updated: updated.length, unchanged: staged - created - updated.length };
}

/**
 * One person per e-mail (case-insensitive, as the registry's unique index):
 * new ones inserted, changed names and flags updated. An admin or
 * tilsynsfoerende cell left empty on every line keeps the flag as it is.
 */
export async function writePeople(em: EntityManager): Promise<ImportCounts> {
  await em.query(`
    CREATE TEMP TABLE import_person_one ON COMMIT DROP AS
    SELECT lower(email) AS key, (array_agg(email ORDER BY line))[1] AS email, (array_agg(name ORDER BY line))[1] AS name,
           bool_or(admin) AS admin, bool_or(tilsynsfoerende) AS tilsynsfoerende
    FROM import_person GROUP BY lower(email)`);
  const [{ n: people }] = await em.query(`SELECT count(*)::int AS n FROM import_person_one`);
  if (people === 0) return { created: 0, updated: 0, unchanged: 0 };
  const [{ n: created }] = await em.query(`
    WITH inserted AS (
      INSERT INTO person (name, email, admin, tilsynsfoerende)
      SELECT o.name, o.email, coalesce(o.admin, false), coalesce(o.tilsynsfoerende, false) FROM import_person_one o
      WHERE NOT EXISTS (SELECT 1 FROM person p WHERE lower(p.email) = o.key)
      RETURNING 1)
    SELECT count(*)::int AS n FROM inserted`);
  const [{ n: updated }] = await em.query(`
    WITH changed AS (
      UPDATE person p SET name = o.name, admin = coalesce(o.admin, p.admin), tilsynsfoerende = coalesce(o.tilsynsfoerende, p.tilsynsfoerende), updated_at = now()
      FROM import_person_one o
      WHERE lower(p.email) = o.key
        AND (p.name, p.admin, p.tilsynsfoerende) IS DISTINCT FROM (o.name, coalesce(o.admin, p.admin), coalesce(o.tilsynsfoerende, p.tilsynsfoerende))
      RETURNING 1)
    SELECT count(*)::int AS n FROM changed`);
  return { created, updated, unchanged: people - created - updated };
}

/**
 * The assignment lines that are new (an assignment is keyed by unit, person,
 * role and gyldig_fra; a line seen before changes nothing), resolved to ids,
 * with their end as addAssignment gives it: the line's own, else the unit's.
 */
async function stageNewAssignments(em: EntityManager): Promise<void> {
  await em.query(`
    CREATE TEMP TABLE import_assignment ON COMMIT DROP AS
    SELECT DISTINCT ON (u.id, p.id, s.role, s.valid_from)
           s.line, u.id AS unit_id, u.code AS unit_code, u.valid_from AS unit_from, u.valid_to AS unit_to, p.id AS person_id,
           s.role, s.role IN ('chef', 'leader') AS exclusive, s.valid_from, coalesce(s.valid_to, u.valid_to) AS valid_to
    FROM import_person s
    JOIN unit u ON u.code = s.unit_code
    JOIN person p ON lower(p.email) = lower(s.email)
    WHERE s.role IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.unit_id = u.id AND a.person_id = p.id AND a.role = s.role AND a.valid_from = s.valid_from)
    ORDER BY u.id, p.id, s.role, s.valid_from, s.line`);
  // "The next new chef or leader of the unit" is asked once per row: an index keeps that a lookup, not a scan.
  await em.query(`CREATE INDEX ON import_assignment (unit_id, role, valid_from)`);
  await em.query(`ANALYZE import_assignment`);
}

/**
 * R1 for all new assignments at once, as if they were added one by one in
 * gyldig_fra order: a new chef or leader ends the running (open) one the day
 * before it starts; any other overlap with the unit's chef or leader, or with
 * the same person's same role, is refused. Computed on the end state: each
 * open chef/leader row ends the day before the next new row of its unit and
 * role; a new row that then still overlaps another is refused (of two new
 * rows, the later one is named). Also: gyldig_fra within the unit's lifetime.
 */
export async function assignmentConflicts(em: EntityManager, file: string): Promise<ImportProblem[]> {
  await stageNewAssignments(em);
  const rows: { line: number; column: string; message: string }[] = await em.query(`
    WITH candidates AS (
      SELECT n.line, NULL::uuid AS id, n.unit_id, n.unit_code, n.role, n.person_id, n.exclusive, n.valid_from, n.valid_to FROM import_assignment n
      UNION ALL
      SELECT NULL, a.id, a.unit_id, NULL, a.role, a.person_id, a.role IN ('chef', 'leader'), a.valid_from, a.valid_to FROM assignment a
      WHERE EXISTS (SELECT 1 FROM import_assignment n WHERE n.unit_id = a.unit_id AND n.role = a.role)),
    ended AS (
      SELECT c.*, CASE WHEN c.valid_to IS NULL AND c.exclusive
                       THEN (SELECT min(n.valid_from) - 1 FROM import_assignment n WHERE n.unit_id = c.unit_id AND n.role = c.role AND n.valid_from > c.valid_from)
                       ELSE c.valid_to END AS end_on
      FROM candidates c)
    SELECT n.line, 'gyldig_fra' AS column,
           format('gyldig_fra %s ligger uden for enhedens levetid: enheden %s findes fra %s%s', to_char(n.valid_from, 'YYYY-MM-DD'), n.unit_code,
                  to_char(n.unit_from, 'YYYY-MM-DD'), CASE WHEN n.unit_to IS NULL THEN '' ELSE ' til ' || to_char(n.unit_to, 'YYYY-MM-DD') END) AS message
    FROM import_assignment n
    WHERE n.valid_from < n.unit_from OR (n.unit_to IS NOT NULL AND n.valid_from > n.unit_to)
    UNION ALL
    SELECT DISTINCT ON (x.line) x.line, 'gyldig_fra',
           format('R1: Overlapper %s som %s (%s–%s) på enheden %s',
                  CASE WHEN y.line IS NULL THEN 'en eksisterende tildeling' ELSE 'tildelingen på linje ' || y.line END,
                  CASE x.role ${Object.entries(ROLE_LABEL).map(([role, label]) => `WHEN '${role}' THEN '${label}'`).join(' ')} END,
                  to_char(y.valid_from, 'YYYY-MM-DD'), coalesce(to_char(y.valid_to, 'YYYY-MM-DD'), 'åben'), x.unit_code)
    FROM ended x
    JOIN ended y ON y.unit_id = x.unit_id AND y.role = x.role AND (x.exclusive OR y.person_id = x.person_id)
     AND (y.line IS NULL OR (y.valid_from, y.line) < (x.valid_from, x.line))
     AND daterange(x.valid_from, x.end_on, '[]') && daterange(y.valid_from, y.end_on, '[]')
    WHERE x.line IS NOT NULL`);
  return rows.map((r) => ({ file, line: r.line, column: r.column, message: r.message }));
}

/**
 * After assignmentConflicts found nothing: ends the running chefs and leaders
 * that new ones replace, then inserts the new assignments with the ends the
 * check computed. Returns how many were created; their units join `touched`.
 */
export async function writeAssignments(em: EntityManager, touched: Set<string>): Promise<number> {
  const closed: { unit_id: string }[] = await em.query(`
    WITH closed AS (
      UPDATE assignment a SET valid_to = c.end_on, updated_at = now()
      FROM (SELECT a.id, min(n.valid_from) - 1 AS end_on
            FROM assignment a JOIN import_assignment n ON n.unit_id = a.unit_id AND n.role = a.role AND n.exclusive AND n.valid_from > a.valid_from
            WHERE a.valid_to IS NULL GROUP BY a.id) c
      WHERE a.id = c.id
      RETURNING a.unit_id)
    SELECT DISTINCT unit_id FROM closed`);
  const created: { unit_id: string }[] = await em.query(`
    WITH created AS (
      INSERT INTO assignment (unit_id, person_id, role, valid_from, valid_to)
      SELECT n.unit_id, n.person_id, n.role, n.valid_from,
             CASE WHEN n.valid_to IS NULL AND n.exclusive
                  THEN (SELECT min(m.valid_from) - 1 FROM import_assignment m WHERE m.unit_id = n.unit_id AND m.role = n.role AND m.valid_from > n.valid_from)
                  ELSE n.valid_to END
      FROM import_assignment n
      ORDER BY n.valid_from, n.line
      RETURNING unit_id)
    SELECT unit_id FROM created`);
  for (const row of [...closed, ...created]) touched.add(row.unit_id);
  return created.length;
}

/** The enheder file's rows into `import_enhed`, after units and people are written (the checks resolve codes and e-mails). */
export async function stageEnheder(em: EntityManager, enheder: EnhedRow[]): Promise<void> {
  await em.query(`
    CREATE TEMP TABLE import_enhed (
      line int NOT NULL, code varchar(64) NOT NULL, unit_code varchar(64) NOT NULL, name varchar(200) COLLATE dansk NOT NULL,
      address varchar(300), leader_email varchar(254) COLLATE dansk, valid_from date NOT NULL, valid_to date,
      has_address boolean NOT NULL, has_leader boolean NOT NULL
    ) ON COMMIT DROP`);
  await copyInto(
    em,
    'import_enhed',
    ['line', 'code', 'unit_code', 'name', 'address', 'leader_email', 'valid_from', 'valid_to', 'has_address', 'has_leader'],
    enheder.map((e) => [e.line, e.code, e.unitCode, e.name, e.address, e.leaderEmail, e.validFrom, e.validTo, e.hasAddress, e.hasLeader]),
  );
  await em.query(`ANALYZE import_enhed`);
}

/**
 * R4 as the enheder API has it: only a dagtilbud has enheder; an enhed starts
 * no earlier than its unit and, when the unit is closed, ends by the day it
 * closed; an enhed registered under one unit is not moved to another.
 */
export async function enhedConflicts(em: EntityManager, file: string): Promise<ImportProblem[]> {
  const rows: { line: number; column: string; message: string }[] = await em.query(`
    SELECT s.line, 'afdelingskode' AS column, format('R4: kun et dagtilbud har tilsynsenheder; %s er en %s', u.code, u.type) AS message
    FROM import_enhed s JOIN unit u ON u.code = s.unit_code WHERE u.type <> 'dagtilbud'
    UNION ALL
    SELECT s.line, 'gyldig_fra', format('gyldig_fra ligger før dagtilbuddet %s findes (%s)', u.code, to_char(u.valid_from, 'YYYY-MM-DD'))
    FROM import_enhed s JOIN unit u ON u.code = s.unit_code WHERE s.valid_from < u.valid_from
    UNION ALL
    SELECT s.line, 'gyldig_til', format('Tilsynsenheden kan ikke bestå efter, at %s lukkede (%s)', u.code, to_char(u.valid_to, 'YYYY-MM-DD'))
    FROM import_enhed s JOIN unit u ON u.code = s.unit_code WHERE u.valid_to IS NOT NULL AND (s.valid_to IS NULL OR s.valid_to > u.valid_to)
    UNION ALL
    SELECT s.line, 'afdelingskode', format('Tilsynsenheden %s hører til %s og kan ikke flyttes til %s', s.code, u.code, s.unit_code)
    FROM import_enhed s JOIN enhed e ON e.code = s.code JOIN unit u ON u.id = e.unit_id WHERE u.code <> s.unit_code`);
  return rows.map((r) => ({ file, line: r.line, column: r.column, message: r.message }));
}

/** New enheder inserted, changed ones updated (keyed by enhedskode); the trail records each (R81). */
export async function writeEnheder(em: EntityManager, staged: number): Promise<ImportCounts> {
  if (staged === 0) return { created: 0, updated: 0, unchanged: 0 };
  await em.query(`
    CREATE TEMP TABLE import_enhed_resolved ON COMMIT DROP AS
    SELECT s.*, u.id AS unit_id, p.id AS leader_id
    FROM import_enhed s JOIN unit u ON u.code = s.unit_code
    LEFT JOIN person p ON lower(p.email) = lower(s.leader_email)`);
  const [{ n: created }] = await em.query(`
    WITH inserted AS (
      INSERT INTO enhed (unit_id, code, name, address, next_layer_leader_person_id, valid_from, valid_to)
      SELECT r.unit_id, r.code, r.name, r.address, r.leader_id, r.valid_from, r.valid_to FROM import_enhed_resolved r
      WHERE NOT EXISTS (SELECT 1 FROM enhed e WHERE e.code = r.code)
      ORDER BY r.line
      RETURNING 1)
    SELECT count(*)::int AS n FROM inserted`);
  const next = {
    address: `CASE WHEN r.has_address THEN r.address ELSE e.address END`,
    leader: `CASE WHEN r.has_leader THEN r.leader_id ELSE e.next_layer_leader_person_id END`,
  };
  const [{ n: updated }] = await em.query(`
    WITH changed AS (
      UPDATE enhed e SET name = r.name, address = ${next.address}, next_layer_leader_person_id = ${next.leader},
                         valid_from = r.valid_from, valid_to = r.valid_to, updated_at = now()
      FROM import_enhed_resolved r
      WHERE e.code = r.code
        AND (e.name, e.address, e.next_layer_leader_person_id, e.valid_from, e.valid_to)
            IS DISTINCT FROM (r.name, ${next.address}, ${next.leader}, r.valid_from, r.valid_to)
      RETURNING 1)
    SELECT count(*)::int AS n FROM changed`);
  return { created, updated, unchanged: staged - created - updated };
}
