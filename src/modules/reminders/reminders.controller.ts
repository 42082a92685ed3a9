import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly, User } from '../auth';
import type { CurrentUser } from '../auth';
import { MailTransport } from './mail-transport';
import { OutboxPage, OutboxQuery, ReminderSettingsDto, ReminderSettingsResponse } from './reminders.dto';
import { RemindersService } from './reminders.service';

@ApiTags('påmindelser')
@ApiBearerAuth()
@Controller('api/v1')
export class RemindersController {
  constructor(
    private readonly reminders: RemindersService,
    private readonly mail: MailTransport,
  ) {}

  @Get('me/reminder-settings')
  @ApiOperation({ summary: 'Hvor ofte jeg får min e-mail-oversigt (dagligt, ugentligt om mandagen, fra)' })
  @ApiOkResponse({ type: ReminderSettingsResponse })
  settings(@User() user: CurrentUser): Promise<ReminderSettingsResponse> {
    return this.reminders.settings(user.personId);
  }

  @Put('me/reminder-settings')
  @ApiOperation({ summary: 'Skift hvor ofte jeg får min e-mail-oversigt' })
  @ApiOkResponse({ type: ReminderSettingsResponse })
  setSettings(@Body() dto: ReminderSettingsDto, @User() user: CurrentUser): Promise<ReminderSettingsResponse> {
    return this.reminders.setFrequency(user.personId, dto.frequency);
  }

  @Get('admin/outbox')
  @AdminOnly()
  @ApiOperation({
    summary: 'Udbakken: hver e-mail-oversigt, sendt eller ej',
    description: 'Nyeste først. Uden SMTP_URL sendes intet, og hver oversigt, der ville være sendt, står her med status recorded.',
  })
  @ApiOkResponse({ type: OutboxPage })
  async outbox(@Query() q: OutboxQuery): Promise<OutboxPage> {
    return { smtpConfigured: this.mail.enabled, ...(await this.reminders.outbox(q)) };
  }
}
