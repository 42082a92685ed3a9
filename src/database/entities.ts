import { CalendarFeed } from '../modules/calendar/calendar-feed.entity';
import { DatapakkeRelease } from '../modules/engine/datapakke-release.entity';
import { BoardReportReview, LearningLoop, Obligation, QualityReport } from '../modules/engine/engine.entities';
import { Assignment } from '../modules/organisation/assignment.entity';
import { Person } from '../modules/organisation/person.entity';
import { Unit } from '../modules/organisation/unit.entity';

export const ENTITIES = [Unit, Person, Assignment, QualityReport, LearningLoop, Obligation, BoardReportReview, CalendarFeed, DatapakkeRelease];
