import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addDays, addYears, maxLocalDate, minLocalDate } from '../../../workflows/calendar/local-date';
import { halfYearOf } from '../../../workflows/datapakke/release.rules';
import type { AgeArea, LocalDate, ParticipantRole } from '../../../workflows/domain';
import type { QualityReportMilestone } from '../../../workflows/quality-report/quality-report.machine';
import { OBLIGATION_SNAPSHOTS } from '../../../workflows/obligation/obligation.machine';
import { Clock } from '../../common/clock';
import { DatapakkeReleasesService, ObligationsService } from '../obligations';
import { QualityReportsService } from '../quality-reports';
import { TilsynsrapportService } from '../tilsyn';
import { DEMO_ADMIN_EMAIL } from './demo-organisation';

/**
 * R93 in the demo: which enheder (in the order of unit code, enhed code) are left without a current tilsynsrapport —
 * `aldrig` (never published one), `for_gammel` (the latest is more than two years old) — and which are up to date.
 */
export const DEMO_TILSYNSRAPPORT_GAP = (i: number): 'aldrig' | 'for_gammel' | null => (i % 9 === 4 ? 'aldrig' : i % 9 === 7 ? 'for_gammel' : null);

const STATUS_CYCLE = ['gennemfoert', 'i_gang', 'gennemfoert', 'opgivet'] as const;

/**
 * The demo's recent past, so a newcomer sees loops under way: the latest
 * report of each age area treated by the byråd (relative to today), and the
 * samtaler whose windows have closed confirmed through the real service —
 * except a few left undone, so the overdue list and the audit have something
 * to show.
 */
@Injectable()
export class DemoHistory {
  private readonly logger = new Logger('Demo');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly reports: QualityReportsService,
    private readonly obligations: ObligationsService,
    private readonly releases: DatapakkeReleasesService,
    private readonly tilsynsrapporter: TilsynsrapportService,
  ) {}

  async load(): Promise<void> {
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM quality_report`);
    if (n > 0) return;
    const [admin] = await this.db.query(`SELECT id, name FROM person WHERE lower(email) = $1`, [DEMO_ADMIN_EMAIL]);
    const actor = { personId: admin.id as string, admin: true };
    const today = this.clock.today();
    const year = Number(today.slice(0, 4));
    const treatedThisYear = today >= `${year}-03-25`;
    // The latest report of each age area whose treatment date (late March) has passed.
    for (const ageArea of ['6-18', '0-6'] as AgeArea[]) {
      const evenYearArea = ageArea === '6-18';
      let reportYear = treatedThisYear ? year : year - 1;
      if ((reportYear % 2 === 0) !== evenYearArea) reportYear -= 1;
      const themes = evenYearArea ? ['Fravær', 'Læringsmiljø', 'Faglig udvikling'] : ['Sprog', 'Trivsel', 'Overgange'];
      const report = await this.reports.create({ ageArea, year: reportYear, themes }, actor.personId);
      const dates: [QualityReportMilestone, LocalDate][] = [
        ['temaer_valgt', `${reportYear - 1}-09-15`],
        ['raadmand_godkendt', `${reportYear - 1}-10-20`],
        ['udvalg_droeftet', `${reportYear}-02-10`],
        ['byraad_behandlet', `${reportYear}-03-25`],
      ];
      for (const [milestone, date] of dates) await this.reports.recordMilestone(report.id, milestone, date, actor.personId);
      await this.confirmPastSamtaler(ageArea, themes, actor, today);
    }
    await this.completePastDuties(today);
    await this.obligations.startMissingBoardReviews(); // R63: the received board reports await the chef's review
    await this.publishTilsynsrapporter({ ...actor, name: admin.name as string }, today);
    this.logger.log('Demo-kvalitetsrapporter og læringsloops indlæst');
  }

  /**
   * R93: a municipality that has run the framework has published a
   * tilsynsrapport for most enheder within the last two years, recorded
   * through the real service (which completes the enhed's obligation and
   * opens the next one). A few gaps stay, so the coverage page shows both
   * kinds: one enhed in nine has never published one, and one in nine
   * published its latest more than two years ago.
   */
  private async publishTilsynsrapporter(actor: { personId: string; admin: boolean; name: string }, today: LocalDate): Promise<void> {
    const enheder: { key: string; valid_from: string }[] = await this.db.query(
      `SELECT coalesce(e.id, u.id)::text AS key, coalesce(e.valid_from, u.valid_from)::text AS valid_from
       FROM unit u LEFT JOIN enhed e ON e.unit_id = u.id
       WHERE u.type = 'dagtilbud' AND u.valid_from <= $1 AND (u.valid_to IS NULL OR u.valid_to >= $1)
       ORDER BY u.code, e.code`,
      [today],
    );
    for (const [i, e] of enheder.entries()) {
      const gap = DEMO_TILSYNSRAPPORT_GAP(i);
      if (gap === 'aldrig') continue;
      // Published some months back (within two years), or, for the lapsed ones, two years and a few weeks ago.
      const publishedOn = gap === 'for_gammel' ? addDays(addYears(today, -2), -(20 + (i % 40))) : addDays(today, -(30 + ((i * 53) % 600)));
      if (publishedOn < e.valid_from) continue;
      await this.tilsynsrapporter.record(e.key, { publishedOn, url: `https://dagtilbud.demo.local/tilsyn/${publishedOn.slice(0, 4)}/${i + 1}.pdf` }, actor);
    }
  }

  /**
   * Follow-ups, inputs, summaries and board reports that fell due before
   * today were mostly done, a few days before their deadline; about one in
   * twelve was not. Written set-based, with the audit trail, in one statement.
   */
  private async completePastDuties(today: LocalDate): Promise<void> {
    await this.db.query(
      `WITH done AS (
         SELECT o.id, o.unit_id, o.loop_id, o.state, o.responsible_person_id,
                CASE WHEN o.kind = 'elevinput' THEN o.opens_on + (abs(hashtext(o.id::text)) % 7) -- in time for samtale 1 (R29)
                     ELSE greatest(o.opens_on, o.due_on - (abs(hashtext(o.id::text)) % 10)) END AS held_on
         FROM obligation o
         WHERE o.kind NOT IN ('laeringssamtale', 'datapakke') AND o.due_on < $1
           AND o.state IN ('planned', 'scheduled', 'overdue') AND abs(hashtext(o.id::text)) % 12 <> 0
         FOR UPDATE),
       completed AS (
         UPDATE obligation o SET state = 'completed', snapshot = $2::jsonb, completed_on = done.held_on,
                completion = jsonb_build_object('heldOn', done.held_on::text), version = o.version + 1, updated_at = now()
         FROM done WHERE o.id = done.id
         RETURNING o.id, o.unit_id, o.loop_id, done.state AS from_state, done.responsible_person_id, done.held_on)
       INSERT INTO transition (actor_person_id, unit_id, obligation_id, loop_id, event, from_state, to_state, payload)
       SELECT responsible_person_id, unit_id, id, loop_id, 'COMPLETE', from_state, 'completed', jsonb_build_object('heldOn', held_on::text)
       FROM completed`,
      [today, JSON.stringify(OBLIGATION_SNAPSHOTS.completed)],
    );
  }

  /**
   * R42: the age area's datapakke release for the round's half-year,
   * published (R41) a week before the round's samtaler open — so always
   * before they are held — and never after today.
   */
  private async releaseRound(ageArea: AgeArea, round: number, actor: { personId: string; admin: boolean }, today: LocalDate): Promise<void> {
    const [window] = await this.db.query(
      `SELECT min(o.opens_on)::text AS opens_on, min(o.due_on)::text AS due_on FROM obligation o JOIN learning_loop l ON l.id = o.loop_id
       WHERE l.age_area = $1 AND l.state <> 'lukket' AND o.kind = 'datapakke' AND o.sequence = $2`,
      [ageArea, round],
    );
    if (!window?.opens_on || window.opens_on > today) return;
    const publishedOn = minLocalDate(maxLocalDate(window.opens_on, addDays(window.due_on, -7)), today);
    await this.releases.create({ ageArea, halfYear: halfYearOf(window.due_on), publishedOn }, actor);
  }

  private async confirmPastSamtaler(ageArea: AgeArea, themes: string[], actor: { personId: string; admin: boolean }, today: LocalDate) {
    const agreementOf = (i: number, round: number) => `Vi følger op på ${themes[(i + round) % themes.length]!.toLowerCase()} på næste personalemøde`;
    for (let round = 1; round <= 4; round++) {
      await this.releaseRound(ageArea, round, actor, today);
      const due: { id: string; code: string; type: string; opens_on: string; due_on: string; chef: string; leader: string; board: string | null; previous: string[] | null }[] =
        await this.db.query(
          `SELECT o.id, u.code, u.type, o.opens_on::text, o.due_on::text, c.name AS chef, l.name AS leader, b.name AS board,
                  CASE WHEN prev.state = 'completed' THEN prev.completion -> 'agreements' END AS previous
           FROM obligation o JOIN unit u ON u.id = o.unit_id JOIN learning_loop lp ON lp.id = o.loop_id
           LEFT JOIN obligation prev ON prev.loop_id = o.loop_id AND prev.kind = 'laeringssamtale' AND prev.sequence = o.sequence - 1
           LEFT JOIN person c ON c.id = o.chef_person_id LEFT JOIN person l ON l.id = o.leader_person_id
           LEFT JOIN LATERAL (SELECT p.name FROM assignment a JOIN person p ON p.id = a.person_id
                              WHERE a.unit_id = u.id AND a.role = 'board' LIMIT 1) b ON true
           WHERE lp.age_area = $1 AND lp.state <> 'lukket' AND o.kind = 'laeringssamtale' AND o.sequence = $2
             AND o.state IN ('planned', 'scheduled') AND o.opens_on <= $3
           ORDER BY u.code`,
          [ageArea, round, today],
        );
      for (const [i, s] of due.entries()) {
        // Every ninth unit has not confirmed its latest samtale: it shows up as overdue.
        if (i % 9 === 4 && s.due_on < today && addDays(s.due_on, 200) > today) continue;
        if (s.due_on >= today && i % 3 !== 0) continue; // the current round is only partly held
        const participants: { role: ParticipantRole; name: string }[] = [
          { role: 'chef', name: s.chef },
          { role: 'leder', name: s.leader },
          { role: 'bestyrelsesrepraesentant', name: s.board ?? 'Bestyrelsesrepræsentant' },
          { role: 'medarbejderrepraesentant', name: 'Medarbejderrepræsentant' },
          // R28: an afdelingsleder representative at every FU samtale, a youth representative once a year.
          ...(s.type === 'fu' ? [{ role: 'afdelingslederrepraesentant' as const, name: 'Afdelingslederrepræsentant' }] : []),
          ...(s.type === 'fu' && round % 2 === 1 ? [{ role: 'ungerepraesentant' as const, name: 'Repræsentant for senatet' }] : []),
        ];
        await this.obligations.complete(
          s.id,
          {
            heldOn: minLocalDate(addDays(s.opens_on, 20 + (i % 15)), s.due_on, today),
            participants,
            agreements: [agreementOf(i, round)],
            // R32: what became of the previous samtale's agreement.
            agreementFollowUp: (s.previous ?? []).map((agreement, k) => ({
              agreement,
              status: STATUS_CYCLE[(i + round + k) % STATUS_CYCLE.length]!,
              note: 'Drøftet på samtalen',
            })),
            dataInputs: ['A', 'B', 'C'],
            ...(round === 1 && {
              focusAreas: [{ title: `Lokalt fokus på ${themes[i % themes.length]!.toLowerCase()}`, theme: themes[i % themes.length]! }],
              childrenPerspective: s.type === 'dagtilbud' ? 'Børnene inddrages gennem observationer og samtaler i små grupper' : 'Elevrådet giver input før hver samtale',
            }),
          },
          actor,
        );
      }
    }
  }
}
