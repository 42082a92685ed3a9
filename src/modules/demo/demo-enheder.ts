import type { EntityManager } from 'typeorm';
import { demoUnits } from './demo-organisation';

/** Demo tilsynsførende (R90): coordinators assign them to visits; they hold no role at any unit. */
export const DEMO_INSPECTORS = [
  { email: 'tilsyn.anne@demo.local', name: 'Anne Tilsyn Kjærgaard' },
  { email: 'tilsyn.peter@demo.local', name: 'Peter Tilsyn Brandt' },
];

const SITE_NAMES = ['Børnehuset Solsikken', 'Vuggestuen Mælkebøtten', 'Naturbørnehaven Skovly', 'Børnehuset Regnbuen'];

/**
 * R4: every fourth dagtilbud is a multi-site institution with 2–4 enheder
 * (the rest keep their one implicit enhed). Deterministic codes, so loading
 * twice changes nothing; the first site's next-layer leader is the unit's
 * first registered one.
 */
export function demoEnheder(): { unitCode: string; code: string; name: string; address: string; withSubLeader: boolean }[] {
  return demoUnits()
    .filter((u) => u.type === 'dagtilbud')
    .flatMap((u, i) => (i % 4 !== 1 ? [] : Array.from({ length: 2 + (i % 3) }, (_, k) => ({
      unitCode: u.code,
      code: `${u.code}-${String.fromCharCode(65 + k)}`,
      name: `${SITE_NAMES[k]!} (${u.name.replace(/^(Dagtilbud|Den selvejende institution) /, '')})`,
      address: `${['Solsikkevej', 'Mælkebøttevej', 'Skovlyvej', 'Regnbuevej'][k]!} ${i + 1}, 8000 Aarhus`,
      withSubLeader: k === 0,
    }))));
}

/** Writes the demo enheder and inspectors in the caller's transaction, through the organisation trail (source demo-organisation). */
export async function loadDemoEnheder(em: EntityManager): Promise<number> {
  await em.query(`SELECT set_config('kvalitetsloop.actor', '', true), set_config('kvalitetsloop.source', 'demo-organisation', true)`);
  for (const p of DEMO_INSPECTORS) {
    await em.query(`INSERT INTO person (name, email, tilsynsfoerende) VALUES ($1, $2, true) ON CONFLICT DO NOTHING`, [p.name, p.email]);
  }
  const rows = demoEnheder();
  const [{ n }] = await em.query(
    `WITH inserted AS (
       INSERT INTO enhed (unit_id, code, name, address, next_layer_leader_person_id, valid_from)
       SELECT u.id, t.code, t.name, t.address,
              CASE WHEN t.with_sub THEN (SELECT a.person_id FROM assignment a WHERE a.unit_id = u.id AND a.role = 'subLeader' ORDER BY a.valid_from, a.id LIMIT 1) END,
              u.valid_from
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[]) AS t(unit_code, code, name, address, with_sub)
       JOIN unit u ON u.code = t.unit_code
       ON CONFLICT (code) DO NOTHING RETURNING 1)
     SELECT count(*)::int AS n FROM inserted`,
    [rows.map((r) => r.unitCode), rows.map((r) => r.code), rows.map((r) => r.name), rows.map((r) => r.address), rows.map((r) => r.withSubLeader)],
  );
  return n;
}
