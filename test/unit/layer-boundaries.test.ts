// The layer rules and the cycle check of eslint.config.js really report what they promise:
// ESLint runs on small fixture texts placed (virtually) in src/, against the real files around
// them. Type-aware rules are switched off here: they need the files on disk and are not what is
// tested.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({
  cwd: root,
  overrideConfig: [
    { files: ['**/*.ts', '**/*.tsx'], ...(tseslint.configs.disableTypeChecked as Linter.Config) },
  ],
});

/** The rules that fired on `text` as if it were the file at `path`. */
async function rulesFired(path: string, text: string): Promise<(string | null)[]> {
  const [result] = await eslint.lintText(text, { filePath: join(root, path) });
  return result!.messages.map((m) => m.ruleId);
}

describe('layer boundaries (README "Architecture")', () => {
  test('domain code importing the core is reported', async () => {
    const fired = await rulesFired(
      'src/domain/wrong-way.ts',
      "import { createCore } from '../core/create-core';\nexport const core = createCore;\n",
    );
    expect(fired).toContain('import-x/no-restricted-paths');
  });

  test('the UI importing the core or the database is reported; contracts and client are fine', async () => {
    expect(
      await rulesFired(
        'src/ui/features/wrong-way.ts',
        "import { createDataApi } from '../../core/data-api';\nexport const api = createDataApi;\n",
      ),
    ).toContain('import-x/no-restricted-paths');
    expect(
      await rulesFired(
        'src/ui/features/right-way.ts',
        "import { AppError } from '../../contracts/errors';\nexport const error = AppError;\n",
      ),
    ).toEqual([]);
  });

  test('contracts may name domain types but not import domain code', async () => {
    expect(
      await rulesFired(
        'src/contracts/wrong-way.ts',
        "import { presetParameters } from '../domain/recognition/presets';\nexport const p = presetParameters;\n",
      ),
    ).toContain('@typescript-eslint/no-restricted-imports');
    expect(
      await rulesFired(
        'src/contracts/right-way.ts',
        "import type { PresetName } from '../domain/recognition/presets';\nexport type P = PresetName;\n",
      ),
    ).toEqual([]);
  });

  test('an import cycle is reported', async () => {
    // roster-csv.ts imports names.ts; names.ts importing roster-csv.ts closes the circle.
    const names = readFileSync(join(root, 'src/domain/names.ts'), 'utf8');
    const cyclic = `import { parseRoster } from './roster-csv';\nexport const again = parseRoster;\n${names}`;
    expect(await rulesFired('src/domain/names.ts', cyclic)).toContain('import-x/no-cycle');
  });
});
