import { SNAPSHOT_MACHINES, upgradeSnapshot } from '../../workflows/snapshot-migrations';
import type { SnapshotMachineId, StoredMachine } from '../../workflows/snapshot-migrations';
import { ConflictError } from './errors';

/**
 * Call before a stored statechart is used: brings an older snapshot to the
 * current machine version in place (the caller's save writes it back), and
 * refuses one this code cannot read with 409 naming both versions, instead of
 * a 500 from deep inside XState or a silent overwrite.
 */
export function useStoredSnapshot(machine: SnapshotMachineId, row: StoredMachine): void {
  const result = upgradeSnapshot(SNAPSHOT_MACHINES[machine], row);
  if (!result.ok) {
    throw new ConflictError(result.message, { machine, storedVersion: result.storedVersion, codeVersion: result.codeVersion });
  }
  if (result.migrated) Object.assign(row, result.stored);
}
