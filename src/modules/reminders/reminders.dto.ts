import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { LocalDate } from '../../../workflows/domain';
import { PageQuery } from '../../common/pagination';
import { IsLocalDate } from '../../common/validation';
import { DIGEST_FREQUENCIES, DigestFrequency } from './digest.service';

export const DIGEST_STATUSES = ['pending', 'sending', 'sent', 'failed', 'recorded'] as const;
export type DigestStatus = (typeof DIGEST_STATUSES)[number];

export class ReminderSettingsDto {
  @ApiProperty({ enum: DIGEST_FREQUENCIES, description: 'dagligt (standard), ugentligt (mandag) eller fra' })
  @IsIn(DIGEST_FREQUENCIES, { message: 'frequency skal være dagligt, ugentligt eller fra' })
  frequency!: DigestFrequency;
}

export class ReminderSettingsResponse {
  @ApiProperty({ enum: DIGEST_FREQUENCIES }) frequency!: DigestFrequency;
  @ApiProperty({ description: 'Min e-mailadresse, som oversigten sendes til' }) email!: string;
}

export class OutboxQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DIGEST_STATUSES, description: 'recorded: ingen SMTP_URL, kun registreret' })
  @IsOptional()
  @IsIn(DIGEST_STATUSES)
  status?: DigestStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Kun til denne person' })
  @IsOptional()
  @IsUUID('all', { message: 'personId skal være et UUID' })
  personId?: string;

  @ApiPropertyOptional({ description: 'Kun oversigter for denne dag' })
  @IsOptional()
  @IsLocalDate()
  on?: LocalDate;
}

export class OutboxItem {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Dagen, oversigten gælder' }) digestOn!: LocalDate;
  @ApiProperty({ format: 'uuid' }) recipientPersonId!: string;
  @ApiProperty() recipientName!: string;
  @ApiProperty({ description: 'Til-adressen, som den sendes' }) to!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'Ren tekst' }) text!: string;
  @ApiProperty({ description: 'HTML (vis den i en sandkasse-iframe)' }) html!: string;
  @ApiProperty({ description: 'Stabil pr. oversigt' }) messageId!: string;
  @ApiProperty({ enum: DIGEST_STATUSES }) status!: DigestStatus;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) sentAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ description: 'Påmindelser (reminder-rækker), oversigten bar' }) reminders!: number;
}

export class OutboxPage {
  @ApiProperty({ description: 'Om SMTP_URL er sat; ellers sendes intet, og oversigterne står her som recorded' }) smtpConfigured!: boolean;
  @ApiProperty({ type: [OutboxItem] }) items!: OutboxItem[];
  @ApiProperty() total!: number;
}
