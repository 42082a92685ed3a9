import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface NamedRef {
  id: string;
  name: string;
}

/**
 * Names for the administration's filters and tables (selects of units, chefs
 * and districts; names for ids the services return). Display only: no rule
 * is decided here, and nothing is written.
 */
@Injectable()
export class AdminLookups {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  units(): Promise<(NamedRef & { code: string })[]> {
    return this.db.query(`SELECT id, code, name FROM unit ORDER BY name, code`);
  }

  /**
   * Units for a search by code or name (case-insensitive, and Danish letters folded as a keyboard without them would
   * type them: see danishFolded): an exact code alone when one matches, else those whose code or name contains
   * `text`, by name, at most `limit`. `chefPersonId`: only units that person has been chef of.
   */
  async unitsMatching(text: string, chefPersonId: string | null, limit: number): Promise<(NamedRef & { code: string })[]> {
    const scope = `($2::uuid IS NULL OR EXISTS (SELECT 1 FROM assignment a WHERE a.unit_id = u.id AND a.role = 'chef' AND a.person_id = $2))`;
    const exact = await this.db.query(`SELECT u.id, u.code, u.name FROM unit u WHERE lower(u.code) = lower($1) AND ${scope} LIMIT 2`, [text, chefPersonId]);
    if (exact.length === 1) return exact;
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.db.query(
      `SELECT u.id, u.code, u.name FROM unit u WHERE (${danishFolded('u.name')} LIKE ${danishFolded('$1')} OR u.code ILIKE $1) AND ${scope}
       ORDER BY u.name, u.code LIMIT $3`,
      [like, chefPersonId, limit],
    );
  }

  /** One unit's code and name by id; `chefPersonId`: only when that person has been its chef (else undefined). */
  async unitRef(id: string, chefPersonId: string | null): Promise<(NamedRef & { code: string }) | undefined> {
    const [row] = await this.db.query(
      `SELECT u.id, u.code, u.name FROM unit u
        WHERE u.id = $1 AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM assignment a WHERE a.unit_id = u.id AND a.role = 'chef' AND a.person_id = $2))`,
      [id, chefPersonId],
    );
    return row;
  }

  /** Everyone who has been chef of a unit at some time. */
  chefs(): Promise<NamedRef[]> {
    return this.db.query(`SELECT DISTINCT p.id, p.name FROM person p JOIN assignment a ON a.person_id = p.id AND a.role = 'chef' ORDER BY p.name, p.id`);
  }

  people(): Promise<(NamedRef & { email: string })[]> {
    return this.db.query(`SELECT id, name, email FROM person ORDER BY name, email`);
  }

  async districts(): Promise<string[]> {
    const rows: { district: string }[] = await this.db.query(
      `SELECT min(district) AS district FROM unit WHERE district IS NOT NULL AND district <> '' GROUP BY lower(district) ORDER BY 1`,
    );
    return rows.map((r) => r.district);
  }

  async unitNames(ids: string[]): Promise<Map<string, { code: string; name: string }>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; code: string; name: string }[] = await this.db.query(`SELECT id, code, name FROM unit WHERE id = ANY($1::uuid[])`, [[...new Set(ids)]]);
    return new Map(rows.map((r) => [r.id, { code: r.code, name: r.name }]));
  }

  async personNames(ids: string[]): Promise<Map<string, { name: string; email: string }>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string; email: string }[] = await this.db.query(`SELECT id, name, email FROM person WHERE id = ANY($1::uuid[])`, [[...new Set(ids)]]);
    return new Map(rows.map((r) => [r.id, { name: r.name, email: r.email }]));
  }
}

/**
 * SQL: `text` in lower case with the Danish letters folded the way a search may spell them without a Danish keyboard
 * (or in a hurry): å and aa → a, æ → ae, ø and oe → o. So »Skåde«, »skaade« and »SKADE« are the same search, as are
 * »Åbyhøj«, »aabyhoej« and »abyhoj«. Folding both sides may make a search find a little more, never less.
 */
export function danishFolded(text: string): string {
  // lower() follows the collation: under the database's default (C on the embedded server) »Å« would stay »Å«.
  return `replace(replace(replace(replace(replace(lower(CAST(${text} AS varchar) COLLATE dansk), 'aa', 'a'), 'å', 'a'), 'æ', 'ae'), 'oe', 'o'), 'ø', 'o')`;
}
