import { Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';
import { RenderedFeeds } from './rendered-feeds';

/** Personal iCalendar feeds of obligations (issue 4, "For chefs"). */
@Module({
  controllers: [CalendarController],
  providers: [CalendarService, RenderedFeeds],
  exports: [CalendarService],
})
export class CalendarModule {}
