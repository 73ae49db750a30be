// Every row id is a UUID (gen_random_uuid / crypto.randomUUID). Ids that come from outside
// (the library's callers, the UI) are checked with this before they reach SQL: a malformed one is
// "not found", never a Postgres cast error.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
