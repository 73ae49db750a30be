// What a cosine similarity means for a model, against its calibrated thresholds
// (src/domain/recognition/models.ts). Below `verification` (the best same/different split measured on LFW) two
// faces are called different people; at or above both the clustering and assignment thresholds
// Rollcall would put them together; in between it is a close call.
import type { ModelSimilarity, SimilarityVerdict } from '../../contracts/diagnostics';
import { RECOGNITION_MODELS, type EmbeddingModelId } from '../../domain/recognition/models';

export function similarityVerdict(model: EmbeddingModelId, similarity: number): ModelSimilarity {
  const { verification, clustering, assignment } = RECOGNITION_MODELS[model].thresholds;
  const together = Math.max(clustering, assignment);
  const shown = similarity.toFixed(3);
  let verdict: SimilarityVerdict;
  let explanation: string;
  if (similarity >= together) {
    verdict = 'same-person';
    explanation = `${shown} is at or above ${together} for ${model}: Rollcall treats these as the same person.`;
  } else if (similarity < verification) {
    verdict = 'different-people';
    explanation = `${shown} is below ${verification} for ${model}: Rollcall treats these as different people.`;
  } else {
    verdict = 'uncertain';
    explanation = `${shown} is between ${verification} and ${together} for ${model}: too close to call, Rollcall will not put them together on its own.`;
  }
  return {
    modelName: model,
    similarity,
    thresholds: { verification, clustering, assignment },
    verdict,
    explanation,
  };
}
