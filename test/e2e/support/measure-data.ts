// The measure run (`npm run measure`, MEASURE=1) uses the dev data's own photos when they are at
// hand (../shared beside the repository); `npm test` keeps the small fixture copies.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLASSROOM_DEV = fileURLToPath(
  new URL('../../../../shared/datasets/classroom-dev/', import.meta.url),
);

/** These files of classroom-dev, in a measure run where they all exist; otherwise undefined. */
export function classroomDevForMeasure(...files: string[]): string[] | undefined {
  if (!process.env.MEASURE) return undefined;
  const paths = files.map((file) => `${CLASSROOM_DEV}${file}`);
  return paths.every((path) => existsSync(path)) ? paths : undefined;
}

/** The classroom-dev folder, in a measure run where its truth is at hand; otherwise undefined. */
export function classroomDevDirForMeasure(): string | undefined {
  return classroomDevForMeasure('truth.json') ? CLASSROOM_DEV : undefined;
}
