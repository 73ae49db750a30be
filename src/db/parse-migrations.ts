// Turns migration files (name -> SQL) into the ordered list the runner applies. Kept apart from
// migrations.ts (which gathers the files with Vite's import.meta.glob) so that the build can
// read the same files with node:fs to make the pre-initialised database (database-snapshot.ts).

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

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
