import { MigrationInterface, QueryRunner } from 'typeorm';

/** The organisation registry: units, people and their time-bounded assignments (R1–R3). */
export class Organisation1763800000000 implements MigrationInterface {
  name = 'Organisation1763800000000';

  async up(q: QueryRunner): Promise<void> {
    // btree_gist lets one exclusion constraint compare uuids with = and date ranges with &&.
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`
      CREATE TABLE unit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(64) NOT NULL,
        name varchar(200) NOT NULL,
        type varchar(16) NOT NULL CONSTRAINT unit_type_known CHECK (type IN ('dagtilbud', 'skole', 'fu')),
        governance varchar(16) NOT NULL DEFAULT 'kommunal'
          CONSTRAINT unit_governance_known CHECK (governance IN ('kommunal', 'selvejende')),
        special boolean NOT NULL DEFAULT false,
        district varchar(100),
        valid_from date NOT NULL,
        valid_to date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT unit_code_unique UNIQUE (code),
        CONSTRAINT unit_r1_only_dagtilbud_selvejende CHECK (governance = 'kommunal' OR type = 'dagtilbud'),
        CONSTRAINT unit_valid_period CHECK (valid_to IS NULL OR valid_to >= valid_from)
      )`);
    await q.query(`
      CREATE TABLE person (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        email varchar(254) NOT NULL,
        admin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX person_email_unique ON person (lower(email))`);
    await q.query(`
      CREATE TABLE assignment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit (id),
        person_id uuid NOT NULL REFERENCES person (id),
        role varchar(16) NOT NULL CONSTRAINT assignment_role_known CHECK (role IN ('chef', 'leader', 'subLeader', 'board')),
        valid_from date NOT NULL,
        valid_to date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT assignment_valid_period CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT assignment_r1_one_chef_one_leader EXCLUDE USING gist (
          unit_id WITH =, role WITH =, daterange(valid_from, valid_to, '[]') WITH &&
        ) WHERE (role IN ('chef', 'leader')),
        CONSTRAINT assignment_no_overlapping_duplicate EXCLUDE USING gist (
          unit_id WITH =, person_id WITH =, role WITH =, daterange(valid_from, valid_to, '[]') WITH &&
        )
      )`);
    await q.query(`CREATE INDEX assignment_person ON assignment (person_id)`);
    await q.query(`CREATE INDEX assignment_unit_role ON assignment (unit_id, role, valid_from)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE assignment`);
    await q.query(`DROP TABLE person`);
    await q.query(`DROP TABLE unit`);
    // btree_gist stays: other objects in the database may use it.
  }
}
