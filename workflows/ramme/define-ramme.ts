import type { RammeVersion } from './ramme.types';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * Freezes a version deeply: versions are shared by every loop that started
 * under them, so a caller mutating one would silently rewrite history (R73).
 */
export function defineRamme(version: RammeVersion): RammeVersion {
  return deepFreeze(version);
}

/**
 * A new version derived from an existing one, for the next revision of the
 * framework: only what changed need be written.
 */
export function deriveRamme(
  base: RammeVersion,
  changes: Partial<RammeVersion> & Pick<RammeVersion, 'id' | 'effectiveFrom' | 'description'>,
): RammeVersion {
  return defineRamme(structuredClone({ ...base, ...changes }));
}
