/** The calendar module's public face. */
export { CalendarModule } from './calendar.module';
export { CalendarService } from './calendar.service';
export { danishDate, obligationTitle } from './obligation-event';
export { CalendarFeed } from './calendar-feed.entity';
import { CalendarFeed } from './calendar-feed.entity';

export const CALENDAR_ENTITIES = [CalendarFeed];
