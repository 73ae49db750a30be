// The one way to build Rollcall's core (issue 12, item 8): the photo processor and every
// service over one open, migrated database. The core worker (core-host.ts), the eval harness
// (scripts/eval/app-harness.ts) and the tests all build it here, so the eval and the tests run
// exactly the code the app runs; only the storage backends and the inference runtime differ.
import type { InferenceApi } from '../contracts/inference';
import type { Database } from '../db/open';
import type { CoreContext } from './core-context';
import { createDataApi, type DataApi } from './data-api';
import type { PhotoStore } from './photos/photo-store';
import { PhotoProcessor, type ProcessingOptions } from './photos/processing-queue';

export interface CoreParts {
  db: Database;
  photos: PhotoStore;
  inference: InferenceApi;
  /** Aborted when another tab takes the records over (the core worker's tab lock). */
  handOver?: AbortSignal;
}

export interface Core {
  context: CoreContext;
  /** The data half of the core API, exactly as the core worker exposes it. */
  api: DataApi;
}

export function createCore(parts: CoreParts, options: ProcessingOptions = {}): Core {
  const processor = new PhotoProcessor(parts.db, parts.photos, parts.inference, options);
  const context: CoreContext = { ...parts, processor };
  return { context, api: createDataApi(context) };
}
