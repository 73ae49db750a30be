// Reading a class list from a file the teacher picked: a spreadsheet export (CSV) or a plain
// list with one name per line. Pure: bytes in, names out; the students service decides what
// is new, already on the roster or repeated.
import { invalidInput, InvalidInputError } from './errors';
import { normalizeName, validateName } from './names';

const NOT_TEXT =
  "This file can't be read as a list of names. Save it as CSV or plain text and try again.";
const NO_NAMES = 'No names found in this file.';

/** Above this share of control characters a "text" file is really binary. */
const MAX_CONTROL_SHARE = 0.05;

/**
 * Bytes to text: UTF-8 (BOM stripped), UTF-16 when it starts with a BOM (Excel's "Unicode
 * text"), otherwise windows-1252, which is what older Excel writes on Windows.
 */
export function decodeTextFile(bytes: Uint8Array): string {
  const text = decodeBytes(bytes);
  if (text.includes('\u0000')) throw invalidInput(NOT_TEXT, { reason: 'binary' });
  let controls = 0;
  for (const char of text) if (isControl(char)) controls++;
  if (controls > 0 && controls > text.length * MAX_CONTROL_SHARE) {
    throw invalidInput(NOT_TEXT, { reason: 'binary' });
  }
  return text;
}

function decodeBytes(bytes: Uint8Array): string {
  // TextDecoder drops a matching BOM itself (ignoreBOM defaults to false).
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

// 0x80-0x9f of windows-1252; the rest is Latin-1. Spelled out because some runtimes' TextDecoder
// decode this range as C1 control characters (Node 20's 'windows-1252' does).
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    out += String.fromCharCode(
      byte >= 0x80 && byte <= 0x9f ? (WINDOWS_1252_HIGH[byte - 0x80] ?? byte) : byte,
    );
  }
  return out;
}

function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  if (code === 0x09 || code === 0x0a || code === 0x0d) return false;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0xfffd;
}

/** Where the name is in a CSV with a header row. */
type NameColumns = { kind: 'full'; index: number } | { kind: 'split'; first: number; last: number };

interface CsvRecord {
  fields: string[];
  /** 1-based line on which the record starts. */
  line: number;
}

const FULL_NAME_HEADERS = new Set(['name', 'student', 'student name', 'full name']);
const FIRST_NAME_HEADERS = new Set(['first name', 'given name', 'first']);
const LAST_NAME_HEADERS = new Set(['last name', 'family name', 'surname', 'last']);
const DELIMITERS = [',', ';', '\t'] as const;

/**
 * The names in a roster file, normalized, in file order, repeats kept. Either a CSV whose header
 * row names a `name` column (also `student`, `student name`, `full name`, or first and last name
 * columns), or one whole name per line: "Smith, John" is then one name.
 */
export function parseRoster(text: string): string[] {
  const source = text.replace(/^\uFEFF/, '');
  const table = findNameTable(source);
  // A one-column "table" is a list with a heading: keep "Smith, John" whole, as without one.
  const entries = !table
    ? namesFromLines(source)
    : table.width === 1
      ? namesFromLines(source).filter((entry) => entry.line > table.headerLine)
      : namesFromTable(table.records, table.columns);
  const names: string[] = [];
  for (const { raw, line } of entries) {
    if (normalizeName(raw) === '') continue;
    try {
      names.push(validateName(raw, 'student'));
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      throw invalidInput(`Line ${line}: ${error.message}`, { line });
    }
  }
  if (names.length === 0) throw invalidInput(NO_NAMES);
  return names;
}

interface NameTable {
  records: CsvRecord[];
  columns: NameColumns;
  headerLine: number;
  width: number;
}

function findNameTable(text: string): NameTable | null {
  for (const delimiter of DELIMITERS) {
    const records = parseCsv(text, delimiter).filter((r) => r.fields.some((f) => f.trim()));
    const header = records[0];
    if (!header) return null;
    const columns = findNameColumns(header.fields);
    if (columns) {
      const width = header.fields.length;
      return { records: records.slice(1), columns, headerLine: header.line, width };
    }
  }
  return null;
}

function findNameColumns(header: string[]): NameColumns | null {
  const keys = header.map((field) => normalizeName(field.replace(/[_-]+/g, ' ')).toLowerCase());
  const full = keys.findIndex((key) => FULL_NAME_HEADERS.has(key));
  if (full >= 0) return { kind: 'full', index: full };
  const first = keys.findIndex((key) => FIRST_NAME_HEADERS.has(key));
  const last = keys.findIndex((key) => LAST_NAME_HEADERS.has(key));
  return first >= 0 && last >= 0 ? { kind: 'split', first, last } : null;
}

function namesFromTable(records: CsvRecord[], columns: NameColumns) {
  return records.map(({ fields, line }) => ({
    line,
    raw:
      columns.kind === 'full'
        ? (fields[columns.index] ?? '')
        : `${fields[columns.first] ?? ''} ${fields[columns.last] ?? ''}`,
  }));
}

function namesFromLines(text: string) {
  return text.split(/\r\n|\n|\r/).map((lineText, i) => {
    const trimmed = lineText.trim();
    const quoted = /^"(.*)"$/s.exec(trimmed);
    return { line: i + 1, raw: quoted ? (quoted[1] ?? '').replace(/""/g, '"') : trimmed };
  });
}

/**
 * RFC 4180 records: quoted fields may hold the delimiter, doubled quotes and line breaks; lines
 * end in CRLF, LF or CR. Lenient like spreadsheets: a quote inside an unquoted field is literal.
 */
export function parseCsv(text: string, delimiter = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    fields.push(field);
    records.push({ fields, line: recordLine });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inQuotes) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (char === '\n' || (char === '\r' && text[i + 1] !== '\n')) line++;
        field += char;
      }
    } else if (char === '"' && field.trim() === '') {
      field = '';
      inQuotes = true;
    } else if (char === delimiter) {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += char;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}
