// Command-line parsing for the eval command (see ../shared/docs/eval-contract.md):
// `<task> --data <dir> [--model m] [--preset p] [--seed N] [--out FILE] [--task-option value ...]`.
import { isPresetName, PRESET_NAMES, type PresetName } from '../../src/domain/recognition/presets';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ParsedArgs {
  task: string;
  /** Every `--kebab-name value` (or `--kebab-name=value`), keyed by camelCase name. */
  options: Map<string, string>;
}

export const camelCase = (kebab: string) =>
  kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
export const kebabCase = (camel: string) => camel.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Options that are switches: given alone (`--no-roster`), they mean true. */
const SWITCHES = new Set(['no-roster']);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [task, ...rest] = argv;
  if (!task || task.startsWith('-')) throw new UsageError('the first argument must be a task');
  const options = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (!arg.startsWith('--') || arg.length < 3)
      throw new UsageError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    let name: string;
    let value: string | undefined;
    if (eq > 0) {
      name = arg.slice(2, eq);
      value = arg.slice(eq + 1);
    } else if (SWITCHES.has(arg.slice(2))) {
      name = arg.slice(2);
      value = 'true';
    } else {
      name = arg.slice(2);
      value = rest[i + 1];
      if (value === undefined || value.startsWith('--')) {
        throw new UsageError(`option --${name} needs a value`);
      }
      i++;
    }
    const key = camelCase(name);
    if (options.has(key)) throw new UsageError(`option --${name} is given twice`);
    options.set(key, value);
  }
  return { task, options };
}

/** Reads and removes options, so that whatever is left at the end is an unknown option. */
export class OptionReader {
  constructor(private readonly options: Map<string, string>) {}

  string(name: string): string | undefined {
    const value = this.options.get(name);
    this.options.delete(name);
    return value;
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') {
      throw new UsageError(`option --${kebabCase(name)} is required`);
    }
    return value;
  }

  number(name: string, fallback: number, check?: (n: number) => boolean): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || (check && !check(n))) {
      throw new UsageError(`option --${kebabCase(name)}: bad value "${raw}"`);
    }
    return n;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw new UsageError(`option --${kebabCase(name)}: expected true or false, got "${raw}"`);
  }

  /** The options among `names` that were given, as numbers (for a service's optional settings). */
  givenNumbers(names: readonly string[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const name of names) if (this.options.has(name)) out[name] = this.number(name, 0);
    return out;
  }

  /** The options among `names` that were given, as booleans. */
  givenBooleans(names: readonly string[]): Record<string, boolean> {
    const out: Record<string, boolean> = {};
    for (const name of names) if (this.options.has(name)) out[name] = this.boolean(name, false);
    return out;
  }

  /** Overrides the fields of `defaults` (numbers and booleans) given as options. */
  overrides<T extends object>(defaults: T): T {
    const out = { ...defaults } as Record<string, unknown>;
    for (const [key, value] of Object.entries(out)) {
      if (typeof value === 'number') out[key] = this.number(key, value);
      else if (typeof value === 'boolean') out[key] = this.boolean(key, value);
    }
    return out as T;
  }

  /** `--preset high-precision|fast|balanced` (default balanced, the app's defaults). */
  preset(): PresetName | undefined {
    const raw = this.string('preset');
    if (raw === undefined) return undefined;
    if (!isPresetName(raw)) {
      throw new UsageError(`--preset must be one of ${PRESET_NAMES.join(', ')}, got "${raw}"`);
    }
    return raw;
  }

  /** Throws on any option nobody read. */
  finish(task: string): void {
    const left = [...this.options.keys()].map((k) => `--${kebabCase(k)}`);
    if (left.length) throw new UsageError(`unknown option(s) for task ${task}: ${left.join(' ')}`);
  }
}
