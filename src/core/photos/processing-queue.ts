// The photo processing queue of the core worker. Photos wait in session_images as 'pending';
// one at a time is claimed ('processing'), analysed by the inference worker and saved. The
// queue is data, not memory: after a reload or crash the next start resumes where it stopped.
import { AppError, toAppError } from '../../contracts/errors';
import type { ImageId, SessionId } from '../../contracts/ids';
import type { InferenceApi } from '../../contracts/inference';
import type { PhotoProgress } from '../../contracts/photos';
import type { Database } from '../../db/open';
import type { PhotoStore } from './photo-store';
import { saveAnalysis } from './save-analysis';

/**
 * A photo that was being processed this many times when Rollcall stopped without warning (the
 * page crashed, most likely out of memory on it) is given up on, so that it cannot crash the
 * page every time Rollcall opens. Reloads, closed tabs and hand-overs are no fault of the photo
 * and never count; Retry starts the count afresh.
 */
export const MAX_ATTEMPTS = 3;

export const CANCELLED_MESSAGE = 'Stopped before this photo was processed.';

export interface ProcessingOptions {
  /**
   * Models every face is embedded with in addition to its class's own model (classes.
   * embedding_model, which is always computed).
   */
  embeddingModels?: string[];
  onProgress?: (progress: PhotoProgress) => void;
  /**
   * Whether the page that was processing this photo unloaded (a reload, a closed tab) rather
   * than crashed. Such a photo is resumed without counting an attempt.
   */
  stoppedByUnload?: (imageId: ImageId) => boolean;
}

interface ClaimedImage {
  id: ImageId;
  session_id: SessionId;
  failure_count: number;
  status: string;
  embedding_model: string;
}

export class PhotoProcessor {
  private running: Promise<void> | undefined;
  private isStopped = false;
  private current: { imageId: ImageId; sessionId: SessionId; jobId: string } | undefined;

  constructor(
    private readonly db: Database,
    private readonly store: PhotoStore,
    private readonly inference: InferenceApi,
    private readonly options: ProcessingOptions,
  ) {}

  /** Starts working through the queue unless it is already running. */
  kick(): Promise<void> {
    this.running ??= this.drain().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Resolves when the queue is empty (tests, eval). */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops the session's work: the photo in progress and every photo still waiting. */
  async cancelSession(sessionId: SessionId): Promise<void> {
    // The update is queued in the database before the cancelled photo's own writes, so the
    // queue cannot claim another waiting photo of the session in between; the cancel need not
    // wait for it.
    const stopWaiting = this.db.query(
      `update session_images set status = 'failed', last_error = $2, updated_at = now()
       where session_id = $1 and status = 'pending'`,
      [sessionId, CANCELLED_MESSAGE],
    );
    const stopCurrent =
      this.current?.sessionId === sessionId ? this.inference.cancel(this.current.jobId) : undefined;
    await Promise.all([stopWaiting, stopCurrent]);
  }

  /** Stops work on one photo (it is being deleted). */
  async cancelImage(imageId: ImageId): Promise<void> {
    if (this.current?.imageId === imageId) await this.inference.cancel(this.current.jobId);
  }

  /** Puts failed photos back in the queue, with their failed attempts forgotten. */
  async retry(imageIds: readonly ImageId[]): Promise<void> {
    await this.db.query(
      `update session_images
       set status = 'pending', last_error = null, failure_count = 0, updated_at = now()
       where id = any($1::uuid[]) and status = 'failed'`,
      [imageIds],
    );
    void this.kick();
  }

  /**
   * Stops for good before the database closes (another tab takes over): the photo in progress
   * is abandoned unsaved and put back in the queue, not counted as a failed attempt, so
   * whoever opens the database next processes it afresh.
   */
  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.current) await this.inference.cancel(this.current.jobId);
    await this.running?.catch(() => undefined);
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.isStopped) return;
      const image = await this.claimNext();
      if (!image) return;
      await this.process(image);
    }
  }

  /**
   * The oldest waiting photo, marked 'processing'. A photo found already 'processing' was
   * interrupted. If its page unloaded (a reload, a closed tab) it is simply resumed; otherwise
   * the page crashed on it, which counts as a failed attempt, so a photo that crashes the page
   * every time is eventually given up on instead of crashing it forever.
   */
  private async claimNext(): Promise<ClaimedImage | undefined> {
    return this.db
      .transaction(async (tx) => {
        const { rows } = await tx.query<ClaimedImage>(
          `select i.id, i.session_id, i.failure_count, i.status, k.embedding_model
         from session_images i join classes k on k.id = i.class_id
         where i.status in ('processing', 'pending')
         order by (i.status = 'processing') desc, i.created_at, i.id limit 1 for update of i`,
        );
        const image = rows[0];
        if (!image) return undefined;
        const interrupted = image.status === 'processing';
        // A photo whose page unloaded is resumed as it is: nothing to record.
        if (interrupted && !this.options.stoppedByUnload?.(image.id)) {
          const attempts = image.failure_count + 1;
          const givingUp = attempts >= MAX_ATTEMPTS;
          await tx.query(
            `update session_images set failure_count = $2, status = $3, last_error = $4, updated_at = now()
           where id = $1`,
            [
              image.id,
              attempts,
              givingUp ? 'failed' : 'processing',
              givingUp
                ? 'Rollcall stopped while reading this photo several times. Try a smaller copy of it.'
                : null,
            ],
          );
          if (givingUp) return { ...image, status: 'failed' };
        } else if (!interrupted) {
          await tx.query(
            "update session_images set status = 'processing', updated_at = now() where id = $1",
            [image.id],
          );
        }
        return image;
      })
      .then((image) => (image?.status === 'failed' ? this.claimNext() : image));
  }

  /** The class's model first, then any extra models, each once. */
  /** The models a photo of a class is embedded with: the class's own, plus any extra ones. */
  embeddingModelsFor(classModel: string): string[] {
    return [...new Set([classModel, ...(this.options.embeddingModels ?? [])])];
  }

  private async process(image: ClaimedImage): Promise<void> {
    const jobId = crypto.randomUUID();
    this.current = { imageId: image.id, sessionId: image.session_id, jobId };
    const report = (stage: PhotoProgress['stage'], completed = 0, total = 0) =>
      this.options.onProgress?.({
        sessionId: image.session_id,
        imageId: image.id,
        stage,
        completed,
        total,
      });
    try {
      report('decoding');
      const photo = await this.store.get(image.id);
      if (!photo) throw new AppError('not-found', 'The photo file is missing from this device.');
      const analysis = await this.inference.analyzePhoto(
        {
          jobId,
          bytes: photo.bytes,
          embeddingModels: this.embeddingModelsFor(image.embedding_model),
          // Read from storage for this call only: moved to the inference worker, not copied.
          handOverBytes: true,
        },
        (stage, completed, total) => report(stage, completed, total),
      );
      report('saving');
      await saveAnalysis(this.db, image.id, analysis);
      report('done', analysis.faces.length, analysis.faces.length);
    } catch (error) {
      if (this.isStopped) {
        // Handed over to another tab, not the photo's fault: back in the queue as it was.
        await this.db.query(
          `update session_images set status = 'pending', updated_at = now()
           where id = $1 and status = 'processing'`,
          [image.id],
        );
        return;
      }
      const appError = toAppError(error);
      const cancelled = appError.code === 'cancelled';
      await this.db.query(
        `update session_images
         set status = 'failed', last_error = $2, updated_at = now(),
             failure_count = failure_count + $3
         where id = $1`,
        [image.id, cancelled ? CANCELLED_MESSAGE : appError.message, cancelled ? 0 : 1],
      );
      report('failed');
    } finally {
      this.current = undefined;
    }
  }
}
