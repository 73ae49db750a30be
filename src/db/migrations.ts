// Numbered SQL migrations, bundled at build time. A migration's number is the leading digits of
// its file name (0001_init.sql -> 1). Applied migrations are recorded in schema_migrations.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const files = import.meta.glob<string>('./migrations/*.sql', {
  query: '?raw',
  import: 'default',
  eager: true,
});

export function parseMigrations(sources: Record<string, string>): Migration[] {
  const migrations = Object.entries(sources).map(([path, sql]) => {
    const match = /(\d+)_([\w-]+)\.sql$/.exec(path);
    if (!match) throw new Error(`Migration file name must look like 0001_name.sql: ${path}`);
    return { version: Number(match[1]), name: match[2] ?? '', sql };
  });
  migrations.sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(
        `Migrations must be numbered 1, 2, 3... without gaps (found ${m.version} at position ${i + 1})`,
      );
  });
  return migrations;
}

export const bundledMigrations: Migration[] = parseMigrations(files);
