/**
 * One person's digest as e-mail text, in Danish: pure, no I/O. The service
 * gathers the items (only obligations the recipient may see); this decides
 * what the mail says. Every item links to its page in the web application
 * (`/forpligtelser/:id`) and its unit (`/enheder/:id`), absolute from PUBLIC_URL.
 */
import type { LocalDate, ObligationKind, ObligationState } from '../../../workflows/domain';
import { danishDate, obligationTitle } from '../calendar';

export type DigestSection = 'overskredet' | 'frist_snart' | 'aabner';

export interface DigestItem {
  obligationId: string;
  kind: ObligationKind;
  sequence: number;
  subjectKey: string;
  /** Whom a 1:1 follow-up is with, as the recipient sees it (followUpWith: R50's chef or leader, R51's other party). */
  subjectName: string | null;
  /** R4: the tilsynsenhed of a statutory obligation (null for a unit's implicit one): part of its title. */
  enhedName?: string | null;
  unitId: string;
  unitName: string;
  opensOn: LocalDate;
  dueOn: LocalDate;
  state: ObligationState;
  scheduledOn: LocalDate | null;
  chefName: string | null;
  leaderName: string | null;
  responsibleName: string | null;
  section: DigestSection;
}

export interface CoverageFailure {
  rule: string;
  failed: number;
}

export interface DigestInput {
  recipientName: string;
  today: LocalDate;
  frequency: 'dagligt' | 'ugentligt';
  items: readonly DigestItem[];
  /** Administrators, on Mondays: the coverage audit's failing checks. */
  coverage?: { from: LocalDate; to: LocalDate; failures: readonly CoverageFailure[] };
  links: { obligation(id: string): string; unit(id: string): string; base: string };
}

export interface DigestMail {
  subject: string;
  text: string;
  html: string;
}

const SECTION_TITLES: Record<DigestSection, string> = {
  overskredet: 'Overskredet – fristen er passeret',
  frist_snart: 'Frist inden for 14 dage',
  aabner: 'Åbner nu – tid til at gå i gang',
};

const SECTION_ORDER: DigestSection[] = ['overskredet', 'frist_snart', 'aabner'];

/** At most this many lines per section; the rest is a count and a link. */
export const MAX_ITEMS_PER_SECTION = 50;

const RULE_TEXT: Record<string, string> = {
  R22: 'fokusområder valgt i læringssamtale 1',
  R24: 'børnenes perspektiv i læringssamtale 1',
  R27: 'bestyrelsens input',
  R28: 'læringssamtaler med den rette deltagelse',
  R29: 'input fra elevråd/senat',
  R41: 'datapakker offentliggjort før samtalen',
  R52: 'ledelsesopfølgninger',
  R61: 'tilsynsafrapportering fra selvejende bestyrelser',
};

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function digestSubject(items: readonly DigestItem[], coverage?: DigestInput['coverage']): string {
  const count = (s: DigestSection) => items.filter((i) => i.section === s).length;
  const parts = [
    count('overskredet') && plural(count('overskredet'), 'overskredet', 'overskredne'),
    count('frist_snart') && `${count('frist_snart')} med frist inden for 14 dage`,
    count('aabner') && plural(count('aabner'), 'åbner nu', 'åbner nu'),
    coverage?.failures.length && 'ugens tilsynsdækning',
  ].filter(Boolean);
  return `Kvalitetsloop: ${parts.join(', ') || 'din oversigt'}`;
}

function people(i: DigestItem): string[] {
  const out: string[] = [];
  if (i.chefName) out.push(`chef: ${i.chefName}`);
  if (i.leaderName) out.push(`leder: ${i.leaderName}`);
  if (i.responsibleName && i.responsibleName !== i.chefName && i.responsibleName !== i.leaderName) out.push(`ansvarlig: ${i.responsibleName}`);
  return out;
}

function when(i: DigestItem): string {
  const due = `frist ${danishDate(i.dueOn)}`;
  const booked = i.scheduledOn ? `, booket ${danishDate(i.scheduledOn)}` : '';
  return i.section === 'aabner' ? `åbnede ${danishDate(i.opensOn)}, ${due}${booked}` : `${due}${booked}`;
}

function title(i: DigestItem): string {
  return obligationTitle(i);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderDigest(input: DigestInput): DigestMail {
  const { links } = input;
  const sections = SECTION_ORDER.map((s) => ({ section: s, items: input.items.filter((i) => i.section === s) })).filter((s) => s.items.length > 0);
  const cadence = input.frequency === 'ugentligt' ? 'hver mandag' : 'hver morgen';
  const settings = `${links.base}/mig/paamindelser`;

  const text: string[] = [`Hej ${input.recipientName}`, '', `Her er din oversigt fra Kvalitetsloop for ${danishDate(input.today)}.`];
  const html: string[] = [
    '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Kvalitetsloop</title></head>',
    '<body style="font-family: Arial, sans-serif; line-height: 1.4">',
    `<p>Hej ${escapeHtml(input.recipientName)}</p>`,
    `<p>Her er din oversigt fra Kvalitetsloop for ${escapeHtml(danishDate(input.today))}.</p>`,
  ];
  for (const { section, items } of sections) {
    text.push('', `${SECTION_TITLES[section]} (${items.length})`, '-'.repeat(SECTION_TITLES[section].length));
    html.push(`<h2>${escapeHtml(SECTION_TITLES[section])} (${items.length})</h2>`, '<ul>');
    for (const i of items.slice(0, MAX_ITEMS_PER_SECTION)) {
      const who = people(i);
      text.push(`* ${title(i)} – ${i.unitName}: ${when(i)}${who.length ? ` (${who.join(', ')})` : ''}`);
      text.push(`  ${links.obligation(i.obligationId)}`);
      html.push(
        `<li><a href="${escapeHtml(links.obligation(i.obligationId))}">${escapeHtml(title(i))}</a> – ` +
          `<a href="${escapeHtml(links.unit(i.unitId))}">${escapeHtml(i.unitName)}</a>: ${escapeHtml(when(i))}` +
          `${who.length ? ` <span>(${escapeHtml(who.join(', '))})</span>` : ''}</li>`,
      );
    }
    if (items.length > MAX_ITEMS_PER_SECTION) {
      const rest = items.length - MAX_ITEMS_PER_SECTION;
      text.push(`* … og ${rest} flere: ${links.base}/`);
      html.push(`<li>… og <a href="${escapeHtml(links.base)}/">${rest} flere</a></li>`);
    }
    html.push('</ul>');
  }
  if (input.coverage && input.coverage.failures.length > 0) {
    const c = input.coverage;
    const heading = `Tilsynsdækning ${danishDate(c.from)} – ${danishDate(c.to)}: regler, der fejler`;
    text.push('', heading, '-'.repeat(heading.length));
    html.push(`<h2>${escapeHtml(heading)}</h2>`, '<ul>');
    for (const f of c.failures) {
      const line = `${f.rule} (${RULE_TEXT[f.rule] ?? f.rule}): ${plural(f.failed, 'enhed', 'enheder')}`;
      text.push(`* ${line}`);
      html.push(`<li>${escapeHtml(line)}</li>`);
    }
    const audit = `${links.base}/tilsyn`;
    text.push(`  ${audit}`);
    html.push('</ul>', `<p><a href="${escapeHtml(audit)}">Se tilsynsdækningen</a></p>`);
  }
  text.push('', `Du får denne oversigt ${cadence}, når der er noget nyt. Du kan ændre det her: ${settings}`, '', 'Venlig hilsen', 'Kvalitetsloop, Børn og Unge, Aarhus Kommune', '');
  html.push(
    `<p style="color: #555">Du får denne oversigt ${cadence}, når der er noget nyt. <a href="${escapeHtml(settings)}">Skift indstilling</a>.</p>`,
    '<p>Venlig hilsen<br>Kvalitetsloop, Børn og Unge, Aarhus Kommune</p>',
    '</body></html>',
  );
  return { subject: digestSubject(input.items, input.coverage), text: text.join('\n'), html: html.join('\n') };
}
