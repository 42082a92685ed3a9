import type { TestApp } from './test-app';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * Stable names for the database's random ids, so a coverage answer can be
 * pinned as a snapshot: a unit by its code, a person by e-mail, an obligation
 * by unit, kind, sequence, subject and due date, a loop by unit and start.
 */
export async function stableNames(t: TestApp): Promise<Map<string, string>> {
  const rows = await t.query<{ id: string; label: string }>(
    `SELECT id::text, 'unit:' || code AS label FROM unit
     UNION ALL SELECT id::text, 'person:' || coalesce(email, name) FROM person
     UNION ALL SELECT l.id::text, 'loop:' || u.code || '/' || l.starts_on FROM learning_loop l JOIN unit u ON u.id = l.unit_id
     UNION ALL SELECT o.id::text, 'obligation:' || u.code || '/' || o.kind || '/' || o.sequence || '/' || coalesce(p.email, o.subject_key) || '/' || o.due_on
       FROM obligation o JOIN unit u ON u.id = o.unit_id LEFT JOIN person p ON p.id::text = o.subject_key`,
  );
  const names = new Map(rows.map((r) => [r.id, r.label]));
  // A subject may itself be an id (a tilsynsgennemgang's report): name it too.
  for (const [id, label] of names) names.set(id, named(label, names));
  return names;
}

/** The value with every UUID replaced by its stable name, and lists whose order the ids decided sorted. */
export function normalise(value: unknown, names: Map<string, string>): unknown {
  const json = named(JSON.stringify(value), names);
  return JSON.parse(json, (key, v) => {
    if ((key === 'failing' || key === 'trailMismatches') && Array.isArray(v)) {
      return [...v].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    }
    return v;
  });
}

/** The CSV with its random ids (none expected) named, as text lines. */
export function csvLines(body: Buffer | string, names: Map<string, string>): string[] {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
  return named(text, names).split('\r\n');
}

function named(text: string, names: Map<string, string>): string {
  return text.replace(UUID, (id) => names.get(id) ?? 'ukendt-id');
}
