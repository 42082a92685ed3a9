import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The engine: quality-report cycles (R10–R13), learning loops (R20–R30),
 * obligations with their persisted statecharts (R70–R72), the append-only
 * audit trail (R71, R81), the reminder outbox and the chef's review of a
 * selvejende board's tilsynsafrapportering (R62).
 */
export class Engine1763900000000 implements MigrationInterface {
  name = 'Engine1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE quality_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        age_area varchar(8) NOT NULL CONSTRAINT quality_report_age_area_known CHECK (age_area IN ('0-6', '6-18')),
        year int NOT NULL,
        themes jsonb NOT NULL DEFAULT '[]',
        state varchar(40) NOT NULL,
        snapshot jsonb NOT NULL,
        machine_version int NOT NULL,
        version int NOT NULL DEFAULT 1,
        byraad_behandlet_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT quality_report_one_per_area_and_year UNIQUE (age_area, year),
        CONSTRAINT quality_report_r10_parity CHECK ((age_area = '6-18') = (year % 2 = 0))
      )`);
    await q.query(`
      CREATE TABLE learning_loop (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit (id),
        quality_report_id uuid NOT NULL REFERENCES quality_report (id),
        age_area varchar(8) NOT NULL,
        ramme_id varchar(64) NOT NULL,
        starts_on date NOT NULL,
        expected_end_on date NOT NULL,
        ended_on date,
        planned_at timestamptz,
        state varchar(40) NOT NULL,
        snapshot jsonb NOT NULL,
        machine_version int NOT NULL,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT learning_loop_one_per_unit_and_report UNIQUE (unit_id, quality_report_id)
      )`);
    await q.query(`CREATE INDEX learning_loop_unplanned ON learning_loop (ramme_id, starts_on) WHERE planned_at IS NULL`);
    await q.query(`CREATE INDEX learning_loop_state ON learning_loop (state)`);

    await q.query(`
      CREATE TABLE obligation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit (id),
        loop_id uuid NOT NULL REFERENCES learning_loop (id),
        kind varchar(32) NOT NULL,
        sequence int NOT NULL,
        subject_key varchar(64) NOT NULL DEFAULT '',
        opens_on date NOT NULL,
        due_on date NOT NULL,
        responsible_role varchar(16) NOT NULL,
        responsible_person_id uuid REFERENCES person (id),
        chef_person_id uuid REFERENCES person (id),
        leader_person_id uuid REFERENCES person (id),
        state varchar(16) NOT NULL,
        snapshot jsonb NOT NULL,
        machine_version int NOT NULL,
        version int NOT NULL DEFAULT 1,
        scheduled_on date,
        completed_on date,
        completion jsonb,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT obligation_r70_generated_once UNIQUE (loop_id, kind, sequence, subject_key),
        CONSTRAINT obligation_window CHECK (opens_on <= due_on)
      )`);
    await q.query(`CREATE INDEX obligation_unit_due ON obligation (unit_id, due_on)`);
    await q.query(`CREATE INDEX obligation_state ON obligation (state)`);
    await q.query(`CREATE INDEX obligation_open_due ON obligation (due_on) WHERE state IN ('planned', 'scheduled', 'overdue')`);
    await q.query(`CREATE INDEX obligation_responsible ON obligation (responsible_person_id)`);

    // The audit trail (R71, R81): append-only, enforced by the database itself.
    await q.query(`
      CREATE TABLE transition (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_person_id uuid REFERENCES person (id),
        unit_id uuid REFERENCES unit (id),
        obligation_id uuid REFERENCES obligation (id),
        loop_id uuid REFERENCES learning_loop (id),
        quality_report_id uuid REFERENCES quality_report (id),
        event varchar(40) NOT NULL,
        from_state varchar(40),
        to_state varchar(40) NOT NULL,
        reason text,
        payload jsonb
      )`);
    await q.query(`CREATE INDEX transition_obligation ON transition (obligation_id, id)`);
    await q.query(`CREATE INDEX transition_unit ON transition (unit_id, at)`);
    await q.query(`CREATE INDEX transition_actor ON transition (actor_person_id, at)`);
    await q.query(`
      CREATE FUNCTION transition_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'Revisionssporet kan ikke ændres eller slettes (R71, R81)' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER transition_no_update_or_delete BEFORE UPDATE OR DELETE ON transition
      FOR EACH ROW EXECUTE FUNCTION transition_is_append_only()`);
    await q.query(`
      CREATE TRIGGER transition_no_truncate BEFORE TRUNCATE ON transition
      FOR EACH STATEMENT EXECUTE FUNCTION transition_is_append_only()`);

    // Reminders are written here and delivered by whatever mail relay reads the outbox.
    await q.query(`
      CREATE TABLE reminder (
        id bigserial PRIMARY KEY,
        obligation_id uuid NOT NULL REFERENCES obligation (id),
        recipient_person_id uuid NOT NULL REFERENCES person (id),
        kind varchar(24) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT reminder_once UNIQUE (obligation_id, recipient_person_id, kind)
      )`);
    await q.query(`CREATE INDEX reminder_unsent ON reminder (created_at) WHERE sent_at IS NULL`);

    // R62: the chef's review of one tilsynsafrapportering.
    await q.query(`
      CREATE TABLE board_report_review (
        obligation_id uuid PRIMARY KEY REFERENCES obligation (id),
        state varchar(40) NOT NULL,
        snapshot jsonb NOT NULL,
        machine_version int NOT NULL,
        version int NOT NULL DEFAULT 1,
        decision varchar(32),
        decided_by uuid REFERENCES person (id),
        decided_on date,
        followup_obligation_id uuid REFERENCES obligation (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // What the scheduler has already caught up on (assignment changes since the last refresh).
    await q.query(`CREATE TABLE scheduler_state (id int PRIMARY KEY CHECK (id = 1), responsibles_refreshed_at timestamptz)`);
    await q.query(`INSERT INTO scheduler_state (id) VALUES (1)`);
    await q.query(`CREATE INDEX assignment_updated ON assignment (updated_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX assignment_updated`);
    await q.query(`DROP TABLE scheduler_state`);
    await q.query(`DROP TABLE board_report_review`);
    await q.query(`DROP TABLE reminder`);
    await q.query(`DROP TABLE transition`);
    await q.query(`DROP FUNCTION transition_is_append_only()`);
    await q.query(`DROP TABLE obligation`);
    await q.query(`DROP TABLE learning_loop`);
    await q.query(`DROP TABLE quality_report`);
  }
}
