import type { PersistedMachineSnapshot } from './machine-support';
import { SNAPSHOT_MACHINES, upgradeSnapshot } from './snapshot-migrations';
import type { MachineRegistryEntry } from './snapshot-migrations';

const snapshot = (value: string): PersistedMachineSnapshot => ({ status: 'active', value, context: {} });
const stored = (state: string, machineVersion: number) => ({ state, snapshot: snapshot(state), machineVersion });

describe('stored statechart snapshots against the machine version (issue 11, kind 3)', () => {
  it.each(Object.entries(SNAPSHOT_MACHINES))('%s: accepts its own version unchanged', (_, entry) => {
    const state = { qualityReport: 'oprettet', learningLoop: 'runde2', obligation: 'planned', boardReport: 'afventer_vurdering' }[_]!;
    expect(upgradeSnapshot(entry, stored(state, entry.version))).toEqual({ ok: true, migrated: false, stored: stored(state, entry.version) });
  });

  it.each(Object.entries(SNAPSHOT_MACHINES))('%s: refuses a newer version, naming both', (_, entry) => {
    const result = upgradeSnapshot(entry, stored('planned', entry.version + 1));
    expect(result).toMatchObject({ ok: false, storedVersion: entry.version + 1, codeVersion: entry.version });
    expect(!result.ok && result.message).toMatch(new RegExp(`version ${entry.version + 1}.*version ${entry.version}`));
  });

  it.each(Object.entries(SNAPSHOT_MACHINES))('%s: refuses a state the machine does not have, in the column or in the snapshot', (_, entry) => {
    const result = upgradeSnapshot(entry, stored('forsvundet', entry.version));
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.message).toMatch(/"forsvundet".*version/);
    const good = { qualityReport: 'oprettet', learningLoop: 'runde1', obligation: 'planned', boardReport: 'afsluttet' }[_]!;
    expect(upgradeSnapshot(entry, { state: good, snapshot: snapshot('forsvundet'), machineVersion: entry.version })).toMatchObject({ ok: false });
    expect(upgradeSnapshot(entry, { state: good, snapshot: null as never, machineVersion: entry.version })).toMatchObject({ ok: false });
  });

  it('refuses a version that is not a positive whole number', () => {
    for (const version of [0, -1, 1.5, NaN, null as never]) {
      expect(upgradeSnapshot(SNAPSHOT_MACHINES.obligation, stored('planned', version))).toMatchObject({ ok: false });
    }
  });

  // A machine at version 3 that renamed a state at each step shows the registry at work.
  const evolved: MachineRegistryEntry = {
    subject: 'prøven',
    version: 3,
    isKnownState: (state) => ['klar', 'faerdig'].includes(state),
    migrations: {
      1: ({ state, snapshot: s }) => (state === 'ny' ? { state: 'parat', snapshot: { ...s, value: 'parat' } } : { state, snapshot: s }),
      2: ({ state, snapshot: s }) => (state === 'parat' ? { state: 'klar', snapshot: { ...s, value: 'klar' } } : { state, snapshot: s }),
    },
  };

  it('migrates an older snapshot step by step to the current version', () => {
    expect(upgradeSnapshot(evolved, stored('ny', 1))).toEqual({ ok: true, migrated: true, stored: stored('klar', 3) });
    expect(upgradeSnapshot(evolved, stored('parat', 2))).toEqual({ ok: true, migrated: true, stored: stored('klar', 3) });
    expect(upgradeSnapshot(evolved, stored('faerdig', 1))).toEqual({ ok: true, migrated: true, stored: stored('faerdig', 3) });
  });

  it('refuses an older version no migration starts from, naming both versions', () => {
    const gap: MachineRegistryEntry = { ...evolved, migrations: { 2: evolved.migrations[2]! } };
    const result = upgradeSnapshot(gap, stored('ny', 1));
    expect(result).toMatchObject({ ok: false, storedVersion: 1, codeVersion: 3 });
    expect(!result.ok && result.message).toMatch(/version 1.*version 1 til 2.*version 3/);
  });
});
