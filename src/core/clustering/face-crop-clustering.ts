// The card's FaceCropClusteringService: clusters a session's or a class's stored faces into
// question groups for the teacher. Clustering never creates a student (issue 12: students are
// the class list); a cluster with no known student is stored as a face_groups row, "person A,
// 3 faces in 2 photos", which the teacher answers with a roster name, a new name or "not in this
// class". Groups are re-formed on every run over the faces still unknown. The teacher's
// decisions are constraints that survive every re-clustering (src/domain/clustering):
// - faces of one photo are never one student (cannot-link);
// - only unknown faces are clustered (unassigned, not "low quality, not counted"); faces the
//   teacher confirmed or dismissed are never moved; with includeIdentified, identified faces
//   anchor their clusters to their students, so new faces can join existing students;
// - a rejected (face, student) pairing is never made again;
// - existing students are never renamed or merged;
// - poor faces (tiny, blurred, turned away, low detection score) never start a cluster;
// - only embeddings of the model's current version are compared (an older version's are
//   recomputed first, see class-embeddings.ts), never mixed.
// Automatic results are not audited (the audit log records manual changes); they are
// assignment_status 'auto' with a confidence, which the teacher can review.
import { validationError } from '../../contracts/errors';
import type {
  ClusterCropsOptions,
  ClusterCropsResult,
  ClusterSummary,
  FaceCropClusteringOptions,
} from '../../contracts/clustering';
import type { ClassId, CropId, GroupId, SessionId, StudentId } from '../../contracts/ids';
import type { Database, Queryable } from '../../db/open';
import { clusterConfidence, ClusteringService } from '../../domain/clustering/clustering';
import { canStartCluster, type FaceQuality } from '../../domain/face/quality';
import type { EmbeddingModelId } from '../../domain/recognition/models';
import type { ClusteringRun } from '../../domain/recognition/parameters';
import { clusteringParameters } from '../settings/resolve-parameters';
import { assertClassExists, assertSessionExists } from '../shared/not-found';
import { parseVectorText } from '../../db/vector-text';

interface CropRow {
  id: CropId;
  image_id: string;
  student_id: StudentId | null;
  assignment_status: string;
  quality: FaceQuality;
  vector: string;
}

/** pgvector's text form "[0.1,0.2,...]" as numbers. */

export class FaceCropClusteringService {
  /** The run's parameters, resolved and checked once (src/domain/recognition/parameters.ts). */
  readonly parameters: ClusteringRun;
  readonly embeddingModel: EmbeddingModelId;
  readonly maxClusters: number;
  readonly similarityThreshold: number;

  constructor(
    private readonly db: Database,
    options: FaceCropClusteringOptions | ClusteringRun = {},
  ) {
    this.parameters = clusteringParameters(options);
    ({
      embeddingModel: this.embeddingModel,
      maxClusters: this.maxClusters,
      similarityThreshold: this.similarityThreshold,
    } = this.parameters);
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
      formGroups = true,
      assignCrops = true,
      includeIdentified = false,
    }: ClusterCropsOptions & { includeIdentified?: boolean },
  ): Promise<ClusterCropsResult> {
    if (typeof formGroups !== 'boolean' || typeof assignCrops !== 'boolean') {
      throw validationError('formGroups and assignCrops must be true or false.');
    }
    return this.db.transaction(async (tx) => {
      const statuses = includeIdentified ? ['unassigned', 'auto', 'confirmed'] : ['unassigned'];
      // Ordered by content (photo hash, face position), never by the random ids, so the same
      // photos always give the same clusters (ties in clustering are broken by input order).
      const { rows } = await tx.query<CropRow>(
        `select c.id, c.image_id, c.student_id, c.assignment_status, c.quality, e.vector::text as vector
         from face_crops c
         join session_images i on i.id = c.image_id
         join embeddings e on e.crop_id = c.id and e.model_id = $1 and e.model_version = $4
         where ${scope} and c.assignment_status = any($3::text[])
           and not (c.assignment_status = 'unassigned' and c.low_quality)
         order by i.created_at, i.content_hash, c.box_y, c.box_x`,
        [this.embeddingModel, scopeId, statuses, this.parameters.modelVersion],
      );
      const crops = rows;
      const { cannotLink, anchors, rejected } = await this.constraints(tx, crops);
      const service = new ClusteringService(this.parameters);
      const result = service.clusterEmbeddings(
        crops.map((c) => parseVectorText(c.vector)),
        { cannotLink, anchors, rejected, canStart: crops.map((c) => canStartCluster(c.quality)) },
      );

      const clusters: ClusterSummary[] = result.clusterSizes.map((size, label) => ({
        size,
        studentId: (result.clusterAnchors[label] as StudentId | null) ?? null,
        groupId: null,
        cohesion: result.clusterCohesion[label] ?? 1,
        confidence: clusterConfidence(
          result.clusterCohesion[label] ?? 1,
          size,
          this.similarityThreshold,
        ),
        withinCap: result.withinCap[label] ?? false,
        cropIds: crops.filter((_, i) => result.labels[i] === label).map((c) => c.id),
      }));
      const isUnknown = (id: CropId) =>
        crops.find((c) => c.id === id)?.assignment_status === 'unassigned';
      let groupsFormed = 0;
      if (formGroups) {
        await this.dropGroups(tx, scope, scopeId);
        const classId = crops.length > 0 ? await classOfImage(tx, crops[0]!.image_id) : null;
        const newGroup = async (faces: CropId[], cohesion: number, confidence: number) => {
          const { rows: created } = await tx.query<{ id: GroupId }>(
            `insert into face_groups (class_id, cohesion, confidence) values ($1, $2, $3)
             returning id`,
            [classId, cohesion, confidence],
          );
          await tx.query(
            `update face_crops set group_id = $1 where id = any($2::uuid[])
             and assignment_status = 'unassigned'`,
            [created[0]!.id, faces],
          );
          groupsFormed++;
          return created[0]!.id;
        };
        for (const cluster of clusters) {
          const faces = cluster.cropIds.filter(isUnknown);
          if (cluster.studentId || faces.length === 0 || !classId) continue;
          cluster.groupId = await newGroup(faces, cluster.cohesion, cluster.confidence);
        }
        // A face too poor to start a group that joined none is still someone: a question of
        // its own (junk never gets here: low-quality faces are not clustered at all).
        for (const [i, crop] of crops.entries()) {
          if (result.labels[i] === -1 && classId && isUnknown(crop.id)) {
            await newGroup([crop.id], 1, 0.5);
          }
        }
      }
      let cropsAssigned = 0;
      if (assignCrops) {
        for (const cluster of clusters) {
          if (!cluster.studentId) continue;
          const free = cluster.cropIds.filter(isUnknown);
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
        groupsFormed,
        cropsAssigned,
        unclusteredCropIds: clusters
          .filter((c) => !c.studentId)
          .flatMap((c) => c.cropIds)
          .concat(crops.filter((_, i) => result.labels[i] === -1).map((c) => c.id)),
      };
    });
  }

  /**
   * Groups are re-formed, never patched: the scope's faces leave their groups, and groups left
   * with no face are deleted (a session's run leaves other sessions' groups alone).
   */
  private async dropGroups(tx: Queryable, scope: string, scopeId: string): Promise<void> {
    await tx.query(
      `update face_crops c set group_id = null
       from session_images i
       where i.id = c.image_id and c.group_id is not null and ${scope.replace('$2', '$1')}`,
      [scopeId],
    );
    await tx.query(
      `delete from face_groups g where not exists (select 1 from face_crops c where c.group_id = g.id)`,
    );
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
