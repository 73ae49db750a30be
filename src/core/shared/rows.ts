// Small helpers for turning PGlite rows into the plain records of src/contracts/entities.ts.

/** timestamptz arrives as a Date; entities carry ISO 8601 strings. */
export function toIso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
