// What the data API works with: the open database, the photo store and the face pipeline.
import type { InferenceApi } from '../contracts/inference';
import type { Database } from '../db/open';
import type { PhotoStore } from './photos/photo-store';
import type { PhotoProcessor } from './photos/processing-queue';

export interface CoreContext {
  db: Database;
  photos: PhotoStore;
  processor: PhotoProcessor;
  inference: InferenceApi;
  /**
   * Aborted when another tab takes over. Work that would rather stop (changing nothing) than
   * keep the other tab waiting checks it; everything else simply finishes first.
   */
  handOver?: AbortSignal;
}
