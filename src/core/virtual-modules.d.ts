// Modules made by the build (scripts/db/database-snapshot-plugin.ts).
declare module 'virtual:database-snapshot' {
  /** The pre-initialised database of this build: a SnapshotDescriptor (src/db/database-snapshot.ts). */
  const snapshot: { file: string; sha256: string };
  export default snapshot;
}
