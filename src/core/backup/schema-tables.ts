// The tables a backup holds, read from the database's own catalog rather than listed by hand,
// so a migration that adds a table or a column is backed up without touching this code.
import type { Queryable } from '../../db/open';

export interface TableInfo {
  name: string;
  /** Columns in table order, without generated ones (the database computes those). */
  columns: string[];
  primaryKey: string[];
  /** Columns whose values come from a sequence: restored as they were, then the sequence moved on. */
  sequenceColumns: string[];
}

/** Bookkeeping of the migration runner, not data: a restore rebuilds it by migrating. */
const NOT_DATA = new Set(['schema_migrations']);

/**
 * Every base table of the public schema, parents before children (foreign keys), so that
 * inserting in this order never references a row that is not there yet.
 */
export async function listDataTables(db: Queryable): Promise<TableInfo[]> {
  const { rows: columns } = await db.query<{
    table_name: string;
    column_name: string;
    from_sequence: boolean;
  }>(
    `select c.table_name, c.column_name,
            (c.is_identity = 'YES' or coalesce(c.column_default, '') like 'nextval(%') as from_sequence
     from information_schema.columns c
     join information_schema.tables t
       on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.is_generated = 'NEVER'
     order by c.table_name, c.ordinal_position`,
  );
  const { rows: keys } = await db.query<{ table_name: string; column_name: string }>(
    `select cls.relname as table_name, att.attname as column_name
     from pg_index i
     join pg_class cls on cls.oid = i.indrelid
     join pg_namespace ns on ns.oid = cls.relnamespace
     cross join lateral unnest(i.indkey) with ordinality as k(attnum, pos)
     join pg_attribute att on att.attrelid = cls.oid and att.attnum = k.attnum
     where i.indisprimary and ns.nspname = 'public'
     order by cls.relname, k.pos`,
  );
  const { rows: references } = await db.query<{ child: string; parent: string }>(
    `select distinct child.relname as child, parent.relname as parent
     from pg_constraint con
     join pg_class child on child.oid = con.conrelid
     join pg_class parent on parent.oid = con.confrelid
     join pg_namespace ns on ns.oid = child.relnamespace
     where con.contype = 'f' and ns.nspname = 'public' and child.oid <> parent.oid`,
  );

  const tables = new Map<string, TableInfo>();
  for (const row of columns) {
    if (NOT_DATA.has(row.table_name)) continue;
    let table = tables.get(row.table_name);
    if (!table) {
      table = { name: row.table_name, columns: [], primaryKey: [], sequenceColumns: [] };
      tables.set(row.table_name, table);
    }
    table.columns.push(row.column_name);
    if (row.from_sequence) table.sequenceColumns.push(row.column_name);
  }
  for (const key of keys) tables.get(key.table_name)?.primaryKey.push(key.column_name);

  const parentsOf = new Map<string, Set<string>>();
  for (const { child, parent } of references) {
    if (!tables.has(child) || !tables.has(parent)) continue;
    const parents = parentsOf.get(child) ?? new Set<string>();
    parents.add(parent);
    parentsOf.set(child, parents);
  }
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  const place = (name: string, path: Set<string>) => {
    if (placed.has(name) || path.has(name)) return;
    path.add(name);
    for (const parent of [...(parentsOf.get(name) ?? [])].sort()) place(parent, path);
    path.delete(name);
    placed.add(name);
    const table = tables.get(name);
    if (table) ordered.push(table);
  };
  for (const name of [...tables.keys()].sort()) place(name, new Set());
  return ordered;
}

/** A quoted SQL identifier (names come from the catalog or a checked backup header). */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
