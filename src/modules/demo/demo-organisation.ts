/**
 * A realistic, invented Aarhus-style organisation for a newcomer's first start:
 * 45 schools, 37 dagtilbud (some selvejende, some special), 5 FU areas, 8
 * Børn og Unge-chefs, a leader, next-layer leaders and a board contact per unit,
 * and one administrator (admin@demo.local). Produced as the same CSV files an
 * administrator would import, so the demo goes through the real import.
 * Deterministic: the same files every time, so loading it again changes nothing.
 */

const SCHOOL_PLACES = [
  'Abildgård', 'Bakkegård', 'Beder', 'Bering', 'Elev', 'Ellekær', 'Engdal', 'Frederiksbjerg', 'Gammelgård', 'Hasle',
  'Højvang', 'Holme', 'Kragelund', 'Lisbjerg', 'Lystrup', 'Malling', 'Mårslet', 'Næshøj', 'Risskov', 'Rosenvang',
  'Sabro-Korsvej', 'Samsøgade', 'Skæring', 'Skåde', 'Solbjerg', 'Sølyst', 'Tilst', 'Tranbjerg', 'Vestergård', 'Viby',
  'Vorrevang', 'Åby', 'Hårup', 'Elsted', 'Katrinebjerg', 'Kolt', 'Stavtrup', 'Ormslev', 'Harlev', 'Lyseng',
  'Søndervang', 'Strandvejen', 'Hjortshøj', 'Egå', 'Møllevang',
];

const DAGTILBUD_PLACES = [
  'Trøjborg', 'Vesterbro', 'Christiansbjerg', 'Gellerup', 'Hasle Bakker', 'Brabrand', 'Skjoldhøj', 'Tovshøj', 'Åbyhøj',
  'Holme-Rundhøj', 'Højbjerg', 'Kongsvang', 'Mårslet', 'Malling-Ajstrup', 'Beder-Solbjerg', 'Tranbjerg', 'Viby Syd',
  'Frydenlund', 'Skåde Bakker', 'Risskov Strand', 'Vejlby', 'Lystrup', 'Elsted-Hjortshøj', 'Skejby', 'Lisbjerg',
  'Trige', 'Sabro', 'Harlev', 'Tilst', 'Hasselager', 'Kolt', 'Tranbjerg Øst', 'Egå', 'Skæring', 'Ellekær', 'Bering',
  'Lyngby',
];

const FU_AREAS = ['Nord', 'Syd', 'Vest', 'Midt', 'Øst'];
const DISTRICTS = ['Nord', 'Syd', 'Vest', 'Midtbyen', 'Øst', 'Viby-Holme', 'Brabrand-Hasle', 'Risskov-Egå'];

const FIRST_NAMES = [
  'Mette', 'Lars', 'Anne', 'Søren', 'Hanne', 'Jens', 'Lise', 'Mads', 'Pernille', 'Thomas', 'Camilla', 'Rasmus', 'Birgitte',
  'Morten', 'Louise', 'Anders', 'Karina', 'Henrik', 'Dorthe', 'Jesper', 'Signe', 'Kasper', 'Malene', 'Niels', 'Trine',
  'Peter', 'Marianne', 'Ole', 'Helle', 'Frederik', 'Ida', 'Bo', 'Susanne', 'Jakob', 'Tina', 'Martin', 'Rikke', 'Christian',
  'Sanne', 'Mikkel', 'Gitte', 'Kristian', 'Maja', 'Jørgen', 'Line', 'Emil', 'Åse', 'Torben', 'Ditte', 'Steffen',
];

const LAST_NAMES = [
  'Andersen', 'Nielsen', 'Jensen', 'Hansen', 'Pedersen', 'Kristensen', 'Larsen', 'Sørensen', 'Rasmussen', 'Jørgensen',
  'Madsen', 'Mortensen', 'Østergaard', 'Kjær', 'Lauridsen', 'Bach', 'Holm', 'Skov', 'Dahl', 'Mikkelsen', 'Thomsen',
  'Søndergaard', 'Poulsen', 'Christiansen', 'Møller', 'Vestergaard', 'Frandsen', 'Lund', 'Bundgaard', 'Højgaard',
  'Nørgaard', 'Ravn', 'Brøndum', 'Vinther', 'Krogh', 'Fogh', 'Damgaard', 'Berg', 'Klausen', 'Thygesen', 'Ærenlund',
];

const SELVEJENDE = new Set([3, 8, 14, 21, 27, 33]);
const SPECIAL_SCHOOLS = new Set([11, 29, 42]);
const SPECIAL_DAGTILBUD = new Set([5, 18]);

export interface DemoUnit {
  code: string;
  name: string;
  type: 'dagtilbud' | 'skole' | 'fu';
  governance: 'kommunal' | 'selvejende';
  special: boolean;
  district: string;
}

export const DEMO_ADMIN_EMAIL = 'admin@demo.local';
const UNITS_FROM = '2010-01-01';
const ASSIGNED_FROM = '2019-08-01';
/** A few units change chef during the demo history, so audits show who was chef when (R3). */
const CHEF_CHANGE = '2025-08-01';

export function demoUnits(): DemoUnit[] {
  const schools = SCHOOL_PLACES.map((place, i) => ({
    code: `SK-${pad(i + 1)}`,
    name: place.endsWith('vang') || place.endsWith('gård') ? `${place}skolen` : `${place} Skole`,
    type: 'skole' as const,
    governance: 'kommunal' as const,
    special: SPECIAL_SCHOOLS.has(i),
    district: DISTRICTS[i % DISTRICTS.length]!,
  }));
  const dagtilbud = DAGTILBUD_PLACES.map((place, i) => ({
    code: `DT-${pad(i + 1)}`,
    name: SELVEJENDE.has(i) ? `Den selvejende institution ${place}` : `Dagtilbud ${place}`,
    type: 'dagtilbud' as const,
    governance: SELVEJENDE.has(i) ? ('selvejende' as const) : ('kommunal' as const),
    special: SPECIAL_DAGTILBUD.has(i),
    district: DISTRICTS[(i + 3) % DISTRICTS.length]!,
  }));
  const fu = FU_AREAS.map((area, i) => ({
    code: `FU-${pad(i + 1)}`,
    name: `UngiAarhus ${area}`,
    type: 'fu' as const,
    governance: 'kommunal' as const,
    special: false,
    district: DISTRICTS[i]!,
  }));
  return [...schools, ...dagtilbud, ...fu];
}

export function demoUnitsCsv(): string {
  const lines = ['enhedskode;navn;type;styreform;specialtilbud;distrikt;gyldig_fra;gyldig_til'];
  for (const u of demoUnits()) {
    lines.push([u.code, u.name, u.type, u.governance, u.special ? 'ja' : 'nej', u.district, UNITS_FROM, ''].join(';'));
  }
  return lines.join('\n') + '\n';
}

export function demoPeopleCsv(): string {
  const names = nameSource();
  const lines = ['email;navn;admin;rolle;enhedskode;gyldig_fra;gyldig_til'];
  const row = (p: { email: string; name: string }, admin: boolean, role = '', code = '', from = '', to = '') =>
    lines.push([p.email, p.name, admin ? 'ja' : 'nej', role, code, from, to].join(';'));

  row({ email: DEMO_ADMIN_EMAIL, name: 'Birgitte Holm Lauridsen' }, true);
  const chefs = Array.from({ length: 8 }, () => names.next());
  const units = demoUnits();
  units.forEach((unit, i) => {
    const chef = chefs[i % chefs.length]!;
    if (i % 20 === 7) {
      row(chef, false, 'chef', unit.code, ASSIGNED_FROM, previousDay(CHEF_CHANGE));
      row(chefs[(i + 1) % chefs.length]!, false, 'chef', unit.code, CHEF_CHANGE);
    } else {
      row(chef, false, 'chef', unit.code, ASSIGNED_FROM);
    }
    row(names.next(), false, 'leder', unit.code, ASSIGNED_FROM);
    const subLeaders = unit.type === 'dagtilbud' ? 1 + (i % 2) : 2;
    for (let s = 0; s < subLeaders; s++) row(names.next(), false, 'naeste_ledelseslag', unit.code, ASSIGNED_FROM);
    row(names.next(), false, 'bestyrelse', unit.code, ASSIGNED_FROM);
  });
  return lines.join('\n') + '\n';
}

/** Invented people: every first × last name pairing in a fixed, shuffled-looking order. */
function nameSource() {
  let n = 0;
  const used = new Set<string>();
  return {
    next() {
      for (;;) {
        const first = FIRST_NAMES[(n * 7) % FIRST_NAMES.length]!;
        const last = LAST_NAMES[(n * 13 + Math.floor(n / FIRST_NAMES.length)) % LAST_NAMES.length]!;
        n++;
        const base = `${slug(first)}.${slug(last)}`;
        let email = `${base}@demo.local`;
        for (let k = 2; used.has(email); k++) email = `${base}${k}@demo.local`;
        used.add(email);
        return { name: `${first} ${last}`, email };
      }
    },
  };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa').replace(/[^a-z]/g, '');
}

function pad(n: number): string {
  return String(n).padStart(3, '0');
}

function previousDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
