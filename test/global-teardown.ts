import type { EmbeddedDatabase } from '../src/database/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as Record<string, unknown>).__kvalitetsloopPg as EmbeddedDatabase | undefined;
  await server?.stop();
}
