// Modules made by the build (scripts/db/database-snapshot-plugin.ts).
declare module 'virtual:database-snapshot' {
  const snapshot: import('../db/database-snapshot').SnapshotDescriptor;
  export default snapshot;
}
