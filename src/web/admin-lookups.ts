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
