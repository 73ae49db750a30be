// Types of page-probes.mjs, for the browser tests.
export interface PageProbes {
  /** Calls the page made to the core worker, by method name. */
  coreCalls: Record<string, number>;
  /** Milliseconds from each call to its answer, summed by method name. */
  coreCallMs: Record<string, number>;
  /** Face thumbnails asked for, over every getFaceThumbnails call. */
  thumbnailsAsked: number;
  /** Photos the core reported finished, with performance.now() times. */
  finished: { imageId: string; stage: 'done' | 'failed'; at: number }[];
  /** Main-thread tasks over 50 ms. */
  longTasks: { at: number; ms: number }[];
}
export function installPageProbes(): void;
export function readPageProbes(): PageProbes | undefined;
export function distinctJpegCopy(jpeg: Buffer, label: string | number): Buffer;
