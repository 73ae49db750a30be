// The card's FaceCropAssignmentService: assigns a class's unassigned faces to its known students
// from their nearest identified faces (kNN), with the open-set, margin and one-student-per-photo
// rules of src/domain/assignment/assign.ts. People the teacher dismissed ("not in this class")
// take part exactly like students: their faces are the negative examples, and a face that
// matches one of them by the same rule is dismissed with them ('rejected', never asked about).
// The teacher's decisions always win:
// - only unassigned faces are assigned; auto, confirmed and "not a student" faces never change;
// - "low quality, not counted" faces are never assigned (src/domain/face/low-quality.ts);
// - only embeddings of the model's current version are compared;
// - a rejected (face, student) pairing is never proposed;
// - a student already holding a face of the photo is not proposed for another face of it;
// - the faces of one photo are decided jointly (each student at most once per photo).
// Neighbours: cosine distance (pgvector's `<=>`, similarity = 1 - distance) over the identified
// faces (auto or confirmed) and dismissed people's faces of the same class, model and model
// version, never of the same photo, at most VOTES_PER_STUDENT per person, ties by face id.
// They come from the class's gallery held in memory (./class-gallery.ts, one Float32Array
// matrix, loaded once and kept up to date from the change feed), which gives exactly the
// answer of the SQL query `sqlNeighbours` below, bit for bit (test/integration/gallery-knn.test.ts):
// the same exact search, without a query per face. Measured (scripts/bench/knn-index.ts,
// docs/PERFORMANCE.md "kNN per face"): SQL exact 10-30 ms per face at 1k faces, 210-290 ms at
// 20k; HNSW was faster only at 20k and approximate (recall@10 0.82), so there is no index.
// With autoCommit false nothing is written: the results are proposals the UI can show.
import type {
  AssignCropsOptions,
  AssignCropsResult,
  AssignmentNeighbour,
  CropAssignmentResult,
  FaceCropAssignmentOptions,
} from '../../contracts/assignment';
import { notFoundError, validationError } from '../../contracts/errors';
import type { ClassId, CropId, DismissedId, SessionId, StudentId } from '../../contracts/ids';
import type { Database, Queryable } from '../../db/open';
import {
  assignPhotoFaces,
  VOTES_PER_STUDENT,
  type FaceAssignment,
  type FaceNeighbours,
  type Rejection,
} from '../../domain/assignment/assign';
import type { EmbeddingModelId } from '../../domain/recognition/models';
import type { AssignmentRun } from '../../domain/recognition/parameters';
import { assignmentParameters } from '../settings/resolve-parameters';
import { withDbErrors } from '../shared/db-errors';
import { assertClassExists, assertSessionExists } from '../shared/not-found';
import { ClassGalleries, GALLERY_FACE, PERSON, type GalleryKey } from './class-gallery';
import { storedVectors, type StoredVector } from './vector-copy';

const cropNotFound = () =>
  notFoundError('This face no longer exists. It may have been deleted.', { entity: 'face' });

interface CropRow {
  id: CropId;
  image_id: string;
  class_id: ClassId;
  student_id: StudentId | null;
  assignment_status: string;
  confidence: number | null;
  low_quality: boolean;
  has_embedding: boolean;
}

interface NeighbourRow {
  crop_id: CropId;
  /** A student's id, or a dismissed person's (is_dismissed). */
  person_id: string;
  is_dismissed: boolean;
  similarity: number;
}

// $1 is the model id, $X the version: only current-version embeddings count.
const CROP_COLUMNS = (version: string) => `c.id, c.image_id, c.class_id, c.student_id,
  c.assignment_status, c.confidence, c.low_quality,
  exists (select 1 from embeddings e where e.crop_id = c.id and e.model_id = $1
          and e.model_version = ${version}) as has_embedding`;

export class FaceCropAssignmentService {
  /** The run's parameters, resolved and checked once (src/domain/recognition/parameters.ts). */
  readonly parameters: AssignmentRun;
  readonly embeddingModel: EmbeddingModelId;
  readonly k: number;
  readonly similarityThreshold: number;
  readonly minMargin: number;
  readonly useVoting: boolean;
  /** The embedding model's current version: older embeddings are never compared. */
  readonly modelVersion: string;

  private readonly galleries: ClassGalleries;

  constructor(
    private readonly db: Database,
    options: FaceCropAssignmentOptions | AssignmentRun = {},
  ) {
    this.galleries = ClassGalleries.of(db);
    this.parameters = assignmentParameters(options);
    ({
      embeddingModel: this.embeddingModel,
      k: this.k,
      similarityThreshold: this.similarityThreshold,
      minMargin: this.minMargin,
      useVoting: this.useVoting,
      modelVersion: this.modelVersion,
    } = this.parameters);
  }

  /** One face, decided jointly with the other unassigned faces of its photo. */
  async assignCrop(
    cropId: CropId,
    options: AssignCropsOptions = {},
  ): Promise<CropAssignmentResult> {
    const autoCommit = checkAutoCommit(options);
    return this.inTransaction(async (tx) => {
      const { rows } = await withDbErrors({ notFound: cropNotFound }, () =>
        tx.query<CropRow>(`select ${CROP_COLUMNS('$3')} from face_crops c where c.id = $2`, [
          this.embeddingModel,
          cropId,
          this.modelVersion,
        ]),
      );
      const crop = rows[0];
      if (!crop) throw cropNotFound();
      if (crop.assignment_status !== 'unassigned') return settled(crop);
      const { rows: photo } = await tx.query<CropRow>(
        `select ${CROP_COLUMNS('$3')} from face_crops c
         where c.image_id = $2 and c.assignment_status = 'unassigned' order by c.id`,
        [this.embeddingModel, crop.image_id, this.modelVersion],
      );
      // Decided with its photo's other faces; only this one is written.
      const results = await this.decide(tx, photo, autoCommit, new Set([crop.id]));
      return results.find((r) => r.cropId === cropId) as CropAssignmentResult;
    });
  }

  async assignSessionCrops(
    sessionId: SessionId,
    options: AssignCropsOptions = {},
  ): Promise<AssignCropsResult> {
    const autoCommit = checkAutoCommit(options);
    await assertSessionExists(this.db, sessionId);
    return this.assignWhere('i.session_id = $2', sessionId, autoCommit);
  }

  async assignClassCrops(
    classId: ClassId,
    options: AssignCropsOptions = {},
  ): Promise<AssignCropsResult> {
    const autoCommit = checkAutoCommit(options);
    await assertClassExists(this.db, classId);
    return this.assignWhere('c.class_id = $2', classId, autoCommit);
  }

  private async assignWhere(
    scope: string,
    scopeId: string,
    autoCommit: boolean,
  ): Promise<AssignCropsResult> {
    return this.inTransaction(async (tx) => {
      const { rows } = await tx.query<CropRow>(
        `select ${CROP_COLUMNS('$3')} from face_crops c
         join session_images i on i.id = c.image_id
         where ${scope} and c.assignment_status = 'unassigned'
         order by i.created_at, c.image_id, c.id`,
        [this.embeddingModel, scopeId, this.modelVersion],
      );
      const results = await this.decide(tx, rows, autoCommit);
      return {
        modelName: this.embeddingModel,
        results,
        assigned: results.filter((r) => r.reason === 'assigned').length,
        dismissed: results.filter((r) => r.reason === 'dismissed').length,
        committed: autoCommit,
      };
    });
  }

  /**
   * One transaction that may use the class's gallery in memory: the change feed is heard first,
   * and if the transaction fails, what it added to the gallery is forgotten.
   */
  private async inTransaction<T>(run: (tx: Queryable) => Promise<T>): Promise<T> {
    await this.galleries.listen();
    try {
      return await this.db.transaction(run);
    } catch (error) {
      this.galleries.forget();
      throw error;
    }
  }

  private galleryKey(classId: ClassId): GalleryKey {
    return { classId, modelId: this.embeddingModel, modelVersion: this.modelVersion };
  }

  /**
   * Decides unassigned faces photo by photo; with autoCommit, writes the assignments (only those
   * of `only` when given).
   */
  private async decide(
    tx: Queryable,
    crops: readonly CropRow[],
    autoCommit: boolean,
    only?: ReadonlySet<string>,
  ): Promise<CropAssignmentResult[]> {
    const byImage = new Map<string, CropRow[]>();
    for (const crop of crops)
      byImage.set(crop.image_id, [...(byImage.get(crop.image_id) ?? []), crop]);
    const decided = new Map<string, CropAssignmentResult>();
    const dismissedIds = await this.dismissedPeople(tx, crops[0]?.class_id);
    for (const [imageId, photoCrops] of byImage) {
      const withEmbedding = photoCrops.filter((c) => c.has_embedding && !c.low_quality);
      for (const c of photoCrops) {
        if (c.low_quality) decided.set(c.id, unassigned(c.id, 'low-quality'));
        else if (!c.has_embedding) decided.set(c.id, unassigned(c.id, 'no-embedding'));
      }
      if (withEmbedding.length === 0) continue;
      const classId = withEmbedding[0]!.class_id;
      const rejections = await this.excluded(tx, imageId, withEmbedding);
      const gallery = this.galleryKey(classId);
      const matrix = await this.galleries.matrix(tx, gallery);
      const vectors = await storedVectors(
        tx,
        withEmbedding.map((c) => c.id),
        this.embeddingModel,
        this.modelVersion,
      );
      // The photo's faces searched together: the gallery is read once for all of them.
      const answers =
        matrix?.nearestMany(
          withEmbedding.map((crop) => ({
            query: (vectors.get(crop.id) as StoredVector).vector,
            k: this.k,
            perGroup: VOTES_PER_STUDENT,
            skipGroups: rejections.filter((r) => r.faceId === crop.id).map((r) => r.studentId),
            skipBatch: crop.image_id,
            skipId: crop.id,
          })),
        ) ?? [];
      const faces: FaceNeighbours[] = withEmbedding.map((crop, i) => ({
        faceId: crop.id,
        neighbours: (answers[i] ?? []).map((n) => ({
          cropId: n.id as CropId,
          studentId: n.group as StudentId,
          similarity: n.similarity,
        })),
      }));
      const galleryCounts = await this.galleryCounts(tx, classId, imageId);
      const decisions = assignPhotoFaces(
        faces,
        {
          k: this.k,
          similarityThreshold: this.similarityThreshold,
          minMargin: this.minMargin,
          useVoting: this.useVoting,
        },
        { rejections, galleryCounts },
      );
      for (const decision of decisions) {
        const result = toResult(decision, dismissedIds);
        decided.set(decision.faceId, result);
        if (!autoCommit || (only && !only.has(result.cropId))) continue;
        const personId = result.studentId ?? result.dismissedId;
        if (!personId) continue;
        await tx.query(
          result.studentId
            ? `update face_crops set student_id = $1, assignment_status = 'auto', confidence = $2,
                 updated_at = now()
               where id = $3 and assignment_status = 'unassigned'`
            : // Dismissed automatically: 'rejected' with a confidence (a teacher's has none).
              `update face_crops set assignment_status = 'rejected', dismissed_id = $1,
                 confidence = $2, updated_at = now()
               where id = $3 and assignment_status = 'unassigned'`,
          [personId, result.confidence, result.cropId],
        );
        // Part of the gallery now: later photos of this run are compared with it.
        this.galleries.add(
          gallery,
          result.cropId,
          vectors.get(result.cropId) as StoredVector,
          personId,
          imageId,
        );
      }
    }
    return crops.map((c) => decided.get(c.id) as CropAssignmentResult);
  }

  /** The class's dismissed people (their ids take part in the decision like students'). */
  private async dismissedPeople(
    tx: Queryable,
    classId: ClassId | undefined,
  ): Promise<ReadonlySet<string>> {
    if (!classId) return new Set();
    const { rows } = await tx.query<{ id: string }>(
      'select id from dismissed_people where class_id = $1',
      [classId],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * The people a face must not get: the students the teacher rejected for it, and the students
   * or dismissed people already holding another face of the same photo.
   */
  private async excluded(
    tx: Queryable,
    imageId: string,
    crops: readonly CropRow[],
  ): Promise<Rejection[]> {
    const ids = crops.map((c) => c.id);
    const { rows: rejected } = await tx.query<{ crop_id: string; student_id: string }>(
      'select crop_id, student_id from crop_rejections where crop_id = any($1::uuid[])',
      [ids],
    );
    const { rows: taken } = await tx.query<{ student_id: string }>(
      `select distinct ${PERSON} as student_id from face_crops c
       where c.image_id = $1 and ${GALLERY_FACE}`,
      [imageId],
    );
    return [
      ...rejected.map((r) => ({ faceId: r.crop_id, studentId: r.student_id })),
      ...ids.flatMap((faceId) => taken.map((t) => ({ faceId, studentId: t.student_id }))),
    ];
  }

  /** Identified faces per person that a face of this photo can be compared with. */
  private async galleryCounts(
    tx: Queryable,
    classId: ClassId,
    imageId: string,
  ): Promise<Map<string, number>> {
    const { rows } = await tx.query<{ student_id: string; n: number }>(
      `select ${PERSON} as student_id, count(*)::int as n
       from face_crops c join embeddings e on e.crop_id = c.id and e.model_id = $1
         and e.model_version = $4
       where c.class_id = $2 and c.image_id <> $3 and ${GALLERY_FACE}
       group by ${PERSON}`,
      [this.embeddingModel, classId, imageId, this.modelVersion],
    );
    return new Map(rows.map((r) => [r.student_id, r.n]));
  }
}

/**
 * The reference the gallery in memory answers exactly like (test/integration/gallery-knn.test.ts,
 * scripts/bench/knn-index.ts): a face's nearest identified faces (students' and dismissed
 * people's) of the same class, model and model version (not of its own photo, not of an excluded
 * person), found by pgvector: the k nearest with at most VOTES_PER_STUDENT per person.
 */
export async function sqlNeighbours(
  tx: Queryable,
  crop: { id: CropId; class_id: ClassId; image_id: string },
  excluded: readonly string[],
  run: { embeddingModel: string; modelVersion: string; k: number },
): Promise<AssignmentNeighbour[]> {
  const { rows } = await tx.query<NeighbourRow>(
    `select crop_id, person_id, is_dismissed, 1 - distance as similarity from (
         select c.id as crop_id, ${PERSON} as person_id, c.student_id is null as is_dismissed,
                e.vector <=> q.vector as distance,
                row_number() over (
                  partition by ${PERSON} order by e.vector <=> q.vector, c.id) as nth
         from embeddings q
         join face_crops c on c.class_id = $3 and c.id <> q.crop_id and c.image_id <> $4
           and ${GALLERY_FACE}
           and not (${PERSON} = any($5::uuid[]))
         join embeddings e on e.crop_id = c.id and e.model_id = q.model_id
           and e.model_version = q.model_version
         where q.crop_id = $1 and q.model_id = $2 and q.model_version = $8
       ) ranked
       where nth <= $6
       order by distance, crop_id
       limit $7`,
    [
      crop.id,
      run.embeddingModel,
      crop.class_id,
      crop.image_id,
      excluded,
      VOTES_PER_STUDENT,
      run.k,
      run.modelVersion,
    ],
  );
  return rows.map((r) => ({
    cropId: r.crop_id,
    studentId: r.person_id as StudentId,
    similarity: Number(r.similarity),
  }));
}

function checkAutoCommit(options: AssignCropsOptions): boolean {
  const autoCommit = options.autoCommit ?? false;
  if (typeof autoCommit !== 'boolean') throw validationError('autoCommit must be true or false.');
  return autoCommit;
}

/** A decision of the domain rule, where a "student" may be a dismissed person. */
function toResult(decision: FaceAssignment, dismissed: ReadonlySet<string>): CropAssignmentResult {
  const isStudent = (id: string | null) => id !== null && !dismissed.has(id);
  const matchedDismissed = decision.studentId !== null && !isStudent(decision.studentId);
  return {
    cropId: decision.faceId as CropId,
    studentId: matchedDismissed ? null : (decision.studentId as StudentId | null),
    candidateId: isStudent(decision.candidateId) ? (decision.candidateId as StudentId) : null,
    dismissedId: matchedDismissed ? (decision.studentId as DismissedId) : null,
    confidence: decision.confidence,
    reason: matchedDismissed ? 'dismissed' : decision.reason,
    neighbours: decision.neighbours
      .filter((n) => isStudent(n.studentId))
      .map((n) => ({
        cropId: n.cropId as CropId,
        studentId: n.studentId as StudentId,
        similarity: n.similarity,
      })),
  };
}

function unassigned(cropId: CropId, reason: CropAssignmentResult['reason']): CropAssignmentResult {
  return {
    cropId,
    studentId: null,
    candidateId: null,
    dismissedId: null,
    confidence: 0,
    reason,
    neighbours: [],
  };
}

/** A face that is not unassigned: reported as it is, never changed. */
function settled(crop: CropRow): CropAssignmentResult {
  if (crop.assignment_status === 'rejected') return unassigned(crop.id, 'not-a-student');
  return {
    cropId: crop.id,
    studentId: crop.student_id,
    candidateId: crop.student_id,
    dismissedId: null,
    confidence: crop.confidence ?? 1,
    reason: 'already-identified',
    neighbours: [],
  };
}
