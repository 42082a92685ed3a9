import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A person's calendar subscription: only the SHA-256 (hex) of the feed token is kept. */
@Entity('calendar_feed')
export class CalendarFeed {
  @PrimaryColumn('uuid')
  personId!: string;

  @Column({ type: 'char', length: 64 })
  tokenHash!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
