import { queryOptions } from '@tanstack/react-query';
import type { UndoOutcome, UndoPlace, UndoRequest } from '../../../contracts/history';
import { callCore } from '../../query/call-core';

const placeKey = (place: UndoPlace) =>
  'sessionId' in place ? `session:${place.sessionId}` : `class:${place.classId}`;

export const historyKeys = {
  all: ['history'] as const,
  changes: (place: UndoPlace) => [...historyKeys.all, placeKey(place)] as const,
};

export const historyQueries = {
  /** The class's recent changes and undos: every change is audited, so audit_log says when. */
  changes: (place: UndoPlace) =>
    queryOptions({
      queryKey: historyKeys.changes(place),
      queryFn: () => callCore((core) => core.listChanges(place)),
      meta: { tables: ['audit_log', 'sessions'] },
    }),
};

export const historyMutations = {
  undo: (place: UndoPlace, request: UndoRequest) =>
    callCore<UndoOutcome>((core) => core.undoLastChange(place, request)),
};
