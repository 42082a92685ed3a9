import { Organisation1763800000000 } from './1763800000000-Organisation';
import { Engine1763900000000 } from './1763900000000-Engine';
import { CalendarFeeds1764000000000 } from './1764000000000-CalendarFeeds';
import { DanishCollation1764910000000 } from './1764910000000-DanishCollation';
import { TrailHashChain1764920000000 } from './1764920000000-TrailHashChain';
import { OrganisationTrail1764921000000 } from './1764921000000-OrganisationTrail';
import { PlannedTreatmentAndLoopopsamling1764930000000 } from './1764930000000-PlannedTreatmentAndLoopopsamling';
import { DatapakkeReleases1764931000000 } from './1764931000000-DatapakkeReleases';
import { SelvejendeBestyrelsesinput1764932000000 } from './1764932000000-SelvejendeBestyrelsesinput';
import { WebSessions1764940000000 } from './1764940000000-WebSessions';
import { BookingTimes1764950000000 } from './1764950000000-BookingTimes';
import { Digests1764951000000 } from './1764951000000-Digests';
import { ReadIndexes1764970000000 } from './1764970000000-ReadIndexes';
import { ReminderWatermark1764973000000 } from './1764973000000-ReminderWatermark';
import { Enheder1764974000000 } from './1764974000000-Enheder';
import { TilsynVisits1764974100000 } from './1764974100000-TilsynVisits';
import { StatutoryObligations1764975000000 } from './1764975000000-StatutoryObligations';
import { SkaerpetTilsynOgTilsynsrapport1764975100000 } from './1764975100000-SkaerpetTilsynOgTilsynsrapport';
import { Jobs1764972000000 } from './1764972000000-Jobs';
import { JobFiles1764983000000 } from './1764983000000-JobFiles';
import { JobInputText1764972100000 } from './1764972100000-JobInputText';
import { BulkTrail1764984000000 } from './1764984000000-BulkTrail';
import { ObligationTrailHead1764982000000 } from './1764982000000-ObligationTrailHead';
import { UnitAuditStamp1764990000000 } from './1764990000000-UnitAuditStamp';
import { ChainHeadByIndex1765000000000 } from './1765000000000-ChainHeadByIndex';
import { TriggerJoinPlans1765000100000 } from './1765000100000-TriggerJoinPlans';
import { StatisticsAfterBulkWrites1765000200000 } from './1765000200000-StatisticsAfterBulkWrites';
import { AnalyzeAfterBulkWriteGrant1765000300000 } from './1765000300000-AnalyzeAfterBulkWriteGrant';

/** Every migration, in order. Listed explicitly so the same list works from TS (tests) and JS (dist). */
export const MIGRATIONS = [
  Organisation1763800000000,
  Engine1763900000000,
  CalendarFeeds1764000000000,
  DanishCollation1764910000000,
  TrailHashChain1764920000000,
  OrganisationTrail1764921000000,
  PlannedTreatmentAndLoopopsamling1764930000000,
  DatapakkeReleases1764931000000,
  SelvejendeBestyrelsesinput1764932000000,
  WebSessions1764940000000,
  BookingTimes1764950000000,
  Digests1764951000000,
  ReadIndexes1764970000000,
  ReminderWatermark1764973000000,
  Enheder1764974000000,
  TilsynVisits1764974100000,
  StatutoryObligations1764975000000,
  SkaerpetTilsynOgTilsynsrapport1764975100000,
  Jobs1764972000000,
  JobInputText1764972100000,
  JobFiles1764983000000,
  BulkTrail1764984000000,
  ObligationTrailHead1764982000000,
  UnitAuditStamp1764990000000,
  ChainHeadByIndex1765000000000,
  TriggerJoinPlans1765000100000,
  StatisticsAfterBulkWrites1765000200000,
  AnalyzeAfterBulkWriteGrant1765000300000,
];
