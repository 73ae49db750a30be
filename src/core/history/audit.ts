// The audit log: every manual change, written in the same transaction as the change itself.
import type { AuditEntry } from '../../contracts/entities';
import type { ClassId } from '../../contracts/ids';
import type { Queryable } from '../../db/open';
import { assertClassExists, classNotFound } from '../shared/not-found';
import { withDbErrors } from '../shared/db-errors';
import { toIso } from '../shared/rows';

export interface AuditInput {
  /** null only for entries that must outlive their class (the class's own deletion). */
  classId: ClassId | null;
  entity: AuditEntry['entity'];
  entityId: string;
  action: string;
  oldValue: unknown;
  newValue: unknown;
}

export const DEFAULT_AUDIT_LIMIT = 100;
export const MAX_AUDIT_LIMIT = 1000;

interface AuditRow {
  id: number;
  class_id: string | null;
  entity: AuditEntry['entity'];
  entity_id: string;
  action: string;
  old_value: unknown;
  new_value: unknown;
  created_at: Date;
}

const toJson = (value: unknown) =>
  value === undefined || value === null ? null : JSON.stringify(value);

/** Call with the transaction that makes the change, so both happen or neither. */
export async function recordAudit(tx: Queryable, entry: AuditInput): Promise<void> {
  await tx.query(
    `insert into audit_log (class_id, entity, entity_id, action, old_value, new_value)
     values ($1, $2, $3, $4, $5::jsonb, $6::jsonb)`,
    [
      entry.classId,
      entry.entity,
      entry.entityId,
      entry.action,
      toJson(entry.oldValue),
      toJson(entry.newValue),
    ],
  );
}

/** Newest first. With a class, only that class's entries; without, everything. */
export async function listAudit(
  db: Queryable,
  options: { classId?: ClassId; limit?: number } = {},
): Promise<AuditEntry[]> {
  const limit = clampLimit(options.limit);
  const { classId } = options;
  if (classId !== undefined) await assertClassExists(db, classId);
  const { rows } = await withDbErrors({ notFound: classNotFound }, () =>
    db.query<AuditRow>(
      `select id, class_id, entity, entity_id, action, old_value, new_value, created_at
       from audit_log
       where $1::uuid is null or class_id = $1::uuid
       order by id desc
       limit $2`,
      [classId ?? null, limit],
    ),
  );
  return rows.map(toAuditEntry);
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_AUDIT_LIMIT;
  return Math.min(Math.max(Math.trunc(limit), 1), MAX_AUDIT_LIMIT);
}

function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: Number(row.id),
    classId: row.class_id as ClassId | null,
    entity: row.entity,
    entityId: row.entity_id,
    action: row.action,
    oldValue: row.old_value,
    newValue: row.new_value,
    createdAt: toIso(row.created_at),
  };
}
