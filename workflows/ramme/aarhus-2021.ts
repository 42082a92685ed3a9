/**
 * The framework as the byråd adopted it in 2021 (seeds/002: the final
 * framework ≈ l.818–1318), with the defaults of ../../../shared/spec/ramme.md
 * where the source is silent.
 */
import { defineRamme } from './define-ramme';

export const AARHUS_2021 = defineRamme({
  id: 'aarhus-2021',
  // The framework was adopted in 2021, but the first loop under the model is the
  // one that the 6–18 report treated on 2020-03-25 started (R10). Dating the
  // version from 2020-01-01 lets that loop, and the 0–6 loop of 2021, run under
  // it; no loop predates the model, so no earlier version is needed.
  effectiveFrom: '2020-01-01',
  description: 'Ramme for lokal kvalitetsopfølgning og tilsyn, Børn og Unge, Aarhus Kommune (2021)',

  loopYears: 2,
  defaultTreatmentMonth: 3,

  samtaleCount: 4,
  samtale1WindowWeeks: 10,
  halfYearWindows: {
    spring: { from: '02-01', to: '06-30' },
    autumn: { from: '08-01', to: '12-15' },
  },
  convener: { kommunal: 'chef', selvejende: 'board' },

  // Four weeks gives the administration a month to publish per unit or per
  // age area (R41) before the round's samtaler can begin.
  datapakkeLeadDays: 28,
  datapakkeResponsibleRole: 'admin',

  // Jan–Feb, Mar–Apr, …, Nov–Dec: six two-month windows per calendar year.
  // INTERVAL=2 divides twelve months, so the DTSTART year does not shift the
  // windows; it need only precede every loop under this version.
  ledelsesopfoelgning: {
    recurrence: 'DTSTART:20200101T000000Z\nRRULE:FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1',
    responsibleRole: 'chef',
  },
  ledelsesopfoelgningPerYear: 6,
  ledelsesopfoelgningBetweenSamtaler: 3,
  // The source gives no frequency for R51; the default is R50's rule.
  subLeaderOpfoelgning: {
    recurrence: 'DTSTART:20200101T000000Z\nRRULE:FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1',
    responsibleRole: 'leader',
  },
  // R51: the same for every unit type until the framework says otherwise.
  subLeaderOpfoelgningPerUnitType: {},
  // R64: 1:1s apply to selvejende units; no bestyrelsesinput where the board convenes the samtale itself (R60).
  selvejende: { ledelsesopfoelgning: true, bestyrelsesinput: false },

  // Three weeks before samtale 1's window closes leaves time to prepare the
  // samtale with the elevråd/senat input in hand.
  elevinput: { unitTypes: ['skole', 'fu'], dueDaysBeforeSamtale1WindowEnd: 21, responsibleRole: 'leader' },
  bestyrelsesinput: { fromSamtale: 2, responsibleRole: 'board' },
  boardParticipationRequiredAtSamtaler: [1],
  // R28: the FU note (002 ≈ l.2584–2600): a youth representative once a year
  // (one of samtaler 1–2 and one of 3–4), an afdelingsleder representative always.
  fuYouthParticipationEverySamtaler: 2,
  fuAfdelingslederAtEverySamtale: true,

  // R33: before the next report's themes are chosen (November for a March
  // treatment, 000 ≈ l.217–261), so 1 October of the year before.
  loopopsamling: { dueMonthDay: '10-01', yearsBeforeTreatment: 1, opensWeeksBeforeDue: 12, responsibleRole: 'leader' },

  tilsynsafrapportering: {
    unitTypes: ['dagtilbud'],
    governances: ['selvejende'],
    recurrence: 'DTSTART:20200101T000000Z\nRRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=1',
    opensOnMonthDay: '09-01',
    responsibleRole: 'board',
  },
  opfoelgningsmoede: { dueDaysAfterDecision: 42, responsibleRole: 'chef' },
  // R63: six weeks after the board's report is received.
  tilsynsgennemgang: { dueDaysAfterReceipt: 42, responsibleRole: 'chef' },

  leaderParticipantRoles: {
    dagtilbud: ['leder', 'paedagogisk_leder'],
    skole: ['leder', 'paedagogisk_leder'],
    fu: ['leder', 'viceleder', 'fritidscenterleder', 'ungdomsskolekoordinator'],
  },

  reminders: { daysBeforeDue: [14, 1], whenOverdue: true },
});
