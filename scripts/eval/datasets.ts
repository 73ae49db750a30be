// Reading the eval data layouts: LFW-style identity folders and classroom truth files.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Box } from '../../src/domain/face/geometry';
import { UsageError } from './args';

const IMAGE = /\.(jpe?g|png|webp)$/i;
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface Identity {
  name: string;
  /** Image paths in name order. */
  images: string[];
}

/** `<dir>/<Name>/<image>`: identities in name order, each with its images in name order. */
export async function readIdentityFolders(dir: string): Promise<Identity[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort(byName);
  } catch (error) {
    throw new UsageError(`cannot read data folder ${dir}: ${String(error)}`);
  }
  const identities: Identity[] = [];
  for (const name of names) {
    const folder = join(dir, name);
    if (!(await stat(folder)).isDirectory()) continue;
    const images = (await readdir(folder))
      .filter((f) => IMAGE.test(f))
      .sort(byName)
      .map((f) => join(folder, f));
    if (images.length) identities.push({ name, images });
  }
  if (identities.length === 0) throw new UsageError(`no identity folders with images in ${dir}`);
  return identities;
}

/** The `sessions` list of `<dir>/truth.json` (classroom and roster folders), unchecked items. */
async function readTruthSessions(dir: string): Promise<unknown[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(join(dir, 'truth.json'), 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${join(dir, 'truth.json')}: ${String(error)}`);
  }
  const sessions = (parsed as { sessions?: unknown }).sessions;
  if (!Array.isArray(sessions)) throw new UsageError(`${dir}/truth.json has no sessions list`);
  return sessions as unknown[];
}

export interface ClassroomSession {
  file: string;
  present: string[];
  faces: { name: string; box: Box }[];
}

/** `<dir>/truth.json` of a classroom folder (boxes converted to {x, y, width, height}). */
export async function readClassroomTruth(dir: string): Promise<ClassroomSession[]> {
  return (await readTruthSessions(dir)).map((s: unknown, i) => {
    const session = s as { file?: unknown; present?: unknown; faces?: unknown };
    if (typeof session.file !== 'string' || !Array.isArray(session.faces)) {
      throw new UsageError(`${dir}/truth.json: session ${i} needs a file and a faces list`);
    }
    return {
      file: session.file,
      present: Array.isArray(session.present) ? (session.present as string[]) : [],
      faces: (session.faces as { name?: string; box?: number[] }[]).map((f, j) => {
        const [x, y, width, height] = f.box ?? [];
        if ([x, y, width, height].some((v) => typeof v !== 'number')) {
          throw new UsageError(`${dir}/truth.json: session ${i} face ${j} has no [x,y,w,h] box`);
        }
        return {
          name: f.name ?? '',
          box: { x: x as number, y: y as number, width: width as number, height: height as number },
        };
      }),
    };
  });
}

export interface RosterSession {
  file: string;
  present: string[];
  unknownFaces: number;
}

/** `<dir>/truth.json` of a roster sessions folder: `{ sessions: [{ file, present, unknownFaces }] }`. */
export async function readRosterSessions(dir: string): Promise<RosterSession[]> {
  return (await readTruthSessions(dir)).map((s: unknown, i) => {
    const session = s as { file?: unknown; present?: unknown; unknownFaces?: unknown };
    if (typeof session.file !== 'string' || !Array.isArray(session.present)) {
      throw new UsageError(`${dir}/truth.json: session ${i} needs a file and a present list`);
    }
    return {
      file: session.file,
      present: session.present as string[],
      unknownFaces: typeof session.unknownFaces === 'number' ? session.unknownFaces : 0,
    };
  });
}
