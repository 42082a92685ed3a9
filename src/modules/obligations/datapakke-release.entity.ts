import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, Unique } from 'typeorm';
import type { AgeArea, LocalDate } from '../../../workflows/domain';
import { Person } from '../organisation';

/** R42: one datapakke release per age area, half-year and variant, with its publication date. */
@Entity('datapakke_release')
@Unique('datapakke_release_r42_one_per_half_year', ['ageArea', 'halfYear', 'variant'])
@Check('datapakke_release_age_area_known', `age_area IN ('0-6', '6-18')`)
@Check('datapakke_release_half_year_format', `half_year ~ '^[0-9]{4}-(foraar|efteraar)$'`)
@Check('datapakke_release_variant_known', `variant IN ('', 'specialtilbud', 'fu')`)
export class DatapakkeRelease {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 8 }) ageArea!: AgeArea;
  @Column({ type: 'varchar', length: 16 }) halfYear!: string;
  @Column({ type: 'varchar', length: 32, default: '' }) variant!: string;
  @Column({ type: 'date' }) publishedOn!: LocalDate;
  @Column({ type: 'uuid', nullable: true }) publishedBy!: string | null;
  @ManyToOne(() => Person, { createForeignKeyConstraints: true })
  @JoinColumn({ name: 'published_by', foreignKeyConstraintName: 'datapakke_release_published_by_fkey' })
  publishedByPerson?: Relation<Person>;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()', select: false }) createdAt?: Date;
}
