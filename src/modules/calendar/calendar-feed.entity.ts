import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, Relation, Unique } from 'typeorm';
import { Person } from '../organisation';

/** A person's calendar subscription: only the SHA-256 (hex) of the feed token is kept. */
@Entity('calendar_feed')
@Unique('calendar_feed_token_hash_unique', ['tokenHash'])
@Check('calendar_feed_token_hash_hex', `token_hash ~ '^[0-9a-f]{64}$'`)
export class CalendarFeed {
  @PrimaryColumn('uuid')
  personId!: string;

  /** Only declares the foreign key; not loaded by the code (use personId). */
  @ManyToOne(() => Person, { createForeignKeyConstraints: true })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'calendar_feed_person_id_fkey' })
  person?: Relation<Person>;

  @Column({ type: 'char', length: 64 })
  tokenHash!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
