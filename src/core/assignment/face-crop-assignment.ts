// The seed's FaceCropAssignmentService: assigns a class's unassigned faces to its known students
// from their nearest identified faces (kNN), with the open-set, margin and one-student-per-photo
// rules of src/domain/assignment/assign.ts. The teacher's decisions always win:
// - only unassigned faces are assigned; auto, confirmed and "not a student" faces never change;
// - a rejected (face, student) pairing is never proposed;
// - a student already holding a face of the photo is not proposed for another face of it;
// - the faces of one photo are decided jointly (each student at most once per photo).
// Neighbours come from pgvector: cosine distance (`<=>`, similarity = 1 - distance) over the
// identified faces (auto or confirmed) of the same class and model, never of the same photo.
// The search is exact (a sequential scan), measured against an HNSW index by
// scripts/bench/knn-index.ts (synthetic 512-d class of 30 students, PGlite + pgvector 0.8, Node,
// 2 shared cores; two runs, the second on a busier machine):
//   faces  exact ms/query  HNSW build s  HNSW ms/query  recall@10  this service ms/face
//   1k     10.8-32         1.0-2.3       4-12           0.99       23-73
//   5k     48-120          6-16          4-11           0.93-0.94  109-246
//   20k    210-290         29-33         9-10           0.81-0.84  400-610
// A class over a term (~30 students x ~40 sessions) holds 1-2k identified faces: exact search
// costs tens of milliseconds per face, a 30-face photo well under 2 s. The index is only
// clearly faster at 20k, where it is approximate (the nearest student differs for 16% of
// queries), takes ~30 s and ~50 MB to build in the browser's memory, and cannot serve the
// per-student-capped query below as it is. So there is no index: results stay exact.
// With autoCommit false nothing is written: the results are proposals the UI can show.
import type {
  AssignCropsOptions,
  AssignCropsResult,
  AssignmentNeighbour,
  CropAssignmentResult,
  FaceCropAssignmentOptions,
} from '../../contracts/assignment';
import { notFoundError, validationError } from '../../contracts/errors';
import type { ClassId, CropId, SessionId, StudentId } from '../../contracts/ids';
import type { Database, Queryable } from '../../db/open';
import {
  assignPhotoFaces,
  VOTES_PER_STUDENT,
  type FaceAssignment,
  type FaceNeighbours,
  type Rejection,
} from '../../domain/assignment/assign';
import type { EmbeddingModelId } from '../../ml/registry';
import { resolvePreset } from '../settings/resolve-parameters';
import { withDbErrors } from '../services/db-errors';
import { assertClassExists, assertSessionExists } from '../services/not-found';

const cropNotFound = () =>
  notFoundError('This face no longer exists. It may have been deleted.', { entity: 'face' });

interface CropRow {
  id: CropId;
  image_id: string;
  class_id: ClassId;
  student_id: StudentId | null;
  assignment_status: string;
  confidence: number | null;
  has_embedding: boolean;
}

interface NeighbourRow {
  crop_id: CropId;
  student_id: StudentId;
  similarity: number;
}

const CROP_COLUMNS = `c.id, c.image_id, c.class_id, c.student_id, c.assignment_status, c.confidence,
  exists (select 1 from embeddings e where e.crop_id = c.id and e.model_id = $1) as has_embedding`;

export class FaceCropAssignmentService {
  readonly embeddingModel: EmbeddingModelId;
  readonly k: number;
  readonly similarityThreshold: number;
  readonly minMargin: number;
  readonly useVoting: boolean;

  constructor(
    private readonly db: Database,
    options: FaceCropAssignmentOptions = {},
  ) {
    const { embeddingModel, assignment } = resolvePreset(options);
    this.embeddingModel = embeddingModel;
    this.k = options.k ?? assignment.k;
    this.similarityThreshold = options.similarityThreshold ?? assignment.similarityThreshold;
    this.minMargin = options.minMargin ?? assignment.minMargin;
    this.useVoting = options.useVoting ?? assignment.useVoting;
    if (!Number.isInteger(this.k) || this.k < 1 || this.k > 100) {
      throw validationError('k must be a whole number between 1 and 100.');
    }
    if (!(this.similarityThreshold > -1 && this.similarityThreshold < 1)) {
      throw validationError('similarityThreshold must be between -1 and 1.');
    }
    if (!(this.minMargin >= 0 && this.minMargin < 1)) {
      throw validationError('minMargin must be at least 0 and below 1.');
    }
    if (typeof this.useVoting !== 'boolean') {
      throw validationError('useVoting must be true or false.');
    }
  }

  /** One face, decided jointly with the other unassigned faces of its photo. */
  async assignCrop(
    cropId: CropId,
    options: AssignCropsOptions = {},
  ): Promise<CropAssignmentResult> {
    const autoCommit = checkAutoCommit(options);
    return this.db.transaction(async (tx) => {
      const { rows } = await withDbErrors({ notFound: cropNotFound }, () =>
        tx.query<CropRow>(`select ${CROP_COLUMNS} from face_crops c where c.id = $2`, [
          this.embeddingModel,
          cropId,
        ]),
      );
      const crop = rows[0];
      if (!crop) throw cropNotFound();
      if (crop.assignment_status !== 'unassigned') return settled(crop);
      const { rows: photo } = await tx.query<CropRow>(
        `select ${CROP_COLUMNS} from face_crops c
         where c.image_id = $2 and c.assignment_status = 'unassigned' order by c.id`,
        [this.embeddingModel, crop.image_id],
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
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<CropRow>(
        `select ${CROP_COLUMNS} from face_crops c
         join session_images i on i.id = c.image_id
         where ${scope} and c.assignment_status = 'unassigned'
         order by i.created_at, c.image_id, c.id`,
        [this.embeddingModel, scopeId],
      );
      const results = await this.decide(tx, rows, autoCommit);
      return {
        modelName: this.embeddingModel,
        results,
        assigned: results.filter((r) => r.reason === 'assigned').length,
        committed: autoCommit,
      };
    });
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
    for (const [imageId, photoCrops] of byImage) {
      const withEmbedding = photoCrops.filter((c) => c.has_embedding);
      for (const c of photoCrops) {
        if (!c.has_embedding) decided.set(c.id, unassigned(c.id, 'no-embedding'));
      }
      if (withEmbedding.length === 0) continue;
      const classId = withEmbedding[0]!.class_id;
      const rejections = await this.excluded(tx, imageId, withEmbedding);
      const faces: FaceNeighbours[] = [];
      for (const crop of withEmbedding) {
        const excluded = rejections.filter((r) => r.faceId === crop.id).map((r) => r.studentId);
        faces.push({ faceId: crop.id, neighbours: await this.neighbours(tx, crop, excluded) });
      }
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
        const result = toResult(decision);
        decided.set(decision.faceId, result);
        if (autoCommit && result.studentId && (!only || only.has(result.cropId))) {
          await tx.query(
            `update face_crops set student_id = $1, assignment_status = 'auto', confidence = $2,
               updated_at = now()
             where id = $3 and assignment_status = 'unassigned'`,
            [result.studentId, result.confidence, result.cropId],
          );
        }
      }
    }
    return crops.map((c) => decided.get(c.id) as CropAssignmentResult);
  }

  /**
   * The students a face must not get: those the teacher rejected for it, and those already
   * holding another (identified) face of the same photo.
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
      `select distinct student_id from face_crops
       where image_id = $1 and student_id is not null
         and assignment_status in ('auto', 'confirmed')`,
      [imageId],
    );
    return [
      ...rejected.map((r) => ({ faceId: r.crop_id, studentId: r.student_id })),
      ...ids.flatMap((faceId) => taken.map((t) => ({ faceId, studentId: t.student_id }))),
    ];
  }

  /**
   * The face's nearest identified faces of the same class and model (not of its own photo, not
   * of an excluded student): the k nearest with at most VOTES_PER_STUDENT per student, exactly
   * what the decision uses.
   */
  private async neighbours(
    tx: Queryable,
    crop: CropRow,
    excluded: readonly string[],
  ): Promise<AssignmentNeighbour[]> {
    const { rows } = await tx.query<NeighbourRow>(
      `select crop_id, student_id, 1 - distance as similarity from (
         select c.id as crop_id, c.student_id, e.vector <=> q.vector as distance,
                row_number() over (
                  partition by c.student_id order by e.vector <=> q.vector, c.id) as nth
         from embeddings q
         join face_crops c on c.class_id = $3 and c.id <> q.crop_id and c.image_id <> $4
           and c.assignment_status in ('auto', 'confirmed')
           and not (c.student_id = any($5::uuid[]))
         join embeddings e on e.crop_id = c.id and e.model_id = q.model_id
         where q.crop_id = $1 and q.model_id = $2
       ) ranked
       where nth <= $6
       order by distance, crop_id
       limit $7`,
      [
        crop.id,
        this.embeddingModel,
        crop.class_id,
        crop.image_id,
        excluded,
        VOTES_PER_STUDENT,
        this.k,
      ],
    );
    return rows.map((r) => ({
      cropId: r.crop_id,
      studentId: r.student_id,
      similarity: Number(r.similarity),
    }));
  }

  /** Identified faces per student that a face of this photo can be compared with. */
  private async galleryCounts(
    tx: Queryable,
    classId: ClassId,
    imageId: string,
  ): Promise<Map<string, number>> {
    const { rows } = await tx.query<{ student_id: string; n: number }>(
      `select c.student_id, count(*)::int as n
       from face_crops c join embeddings e on e.crop_id = c.id and e.model_id = $1
       where c.class_id = $2 and c.image_id <> $3 and c.assignment_status in ('auto', 'confirmed')
       group by c.student_id`,
      [this.embeddingModel, classId, imageId],
    );
    return new Map(rows.map((r) => [r.student_id, r.n]));
  }
}

function checkAutoCommit(options: AssignCropsOptions): boolean {
  const autoCommit = options.autoCommit ?? false;
  if (typeof autoCommit !== 'boolean') throw validationError('autoCommit must be true or false.');
  return autoCommit;
}

function toResult(decision: FaceAssignment): CropAssignmentResult {
  return {
    cropId: decision.faceId as CropId,
    studentId: decision.studentId as StudentId | null,
    candidateId: decision.candidateId as StudentId | null,
    confidence: decision.confidence,
    reason: decision.reason,
    neighbours: decision.neighbours.map((n) => ({
      cropId: n.cropId as CropId,
      studentId: n.studentId as StudentId,
      similarity: n.similarity,
    })),
  };
}

function unassigned(cropId: CropId, reason: CropAssignmentResult['reason']): CropAssignmentResult {
  return { cropId, studentId: null, candidateId: null, confidence: 0, reason, neighbours: [] };
}

/** A face that is not unassigned: reported as it is, never changed. */
function settled(crop: CropRow): CropAssignmentResult {
  if (crop.assignment_status === 'rejected') return unassigned(crop.id, 'not-a-student');
  return {
    cropId: crop.id,
    studentId: crop.student_id,
    candidateId: crop.student_id,
    confidence: crop.confidence ?? 1,
    reason: 'already-identified',
    neighbours: [],
  };
}
