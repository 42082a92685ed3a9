import type { TestApp } from './test-app';

/**
 * A small organisation through the real CSV import: a kommunal skole, an FU
 * area, a kommunal and a selvejende dagtilbud, two chefs, a leader, a board
 * contact per unit and a next-layer leader at the skole.
 */
export const UNITS_CSV = `enhedskode;navn;type;styreform;specialtilbud;distrikt;gyldig_fra
SK-1;Ellekærskolen;skole;kommunal;nej;Vest;2010-01-01
FU-1;UngiAarhus Vest;fu;kommunal;nej;Vest;2010-01-01
DT-1;Dagtilbud Trøjborg;dagtilbud;kommunal;nej;Nord;2010-01-01
DT-2;Den selvejende institution Åbyhøj;dagtilbud;selvejende;nej;Vest;2010-01-01
`;

export const PEOPLE_CSV = `email;navn;admin;rolle;enhedskode;gyldig_fra;gyldig_til
chef.vest@test.dk;Søren Vestergaard;nej;chef;SK-1;2019-08-01;
chef.vest@test.dk;Søren Vestergaard;nej;chef;FU-1;2019-08-01;
chef.vest@test.dk;Søren Vestergaard;nej;chef;DT-2;2019-08-01;
chef.nord@test.dk;Hanne Nørgaard;nej;chef;DT-1;2019-08-01;
leder.sk1@test.dk;Mette Kjær;nej;leder;SK-1;2019-08-01;
leder.fu1@test.dk;Jens Østergaard;nej;leder;FU-1;2019-08-01;
leder.dt1@test.dk;Lise Bach;nej;leder;DT-1;2019-08-01;
leder.dt2@test.dk;Åse Holm;nej;leder;DT-2;2019-08-01;
pl.sk1@test.dk;Rasmus Lund;nej;naeste_ledelseslag;SK-1;2019-08-01;
bestyrelse.sk1@test.dk;Trine Dahl;nej;bestyrelse;SK-1;2019-08-01;
bestyrelse.fu1@test.dk;Bo Ravn;nej;bestyrelse;FU-1;2019-08-01;
bestyrelse.dt1@test.dk;Ida Skov;nej;bestyrelse;DT-1;2019-08-01;
bestyrelse.dt2@test.dk;Kasper Berg;nej;bestyrelse;DT-2;2019-08-01;
`;

export async function seedOrganisation(t: TestApp, adminAuth: string): Promise<void> {
  const res = await importFiles(t, adminAuth, { name: 'units.csv', data: UNITS_CSV }, { name: 'people.csv', data: PEOPLE_CSV });
  if (res.status !== 200) throw new Error(`import: ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * POST /api/v1/import and, when it answers 202, follow the job (issue 15):
 * answers as the synchronous import did, 200 with the counts or 400 with
 * `errors` (file, line, column), so import tests read the same.
 */
export type Outcome = { status: number; body: any };
/** supertest's `.expect(status)` and `.expect(fn)` over a followed import. */
export function expecting(outcome: Promise<Outcome>) {
  const chain = {
    expect(check: number | ((r: Outcome) => void)) {
      return expecting(outcome.then((r) => {
        if (typeof check === 'number') {
          if (r.status !== check) throw new Error(`expected ${check}, got ${r.status}: ${JSON.stringify(r.body)}`);
        } else check(r);
        return r;
      }));
    },
    then<T>(onFulfilled: (r: Outcome) => T, onRejected?: (e: unknown) => T) {
      return outcome.then(onFulfilled, onRejected);
    },
  };
  return chain;
}

/** The organisation import through the API, followed to its job's end: 200 with the result, or 400 with the job's errors. */
export async function importFiles(
  t: TestApp,
  auth: string,
  units?: { name: string; data: string | Buffer },
  people?: { name: string; data: string | Buffer },
  enheder?: { name: string; data: string | Buffer },
): Promise<{ status: number; body: any }> {
  let req = t.as(auth).post('/api/v1/import');
  if (units) req = req.attach('units', Buffer.from(units.data), units.name);
  if (people) req = req.attach('people', Buffer.from(people.data), people.name);
  if (enheder) req = req.attach('enheder', Buffer.from(enheder.data), enheder.name);
  const res = await req;
  if (res.status !== 202) return { status: res.status, body: res.body };
  const job = await followJob(t, auth, res.headers.location as string);
  return job.state === 'faerdig'
    ? { status: 200, body: job.result }
    : { status: 400, body: { message: `Importen blev afvist: ${job.errors?.length ?? 0} fejl; intet er ændret`, errors: job.errors } };
}

export async function idOf(t: TestApp, table: 'unit' | 'person', key: string): Promise<string> {
  const column = table === 'unit' ? 'code' : 'email';
  const [row] = await t.query<{ id: string }>(`SELECT id FROM ${table} WHERE ${column} = $1`, [key]);
  if (!row) throw new Error(`${table} ${key} findes ikke`);
  return row.id;
}

export async function authOf(t: TestApp, email: string): Promise<string> {
  return `Bearer ${await t.tokenFor(await idOf(t, 'person', email))}`;
}

/**
 * Creates a report and records its milestones up to and including the byråd's
 * treatment. R11 refuses milestone dates after today, so when a test's today
 * lies before the treatment, the milestones are recorded with today moved to
 * the treatment date, and today is put back afterwards.
 */
export async function treatReport(t: TestApp, adminAuth: string, ageArea: '0-6' | '6-18', year: number, treatedOn: string, themes: string[]) {
  const today = t.clock.today();
  if (today < treatedOn) t.clock.setToday(treatedOn);
  try {
    return await recordTreatment(t, adminAuth, ageArea, year, treatedOn, themes);
  } finally {
    t.clock.setToday(today);
  }
}

async function recordTreatment(t: TestApp, adminAuth: string, ageArea: '0-6' | '6-18', year: number, treatedOn: string, themes: string[]) {
  const http = t.as(adminAuth);
  const report = (await http.post('/api/v1/quality-reports').send({ ageArea, year, themes }).expect(201)).body;
  const before = `${year - 1}`;
  for (const [milestone, date] of [
    ['temaer_valgt', `${before}-09-01`],
    ['raadmand_godkendt', `${before}-10-01`],
    ['udvalg_droeftet', `${year}-02-01`],
    ['byraad_behandlet', treatedOn],
  ] as const) {
    const res = await http.post(`/api/v1/quality-reports/${report.id}/milestones`).send({ milestone, date });
    if (milestone === 'byraad_behandlet') {
      if (res.status !== 202) throw new Error(`${milestone}: ${res.status} ${JSON.stringify(res.body)}`);
      const job = await followJob(t, adminAuth, res.headers.location as string);
      if (job.state !== 'faerdig') throw new Error(`${milestone}: ${JSON.stringify(job)}`);
      Object.assign(report, job.result);
      continue;
    }
    if (res.status !== 200) throw new Error(`${milestone}: ${res.status} ${JSON.stringify(res.body)}`);
    Object.assign(report, res.body);
  }
  return report as { id: string; loopsStarted: number; state: string };
}

export interface FollowedJob {
  id: string;
  state: 'venter' | 'koerer' | 'faerdig' | 'fejlet';
  progress: { done: number; total: number | null };
  attempts: number;
  result: any;
  errors: { message: string; rule?: string; field?: string }[] | null;
}

/** Polls a job (GET its Location) until it is done or has failed; at most `timeoutMs`. */
export async function followJob(t: TestApp, auth: string, location: string, timeoutMs = 60_000): Promise<FollowedJob> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.as(auth).get(location);
    if (res.status !== 200) throw new Error(`GET ${location}: ${res.status} ${JSON.stringify(res.body)}`);
    if (res.body.state === 'faerdig' || res.body.state === 'fejlet') return res.body as FollowedJob;
    if (Date.now() > until) throw new Error(`Jobbet ${location} blev ikke færdigt: ${JSON.stringify(res.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
