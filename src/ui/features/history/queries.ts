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
  /**
   * The class's recent changes and undos. Every change is audited (audit_log), and also writes
   * the faces, students or attendance it changes: reading those too, the history follows a
   * change even when its audit_log notice comes late or not at all (seen in Chromium: the
   * sheet followed an override while the history did not).
   */
  changes: (place: UndoPlace) =>
    queryOptions({
      queryKey: historyKeys.changes(place),
      queryFn: () => callCore((core) => core.listChanges(place)),
      meta: {
        tables: ['audit_log', 'sessions', 'attendance', 'face_crops', 'students'],
        deferWhileProcessing: true,
      },
    }),
};

export const historyMutations = {
  undo: (place: UndoPlace, request: UndoRequest) =>
    callCore<UndoOutcome>((core) => core.undoLastChange(place, request)),
};
