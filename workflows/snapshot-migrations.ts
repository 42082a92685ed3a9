/**
 * Stored statechart snapshots against the machines of this code. Every row
 * that keeps a snapshot also keeps the `machine_version` that wrote it. Before
 * a snapshot is restored it is brought to the current version by the
 * migrations registered here (one function per step, n → n + 1), and refused
 * when it cannot be: written by a newer version, by a version no migration
 * starts from, or naming a state the machine does not have. Pure: no I/O.
 */
import { BOARD_REPORT_MACHINE_VERSION, BOARD_REPORT_STATES } from './board-report/board-report.machine';
import { LEARNING_LOOP_MACHINE_VERSION, LEARNING_LOOP_STATES } from './learning-loop/learning-loop.machine';
import type { PersistedMachineSnapshot } from './machine-support';
import { OBLIGATION_MACHINE_VERSION } from './obligation/obligation.machine';
import { OBLIGATION_STATES } from './domain';
import { QUALITY_REPORT_MACHINE_VERSION, QUALITY_REPORT_STATES } from './quality-report/quality-report.machine';

/** A stored row's statechart: the state column, the snapshot and the version that wrote them. */
export interface StoredMachine {
  state: string;
  snapshot: PersistedMachineSnapshot;
  machineVersion: number;
}

/** Rewrites a snapshot (and its state) written by version n into version n + 1's shape. */
export type SnapshotMigration = (stored: { state: string; snapshot: PersistedMachineSnapshot }) => { state: string; snapshot: PersistedMachineSnapshot };

export interface MachineRegistryEntry {
  /** What the row is, in Danish with its article: "kvalitetsrapporten". */
  subject: string;
  /** The version this code writes. */
  version: number;
  isKnownState(state: string): boolean;
  /** `migrations[n]` turns version n into version n + 1. */
  migrations: Readonly<Record<number, SnapshotMigration>>;
}

export type SnapshotUpgrade =
  | { ok: true; migrated: boolean; stored: StoredMachine }
  | { ok: false; storedVersion: unknown; codeVersion: number; message: string };

const oneOf = (states: readonly string[]) => (state: string) => states.includes(state);

/**
 * The machines whose snapshots are stored, with their migrations. All are at
 * version 1 so far; when a machine changes incompatibly, bump its version
 * constant and add the step from the previous version here, with a test.
 */
export const SNAPSHOT_MACHINES = {
  qualityReport: {
    subject: 'kvalitetsrapporten',
    version: QUALITY_REPORT_MACHINE_VERSION,
    isKnownState: oneOf(QUALITY_REPORT_STATES),
    migrations: {},
  },
  learningLoop: {
    subject: 'læringsloopet',
    version: LEARNING_LOOP_MACHINE_VERSION,
    // A framework version decides the number of rounds (R73), so any runde<n> is a state of some loop.
    isKnownState: (state: string) => oneOf(LEARNING_LOOP_STATES)(state) || /^runde[1-9]\d?$/.test(state),
    migrations: {},
  },
  obligation: {
    subject: 'forpligtelsen',
    version: OBLIGATION_MACHINE_VERSION,
    isKnownState: oneOf(OBLIGATION_STATES),
    migrations: {},
  },
  boardReport: {
    subject: 'vurderingen af tilsynsafrapporteringen',
    version: BOARD_REPORT_MACHINE_VERSION,
    isKnownState: oneOf(BOARD_REPORT_STATES),
    migrations: {},
  },
} as const satisfies Record<string, MachineRegistryEntry>;

export type SnapshotMachineId = keyof typeof SNAPSHOT_MACHINES;

/**
 * The stored statechart in the current version's shape, migrated step by
 * step if it is older; or why it cannot be used, naming both versions.
 */
export function upgradeSnapshot(entry: MachineRegistryEntry, stored: StoredMachine): SnapshotUpgrade {
  const storedVersion = stored.machineVersion;
  const codeVersion = entry.version;
  const refuse = (message: string): SnapshotUpgrade => ({ ok: false, storedVersion, codeVersion, message });
  const subject = entry.subject.charAt(0).toUpperCase() + entry.subject.slice(1);
  if (!Number.isInteger(storedVersion) || storedVersion < 1) {
    return refuse(`${subject} er gemt med en ukendt version (${JSON.stringify(storedVersion)}) af forløbsmodellen; denne udgave af Kvalitetsloop bruger version ${codeVersion}`);
  }
  if (storedVersion > codeVersion) {
    return refuse(
      `${subject} er gemt af version ${storedVersion} af forløbsmodellen, men denne udgave af Kvalitetsloop kender kun version ${codeVersion}; ` +
        'den kan ikke ændres, før tjenesten er opdateret',
    );
  }
  let current = { state: stored.state, snapshot: stored.snapshot };
  for (let version = storedVersion; version < codeVersion; version++) {
    const step = entry.migrations[version];
    if (!step) {
      return refuse(`${subject} er gemt af version ${storedVersion} af forløbsmodellen, og der findes ingen overgang fra version ${version} til ${version + 1} (denne udgave bruger version ${codeVersion})`);
    }
    current = step(current);
  }
  const snapshotState = snapshotStateOf(current.snapshot);
  for (const state of [current.state, snapshotState]) {
    if (typeof state !== 'string' || !entry.isKnownState(state)) {
      return refuse(
        `${subject} er gemt i tilstanden ${JSON.stringify(state ?? null)}, som version ${codeVersion} af forløbsmodellen ikke kender ` +
          `(gemt af version ${storedVersion})`,
      );
    }
  }
  return { ok: true, migrated: storedVersion !== codeVersion, stored: { ...current, machineVersion: codeVersion } };
}

/** The state a snapshot names; every stored machine is flat, so it is a string. */
function snapshotStateOf(snapshot: unknown): unknown {
  if (snapshot === null || typeof snapshot !== 'object') return undefined;
  return (snapshot as { value?: unknown }).value;
}
