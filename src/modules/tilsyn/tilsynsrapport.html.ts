import type { LocalDate } from '../../../workflows/domain';

export interface TilsynsrapportDocument {
  enhedName: string;
  unitName: string;
  unitCode: string;
  address: string | null;
  generatedOn: LocalDate;
  nextDueOn: LocalDate;
  visits: { kind: string; heldOn: LocalDate; outcome: string | null; observations: string[]; followUpPoints: string[]; note: string | null }[];
  skaerpet: { decidedOn: LocalDate; endedOn: LocalDate | null; reason: string; endReason: string | null; handleplan: string | null; comments: { receivedOn: LocalDate; text: string }[] }[];
  publications: { publishedOn: LocalDate; url: string }[];
}

const KIND: Record<string, string> = {
  tilsynsbesoeg: 'Tilsynsbesøg',
  tilsynsdokumentation: 'Skriftlig vurdering',
  tilsynsdialog: 'Tilsynsdialog med lederen',
  bestyrelsesorientering: 'Forældrebestyrelsen orienteret',
};

const OUTCOME: Record<string, string> = {
  ingen_opfoelgning: 'Ingen opfølgning',
  opfoelgningspunkter: 'Opfølgningspunkter, som følges op ved næste besøg',
  skaerpet_tilsyn: 'Skærpet tilsyn (bekymring)',
  skaerpet_tilsyn_handleplan: 'Skærpet tilsyn med handleplan (alvorlig bekymring)',
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** 2026-03-05 → 5. marts 2026. */
export function danishDate(date: LocalDate): string {
  const months = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d}. ${months[m - 1]} ${y}`;
}

/**
 * The report as one self-contained HTML document with its own print
 * stylesheet (A4, 11 pt body text, no DKFDS print CSS: that one scales text
 * to 48 %), semantic headings, lists and tables so the tagged PDF carries
 * the structure. Every recorded text is escaped.
 */
export function renderTilsynsrapportHtml(doc: TilsynsrapportDocument): string {
  const e = escapeHtml;
  const list = (items: string[]) => (items.length ? `<ul>${items.map((x) => `<li>${e(x)}</li>`).join('')}</ul>` : '');
  const visits = doc.visits.length
    ? doc.visits
        .map(
          (v) => `<section class="entry"><h3>${e(KIND[v.kind] ?? v.kind)}, ${e(danishDate(v.heldOn))}</h3>
            ${v.outcome ? `<p><strong>Udfald:</strong> ${e(OUTCOME[v.outcome] ?? v.outcome)}</p>` : ''}
            ${v.observations.length ? `<h4>Observationer</h4>${list(v.observations)}` : ''}
            ${v.followUpPoints.length ? `<h4>Opfølgningspunkter</h4>${list(v.followUpPoints)}` : ''}
            ${v.note ? `<p>${e(v.note)}</p>` : ''}</section>`,
        )
        .join('')
    : '<p>Der er ikke registreret afholdte tilsynsbesøg for enheden.</p>';
  const skaerpet = doc.skaerpet.length
    ? doc.skaerpet
        .map(
          (s) => `<section class="entry"><h3>Skærpet tilsyn besluttet ${e(danishDate(s.decidedOn))}${s.endedOn ? `, afsluttet ${e(danishDate(s.endedOn))}` : ' (igangværende)'}</h3>
            <p><strong>Begrundelse:</strong> ${e(s.reason)}</p>
            ${s.handleplan ? `<h4>Handleplan</h4><p>${e(s.handleplan)}</p>` : ''}
            ${s.comments.length ? `<h4>Bestyrelsens bemærkninger</h4><ul>${s.comments.map((c) => `<li>${e(danishDate(c.receivedOn))}: ${e(c.text)}</li>`).join('')}</ul>` : ''}
            ${s.endReason ? `<p><strong>Begrundelse for afslutning:</strong> ${e(s.endReason)}</p>` : ''}</section>`,
        )
        .join('')
    : '<p>Enheden har ikke været under skærpet tilsyn.</p>';
  const publications = doc.publications.length
    ? `<table><caption>Offentliggjorte tilsynsrapporter</caption><thead><tr><th scope="col">Offentliggjort</th><th scope="col">Adresse</th></tr></thead><tbody>${doc.publications
        .map((p) => `<tr><td>${e(danishDate(p.publishedOn))}</td><td>${e(p.url)}</td></tr>`)
        .join('')}</tbody></table>`
    : '<p>Der er endnu ikke registreret en offentliggjort tilsynsrapport.</p>';
  return `<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Tilsynsrapport – ${e(doc.enhedName)}</title>
<meta name="author" content="Aarhus Kommune, Børn og Unge"><meta name="subject" content="Pædagogisk tilsyn efter dagtilbudsloven § 5">
<style>
  @page { size: A4; margin: 18mm; }
  html { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.45; color: #1a1a1a; }
  body { margin: 0; }
  h1 { font-size: 20pt; margin: 0 0 4pt; }
  h2 { font-size: 14pt; margin: 18pt 0 6pt; border-bottom: 1pt solid #888; padding-bottom: 2pt; break-after: avoid; }
  h3 { font-size: 12pt; margin: 10pt 0 4pt; break-after: avoid; }
  h4 { font-size: 11pt; margin: 6pt 0 2pt; break-after: avoid; }
  p, li { orphans: 3; widows: 3; }
  .meta { color: #444; margin: 0 0 12pt; }
  .entry { break-inside: avoid; }
  table { border-collapse: collapse; width: 100%; }
  caption { text-align: left; font-weight: bold; margin-bottom: 4pt; }
  th, td { border: 0.75pt solid #888; padding: 3pt 5pt; text-align: left; vertical-align: top; word-break: break-all; }
</style></head>
<body><main>
<h1>Tilsynsrapport: ${e(doc.enhedName)}</h1>
<p class="meta">${e(doc.unitName)} (${e(doc.unitCode)})${doc.address ? ` · ${e(doc.address)}` : ''}<br>
Pædagogisk tilsyn efter dagtilbudsloven § 5 · Dannet ${e(danishDate(doc.generatedOn))} · Næste rapport senest ${e(danishDate(doc.nextDueOn))}</p>
<h2>Tilsynsbesøg og vurderinger</h2>
${visits}
<h2>Skærpet tilsyn</h2>
${skaerpet}
<h2>Offentliggørelse</h2>
${publications}
</main></body></html>`;
}
