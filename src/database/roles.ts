import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Least privilege (R71, R81): the schema belongs to a migration role, the
 * service runs as an application role that owns nothing and may only INSERT
 * and SELECT on the audit trail. Neither is a superuser, so neither can switch
 * the trail's triggers off, change session_replication_role or run
 * COPY … PROGRAM.
 */
export interface DatabaseRole {
  user: string;
  password: string;
}

export interface DatabaseRoles {
  migrator: DatabaseRole;
  app: DatabaseRole;
}

export const MIGRATOR_ROLE = 'kvalitetsloop_migrator';
export const APP_ROLE = 'kvalitetsloop_app';

export function randomPassword(): string {
  return randomBytes(24).toString('base64url');
}

/** Creates (or brings back in line) both roles; run as a superuser. Idempotent. */
export async function ensureRoles(superuser: Client, roles: DatabaseRoles): Promise<void> {
  for (const role of [roles.migrator, roles.app]) {
    const exists = await superuser.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.user]);
    const name = superuser.escapeIdentifier(role.user);
    if (exists.rowCount === 0) await superuser.query(`CREATE ROLE ${name} LOGIN`);
    await superuser.query(
      `ALTER ROLE ${name} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${superuser.escapeLiteral(role.password)}`,
    );
  }
}

/** A database owned by the migration role that the application role may only connect to. Run as a superuser. */
export async function ensureDatabase(superuser: Client, name: string, roles: DatabaseRoles): Promise<void> {
  const found = await superuser.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  const db = superuser.escapeIdentifier(name);
  if (found.rowCount === 0) await superuser.query(`CREATE DATABASE ${db} OWNER ${superuser.escapeIdentifier(roles.migrator.user)}`);
  await superuser.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`);
  await superuser.query(`GRANT CONNECT ON DATABASE ${db} TO ${superuser.escapeIdentifier(roles.app.user)}`);
}

/** Tables the application may read and append to, but never change: the audit trail and its verifications. */
export const APPEND_ONLY_TABLES = ['transition', 'trail_verification'];

/**
 * Tables the application only reads: derived from the trail by triggers that run as their owner
 * (obligation_trail_head, R81; unit_audit_stamp, the coverage memo's per-unit stamp), so the service cannot make them
 * disagree with what they are derived from.
 */
export const READ_ONLY_TABLES = ['obligation_trail_head', 'unit_audit_stamp'];

/**
 * The application role's privileges, granted by the migration role after
 * every migration run (so a table a later migration adds is covered too).
 */
export async function grantApplicationPrivileges(query: (sql: string) => Promise<unknown>, applicationRole: string): Promise<void> {
  const app = `"${applicationRole.replace(/"/g, '""')}"`;
  // PostgreSQL < 15 lets everyone create objects in public; nobody but the migration role should.
  await query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
  await query(`GRANT USAGE ON SCHEMA public TO ${app}`);
  // The organisation import stages its rows in temporary tables (COPY); they vanish at commit and touch no table of the schema.
  await query(`DO $$ BEGIN EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO %s', current_database(), '${app.replace(/'/g, "''")}'); END $$`);
  await query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`);
  await query(`REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${app}`);
  await query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
  // The scheduler's one call into a SECURITY DEFINER function (migration 1765000300000-AnalyzeAfterBulkWriteGrant).
  await query(`DO $$ BEGIN IF to_regprocedure('analyze_after_bulk_write(bigint)') IS NOT NULL THEN
    EXECUTE 'GRANT EXECUTE ON FUNCTION analyze_after_bulk_write(bigint) TO ' || quote_ident('${applicationRole.replace(/'/g, "''")}'); END IF; END $$`);
  const tables = (await query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('transition', 'trail_verification', 'migrations', ${READ_ONLY_TABLES.map((t) => `'${t}'`).join(', ')})`,
  )) as Array<{ table_name: string }>;
  for (const { table_name: table } of tables) {
    await query(`REVOKE ALL ON ${table} FROM ${app}`);
    await query(`GRANT ${table === 'migrations' || READ_ONLY_TABLES.includes(table) ? 'SELECT' : 'SELECT, INSERT'} ON ${table} TO ${app}`);
  }
}

/** Refused at start: a role that could rewrite the audit trail. One Danish line says why and what to do. */
export class DatabaseRoleError extends Error {
  readonly operatorError = true;
}

export async function assertApplicationRole(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  // A server stopped under it (a signal's shutdown) rejects the query; unheard, the 'error' event would crash the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const [row] = (
      await client.query<{ role: string; superuser: boolean; owns_trail: boolean | null; may_change_trail: boolean | null }>(
        `SELECT r.rolname AS role, r.rolsuper AS superuser,
                (SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c WHERE c.oid = to_regclass('public.transition')) AS owns_trail,
                (SELECT has_table_privilege(current_user, c.oid, 'UPDATE, DELETE, TRUNCATE') FROM pg_class c WHERE c.oid = to_regclass('public.transition')) AS may_change_trail
           FROM pg_roles r WHERE r.rolname = current_user`,
      )
    ).rows;
    const fix = 'lad en migreringsrolle eje skemaet (MIGRATION_DATABASE_URL) og kør tjenesten som en applikationsrolle uden andre rettigheder (se README, "Databaseroller")';
    if (row!.superuser) {
      throw new DatabaseRoleError(`Tjenesten nægter at køre som databasens superbruger "${row!.role}", der kan omskrive revisionssporet; ${fix}.`);
    }
    if (row!.owns_trail) {
      throw new DatabaseRoleError(`Tjenesten nægter at køre som "${row!.role}", der ejer revisionssporet (tabellen transition) og kan slå dets beskyttelse fra; ${fix}.`);
    }
    if (row!.may_change_trail) {
      throw new DatabaseRoleError(`Tjenesten nægter at køre som "${row!.role}", der må ændre eller slette i revisionssporet (tabellen transition); ${fix}.`);
    }
  } finally {
    await client.end();
  }
}

/** The URL with another user, password and/or database. */
export function withCredentials(url: string, role?: DatabaseRole, database?: string): string {
  const u = new URL(url);
  if (role) {
    u.username = encodeURIComponent(role.user);
    u.password = encodeURIComponent(role.password);
  }
  if (database) u.pathname = `/${database}`;
  return u.toString();
}
