// Backup and restore of everything on this device. (Filled in by issue 6.)
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface BackupApi {}
