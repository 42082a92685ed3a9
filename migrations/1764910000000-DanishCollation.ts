import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Danish text compares and sorts the Danish way. The database's own locale is
 * whatever initdb was given (the embedded server's is C, where lower('Ø') is
 * 'Ø' and Å sorts before a). An ICU collation named here, `dansk`, on the
 * columns people search and sort by makes lower(), ILIKE and ORDER BY treat
 * æ, ø, å (and aa) as Danish, whatever the server's locale. ICU is part of
 * every mainstream PostgreSQL build; without it this migration stops with
 * PostgreSQL's own error instead of searches quietly missing.
 */
export class DanishCollation1764910000000 implements MigrationInterface {
  name = 'DanishCollation1764910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE COLLATION IF NOT EXISTS dansk (provider = icu, locale = 'da-DK')`);
    await q.query(`ALTER TABLE unit ALTER COLUMN name TYPE varchar(200) COLLATE dansk, ALTER COLUMN district TYPE varchar(100) COLLATE dansk`);
    // person_email_unique (lower(email)) is rebuilt with the new collation, so ÆØÅ in addresses are unique regardless of case too.
    await q.query(`ALTER TABLE person ALTER COLUMN name TYPE varchar(200) COLLATE dansk, ALTER COLUMN email TYPE varchar(254) COLLATE dansk`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person ALTER COLUMN name TYPE varchar(200) COLLATE "default", ALTER COLUMN email TYPE varchar(254) COLLATE "default"`);
    await q.query(`ALTER TABLE unit ALTER COLUMN name TYPE varchar(200) COLLATE "default", ALTER COLUMN district TYPE varchar(100) COLLATE "default"`);
    await q.query(`DROP COLLATION IF EXISTS dansk`);
  }
}
