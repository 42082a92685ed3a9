import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * R42: datapakke releases, one per age area, half-year and variant, with the
 * date they were published. Existing publications are per obligation
 * (completed_on) and stay as they are; no release is invented for them.
 */
export class DatapakkeReleases1764931000000 implements MigrationInterface {
  name = 'DatapakkeReleases1764931000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE datapakke_release (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        age_area varchar(8) NOT NULL CONSTRAINT datapakke_release_age_area_known CHECK (age_area IN ('0-6', '6-18')),
        half_year varchar(16) NOT NULL CONSTRAINT datapakke_release_half_year_format CHECK (half_year ~ '^[0-9]{4}-(foraar|efteraar)$'),
        variant varchar(32) NOT NULL DEFAULT '' CONSTRAINT datapakke_release_variant_known CHECK (variant IN ('', 'specialtilbud', 'fu')),
        published_on date NOT NULL,
        published_by uuid REFERENCES person (id),
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT datapakke_release_r42_one_per_half_year UNIQUE (age_area, half_year, variant)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE datapakke_release`);
  }
}
