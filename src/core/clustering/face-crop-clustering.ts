// The seed's FaceCropClusteringService: clusters a session's or a class's stored faces and turns
// the clusters into students. The teacher's decisions are constraints that survive every
// re-clustering (see src/domain/clustering/clustering.ts):
// - faces of one photo are never one student (cannot-link);
// - only unassigned faces are clustered; faces the teacher confirmed, or marked "not a
//   student", are never moved; with includeIdentified, identified faces anchor their clusters
//   to their students, so new faces can join existing students;
// - a rejected (face, student) pairing is never made again;
// - existing students are never renamed or merged: a cluster becomes a NEW student only when
//   it holds no identified face;
// - low-quality faces (tiny, blurred, turned away, low detection score) never start a cluster.
// Automatic results are not audited (the audit log records manual changes); they are
// assignment_status 'auto' with a confidence, which the teacher can review.
import { validationError } from '../../contracts/errors';
import type {
  ClusterCropsOptions,
  ClusterCropsResult,
  ClusterSummary,
  FaceCropClusteringOptions,
} from '../../contracts/clustering';
import type { ClassId, CropId, SessionId, StudentId } from '../../contracts/ids';
import type { Database, Queryable } from '../../db/open';
import { clusterConfidence, ClusteringService } from '../../domain/clustering/clustering';
import { isSeedQuality, type FaceQuality } from '../../domain/face/quality';
import type { EmbeddingModelId } from '../../ml/registry';
import { resolvePreset } from '../settings/resolve-parameters';
import { assertClassExists, assertSessionExists } from '../services/not-found';
import { existingNames, UnnamedStudentNames } from '../services/unnamed-students';

interface CropRow {
  id: CropId;
  image_id: string;
  student_id: StudentId | null;
  assignment_status: string;
  quality: FaceQuality;
  vector: string;
}

/** pgvector's text form "[0.1,0.2,...]" as numbers. */
function parseVector(text: string): Float32Array {
  return Float32Array.from(text.slice(1, -1).split(','), Number);
}

export class FaceCropClusteringService {
  readonly embeddingModel: EmbeddingModelId;
  readonly maxClusters: number;
  readonly similarityThreshold: number;

  constructor(
    private readonly db: Database,
    options: FaceCropClusteringOptions = {},
  ) {
    const { embeddingModel, clustering } = resolvePreset(options);
    this.embeddingModel = embeddingModel;
    this.maxClusters = options.maxClusters ?? clustering.maxClusters;
    this.similarityThreshold = options.similarityThreshold ?? clustering.similarityThreshold;
    if (!Number.isInteger(this.maxClusters) || this.maxClusters < 1) {
      throw validationError(
        'The most new students (maxClusters) must be a whole number of at least 1.',
        { field: 'maxClusters' },
      );
    }
    if (!(this.similarityThreshold > -1 && this.similarityThreshold < 1)) {
      throw validationError(
        'The similarity needed (similarityThreshold) must be a number between -1 and 1.',
        { field: 'similarityThreshold' },
      );
    }
  }

  async clusterSessionCrops(
    sessionId: SessionId,
    options: ClusterCropsOptions = {},
  ): Promise<ClusterCropsResult> {
    await assertSessionExists(this.db, sessionId);
    return this.cluster('i.session_id = $2', sessionId, { ...options, includeIdentified: false });
  }

  async clusterClassCrops(
    classId: ClassId,
    options: ClusterCropsOptions & { includeIdentified?: boolean } = {},
  ): Promise<ClusterCropsResult> {
    await assertClassExists(this.db, classId);
    return this.cluster('c.class_id = $2', classId, options);
  }

  private async cluster(
    scope: string,
    scopeId: string,
    {
      createStudents = true,
      assignCrops = true,
      includeIdentified = false,
    }: ClusterCropsOptions & { includeIdentified?: boolean },
  ): Promise<ClusterCropsResult> {
    return this.db.transaction(async (tx) => {
      const statuses = includeIdentified ? ['unassigned', 'auto', 'confirmed'] : ['unassigned'];
      // Ordered by content (photo hash, face position), never by the random ids, so the same
      // photos always give the same clusters (ties in clustering are broken by input order).
      const { rows } = await tx.query<CropRow>(
        `select c.id, c.image_id, c.student_id, c.assignment_status, c.quality, e.vector::text as vector
         from face_crops c
         join session_images i on i.id = c.image_id
         join embeddings e on e.crop_id = c.id and e.model_id = $1
         where ${scope} and c.assignment_status = any($3::text[])
         order by i.created_at, i.content_hash, c.box_y, c.box_x`,
        [this.embeddingModel, scopeId, statuses],
      );
      const crops = rows;
      const { cannotLink, anchors, rejected } = await this.constraints(tx, crops);
      const service = new ClusteringService({
        maxClusters: this.maxClusters,
        similarityThreshold: this.similarityThreshold,
      });
      const result = service.clusterEmbeddings(
        crops.map((c) => parseVector(c.vector)),
        { cannotLink, anchors, rejected, canSeed: crops.map((c) => isSeedQuality(c.quality)) },
      );

      const classId = crops.length > 0 ? await classOfImage(tx, crops[0]!.image_id) : null;
      const clusters: ClusterSummary[] = result.clusterSizes.map((size, label) => ({
        size,
        studentId: (result.clusterAnchors[label] as StudentId | null) ?? null,
        isNewStudent: false,
        cohesion: result.clusterCohesion[label] ?? 1,
        confidence: clusterConfidence(
          result.clusterCohesion[label] ?? 1,
          size,
          this.similarityThreshold,
        ),
        withinCap: result.withinCap[label] ?? false,
        cropIds: crops.filter((_, i) => result.labels[i] === label).map((c) => c.id),
      }));
      const studentsCreated: { id: StudentId; name: string }[] = [];
      if (createStudents && classId) {
        const names = new UnnamedStudentNames(await existingNames(tx, classId));
        for (const cluster of clusters) {
          // Surplus clusters beyond maxClusters stay groups of unassigned faces for review.
          if (cluster.studentId || !cluster.withinCap) continue;
          const name = names.next();
          const { rows: created } = await tx.query<{ id: StudentId }>(
            'insert into students (class_id, name, is_auto_created) values ($1, $2, true) returning id',
            [classId, name],
          );
          cluster.studentId = created[0]!.id;
          cluster.isNewStudent = true;
          studentsCreated.push({ id: cluster.studentId, name });
        }
      }
      let cropsAssigned = 0;
      if (assignCrops) {
        for (const cluster of clusters) {
          if (!cluster.studentId) continue;
          const free = cluster.cropIds.filter(
            (id) => crops.find((c) => c.id === id)?.assignment_status === 'unassigned',
          );
          if (free.length === 0) continue;
          await tx.query(
            `update face_crops set student_id = $1, assignment_status = 'auto', confidence = $2, updated_at = now()
             where id = any($3::uuid[]) and assignment_status = 'unassigned'`,
            [cluster.studentId, cluster.confidence, free],
          );
          cropsAssigned += free.length;
        }
      }
      return {
        modelName: this.embeddingModel,
        numClusters: result.numClusters,
        clusterSizes: result.clusterSizes,
        clusters,
        studentsCreated,
        cropsAssigned,
        unclusteredCropIds: clusters
          .filter((c) => !c.studentId)
          .flatMap((c) => c.cropIds)
          .concat(crops.filter((_, i) => result.labels[i] === -1).map((c) => c.id)),
      };
    });
  }

  private async constraints(tx: Queryable, crops: readonly CropRow[]) {
    const byImage = new Map<string, number[]>();
    const anchors = new Map<number, string>();
    crops.forEach((crop, i) => {
      byImage.set(crop.image_id, [...(byImage.get(crop.image_id) ?? []), i]);
      if (crop.student_id && crop.assignment_status !== 'unassigned')
        anchors.set(i, crop.student_id);
    });
    const index = new Map(crops.map((c, i) => [c.id as string, i]));
    const { rows } = await tx.query<{ crop_id: string; student_id: string }>(
      'select crop_id, student_id from crop_rejections where crop_id = any($1::uuid[])',
      [crops.map((c) => c.id)],
    );
    const rejected = rows.map((r) => ({
      index: index.get(r.crop_id) as number,
      key: r.student_id,
    }));
    return { cannotLink: [...byImage.values()].filter((g) => g.length > 1), anchors, rejected };
  }
}

async function classOfImage(tx: Queryable, imageId: string): Promise<ClassId | null> {
  const { rows } = await tx.query<{ class_id: ClassId }>(
    'select class_id from session_images where id = $1',
    [imageId],
  );
  return rows[0]?.class_id ?? null;
}
