import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('person')
// UNIQUE (lower(email)): an expression index TypeORM cannot model; the migration owns it.
@Index('person_email_unique', { synchronize: false })
export class Person {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200, collation: 'dansk' })
  name!: string;

  /** Unique regardless of case (index on lower(email)). */
  @Column({ type: 'varchar', length: 254, collation: 'dansk' })
  email!: string;

  /** Central administration (forvaltningen): sees and audits everything. */
  @Column({ type: 'boolean', default: false })
  admin!: boolean;

  /** May be assigned as tilsynsførende of a statutory visit (R90); impartiality is checked per visit. */
  @Column({ type: 'boolean', default: false })
  tilsynsfoerende!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
