// Numbered SQL migrations, bundled at build time. A migration's number is the leading digits of
// its file name (0001_init.sql -> 1). Applied migrations are recorded in schema_migrations.
import { parseMigrations, type Migration } from './parse-migrations';

export { parseMigrations, type Migration };

const files = import.meta.glob<string>('./migrations/*.sql', {
  query: '?raw',
  import: 'default',
  eager: true,
});

export const bundledMigrations: Migration[] = parseMigrations(files);
