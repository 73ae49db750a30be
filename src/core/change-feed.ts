import { TABLES, type TableName } from '../contracts/events';
import type { Database } from '../db/open';

const isTableName = (name: string): name is TableName =>
  (TABLES as readonly string[]).includes(name);

/**
 * Reports which tables changed. Every table has a statement trigger that NOTIFYs
 * 'table_changed' (migration 0001), and Postgres delivers notifications only when the
 * transaction commits, so listeners never hear of a write that was rolled back. Notifications
 * arriving in the same task are batched into one call.
 */
export async function watchTableChanges(
  db: Database,
  onChange: (tables: TableName[]) => void,
): Promise<() => Promise<void>> {
  let pending = new Set<TableName>();
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const tables = [...pending];
    pending = new Set();
    if (tables.length > 0) onChange(tables);
  };
  return db.listen('table_changed', (table) => {
    if (!isTableName(table)) return;
    pending.add(table);
    if (!scheduled) {
      scheduled = true;
      setTimeout(flush, 0);
    }
  });
}
