// The backup file format, version 1: one file, no compression (photos are JPEGs already).
//
//   bytes 0-7    "RCBACKUP" (ASCII)
//   bytes 8-11   format version, uint32 big-endian
//   bytes 12-15  header length H, uint32 big-endian
//   bytes 16-47  SHA-256 of the header bytes
//   H bytes      header: UTF-8 JSON (BackupHeader)
//   then         sections, each named by the header with its offset (from the end of the
//                header), length and SHA-256: one per table (a JSON array of row objects) and
//                one per photo (the photo's bytes).
//
// The version sits before anything whose shape may change, so a newer file is recognised as
// newer before anything else is read. Each section has its own checksum, so the file is built
// from Blob parts (the photos are never copied into one big array) and read back a slice at a
// time. This module knows the container only; what goes in it is dump.ts's and restore.ts's.
import { validationError } from '../../contracts/errors';

export const BACKUP_MAGIC = 'RCBACKUP';
export const BACKUP_FORMAT_VERSION = 1;
export const BACKUP_FILE_EXTENSION = '.rollcall';
const PREFIX_LENGTH = 8 + 4 + 4 + 32;
/** Larger than any honest header (one entry per photo), small enough to read safely. */
const MAX_HEADER_LENGTH = 64 * 1024 * 1024;

export interface SectionRef {
  offset: number;
  length: number;
  sha256: string;
}

export interface AppliedMigrationRef {
  version: number;
  name: string;
  checksum: string;
}

export interface BackupTableEntry {
  name: string;
  columns: string[];
  rowCount: number;
  section: SectionRef;
}

export interface BackupPhotoEntry {
  id: string;
  mimeType: string;
  section: SectionRef;
}

export interface BackupHeader {
  format: 'rollcall-backup';
  formatVersion: number;
  createdAt: string;
  /** The migrations the database had when the backup was written, oldest first. */
  migrations: AppliedMigrationRef[];
  tables: BackupTableEntry[];
  photos: BackupPhotoEntry[];
  /**
   * Photo rows whose bytes were not on the device when the backup was written (a fault the data
   * check reports there): the only photo rows a restore accepts without a photo section.
   */
  missingPhotos?: string[];
}

export interface TableContent {
  name: string;
  columns: string[];
  rowCount: number;
  /** The rows as a JSON array of objects, exactly as they go in the file. */
  rowsJson: string;
}

export interface PhotoContent {
  id: string;
  mimeType: string;
  bytes: Uint8Array;
}

export async function sha256Hex(data: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Collects the sections of a backup as they are produced, then writes the file. Only the
 * checksums and the header are computed here; the section bytes are kept as they were given.
 */
export class BackupWriter {
  private readonly parts: Uint8Array[] = [];
  private offset = 0;
  private readonly tables: BackupTableEntry[] = [];
  private readonly photos: BackupPhotoEntry[] = [];
  private readonly missingPhotos: string[] = [];

  get photoCount(): number {
    return this.photos.length;
  }

  async addTable(table: TableContent): Promise<void> {
    const bytes = new TextEncoder().encode(table.rowsJson);
    const section = await this.addSection(bytes);
    this.tables.push({
      name: table.name,
      columns: table.columns,
      rowCount: table.rowCount,
      section,
    });
  }

  async addPhoto(photo: PhotoContent): Promise<void> {
    const section = await this.addSection(photo.bytes);
    this.photos.push({ id: photo.id, mimeType: photo.mimeType, section });
  }

  /** A photo row whose bytes this device does not have: said so, so a restore can tell. */
  markPhotoMissing(id: string): void {
    this.missingPhotos.push(id);
  }

  async finish(meta: { createdAt: string; migrations: AppliedMigrationRef[] }): Promise<Blob> {
    const header: BackupHeader = {
      format: 'rollcall-backup',
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: meta.createdAt,
      migrations: meta.migrations,
      tables: this.tables,
      photos: this.photos,
      ...(this.missingPhotos.length > 0 ? { missingPhotos: this.missingPhotos } : {}),
    };
    const headerBytes = new TextEncoder().encode(JSON.stringify(header));
    const prefix = new Uint8Array(PREFIX_LENGTH);
    prefix.set(new TextEncoder().encode(BACKUP_MAGIC), 0);
    const view = new DataView(prefix.buffer);
    view.setUint32(8, BACKUP_FORMAT_VERSION);
    view.setUint32(12, headerBytes.length);
    prefix.set(hexToBytes(await sha256Hex(headerBytes)), 16);
    return new Blob([prefix, headerBytes, ...this.parts] as Uint8Array<ArrayBuffer>[], {
      type: 'application/octet-stream',
    });
  }

  private async addSection(bytes: Uint8Array): Promise<SectionRef> {
    const section = { offset: this.offset, length: bytes.length, sha256: await sha256Hex(bytes) };
    this.parts.push(bytes);
    this.offset += bytes.length;
    return section;
  }
}

const NOT_A_BACKUP =
  'This file is not a Rollcall backup. Choose a file whose name ends in “.rollcall”.';
const DAMAGED =
  'This backup file is damaged or incomplete (it may not have finished downloading or copying). Nothing was changed. Try another copy of the backup.';

/** A backup file whose container has been checked; sections are read on demand. */
export class BackupReader {
  private constructor(
    private readonly file: Blob,
    readonly header: BackupHeader,
    private readonly sectionsStart: number,
  ) {}

  /**
   * Checks the prefix, the version, the header's checksum and shape, and that every section
   * lies inside the file. Throws a 'validation' AppError in plain words otherwise.
   */
  static async open(file: Blob): Promise<BackupReader> {
    if (file.size < PREFIX_LENGTH) {
      throw file.size > 0 && (await startsWithMagic(file))
        ? damaged('prefix')
        : validationError(NOT_A_BACKUP, { reason: 'not-a-backup' });
    }
    const prefix = new Uint8Array(await file.slice(0, PREFIX_LENGTH).arrayBuffer());
    if (new TextDecoder().decode(prefix.subarray(0, 8)) !== BACKUP_MAGIC) {
      throw validationError(NOT_A_BACKUP, { reason: 'not-a-backup' });
    }
    const view = new DataView(prefix.buffer);
    const formatVersion = view.getUint32(8);
    if (formatVersion > BACKUP_FORMAT_VERSION) {
      throw validationError(
        'This backup was made by a newer version of Rollcall. Reload Rollcall to get the newest version, then restore the backup again. Nothing was changed.',
        { reason: 'newer-format', formatVersion, supported: BACKUP_FORMAT_VERSION },
      );
    }
    if (formatVersion < 1) throw damaged('format-version');
    const headerLength = view.getUint32(12);
    if (headerLength > MAX_HEADER_LENGTH || PREFIX_LENGTH + headerLength > file.size) {
      throw damaged('header-length');
    }
    const headerBytes = new Uint8Array(
      await file.slice(PREFIX_LENGTH, PREFIX_LENGTH + headerLength).arrayBuffer(),
    );
    if ((await sha256Hex(headerBytes)) !== bytesToHex(prefix.subarray(16, 48))) {
      throw damaged('header-checksum');
    }
    let header: unknown;
    try {
      header = JSON.parse(new TextDecoder().decode(headerBytes));
    } catch {
      throw damaged('header-json');
    }
    if (!isBackupHeader(header)) throw damaged('header-shape');
    const sectionsStart = PREFIX_LENGTH + headerLength;
    const sections = [...header.tables, ...header.photos].map((entry) => entry.section);
    if (sections.some((s) => sectionsStart + s.offset + s.length > file.size)) {
      throw damaged('truncated');
    }
    return new BackupReader(file, header, sectionsStart);
  }

  /** Reads every section and compares its checksum: a damaged file is refused before any change. */
  async verifySections(onSection?: () => Promise<void>): Promise<void> {
    for (const entry of [...this.header.tables, ...this.header.photos]) {
      await this.readSection(entry.section);
      await onSection?.();
    }
  }

  /** The table's rows as JSON text, checksum-verified. */
  async tableRowsJson(entry: BackupTableEntry): Promise<string> {
    return new TextDecoder().decode(await this.readSection(entry.section));
  }

  async photoBytes(entry: BackupPhotoEntry): Promise<Uint8Array> {
    return this.readSection(entry.section);
  }

  /** The first `length` bytes of a photo (its magic number), after verifySections. */
  async photoStart(entry: BackupPhotoEntry, length = 16): Promise<Uint8Array> {
    const start = this.sectionsStart + entry.section.offset;
    const end = start + Math.min(length, entry.section.length);
    return new Uint8Array(await this.file.slice(start, end).arrayBuffer());
  }

  private async readSection(section: SectionRef): Promise<Uint8Array> {
    const start = this.sectionsStart + section.offset;
    const bytes = new Uint8Array(
      await this.file.slice(start, start + section.length).arrayBuffer(),
    );
    if (bytes.length !== section.length || (await sha256Hex(bytes)) !== section.sha256) {
      throw damaged('section-checksum');
    }
    return bytes;
  }
}

function damaged(reason: string) {
  return validationError(DAMAGED, { reason: 'damaged', detail: reason });
}

async function startsWithMagic(file: Blob): Promise<boolean> {
  const head = new TextDecoder().decode(await file.slice(0, 8).arrayBuffer());
  return BACKUP_MAGIC.startsWith(head) || head.startsWith(BACKUP_MAGIC);
}

function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isString = (v: unknown): v is string => typeof v === 'string';

function isSection(v: unknown): v is SectionRef {
  return (
    isObject(v) &&
    isCount(v.offset) &&
    isCount(v.length) &&
    isString(v.sha256) &&
    /^[0-9a-f]{64}$/.test(v.sha256)
  );
}

function isBackupHeader(v: unknown): v is BackupHeader {
  if (!isObject(v) || v.format !== 'rollcall-backup' || !isString(v.createdAt)) return false;
  if (!Array.isArray(v.migrations) || !Array.isArray(v.tables) || !Array.isArray(v.photos)) {
    return false;
  }
  const migrationsOk = v.migrations.every(
    (m) => isObject(m) && isCount(m.version) && isString(m.name) && isString(m.checksum),
  );
  const tablesOk = v.tables.every(
    (t) =>
      isObject(t) &&
      isString(t.name) &&
      Array.isArray(t.columns) &&
      t.columns.every(isString) &&
      isCount(t.rowCount) &&
      isSection(t.section),
  );
  const photosOk = v.photos.every(
    (p) => isObject(p) && isString(p.id) && isString(p.mimeType) && isSection(p.section),
  );
  const missingOk =
    v.missingPhotos === undefined ||
    (Array.isArray(v.missingPhotos) && v.missingPhotos.every(isString));
  return migrationsOk && tablesOk && photosOk && missingOk;
}
