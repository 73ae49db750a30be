// The core's door to the one parameter resolution (src/domain/recognition/parameters.ts): the
// same resolved value, with a broken rule as a 'validation' AppError. The class's own model and
// preset are filled in before this by settings-api.ts, so a bare service call means "balanced".
import {
  resolveAssignment,
  resolveClustering,
  type AssignmentChoice,
  type AssignmentRun,
  type ClusteringChoice,
  type ClusteringRun,
} from '../../domain/recognition/parameters';
import { fromDomain } from '../shared/domain-errors';

export const clusteringParameters = (choice: ClusteringChoice = {}): ClusteringRun =>
  fromDomain(() => resolveClustering(choice));

export const assignmentParameters = (choice: AssignmentChoice = {}): AssignmentRun =>
  fromDomain(() => resolveAssignment(choice));
