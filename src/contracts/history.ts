// The teacher's changes to who is who and to attendance, as a history that says what each step
// did and which lessons it touched, and undo that never reaches silently into another lesson.
// The words and the lessons of an entry are worked out in one place: src/domain/history.
import type { ClassId, SessionId } from './ids';
import type { AuditEntry } from './entities';

/**
 * Where the teacher is when they look at the history or press Undo. On a lesson's page Undo
 * changes that lesson only, unless the teacher agrees to more; a class-wide page sees them all.
 */
export type UndoPlace = { sessionId: SessionId } | { classId: ClassId };

export interface LessonRef {
  sessionId: SessionId;
  startsAt: string;
  title: string;
}

export interface ChangeEntry {
  /** Stable and increasing: a newer entry has a larger id. */
  id: number;
  /** 'change': a change the teacher made; 'undo': the undoing of an earlier change. */
  kind: 'change' | 'undo';
  /** In the teacher's words: "Named 3 faces Howard", "Undid: Marked Penny present". */
  description: string;
  /** The lessons the step touched, oldest first; none when it changed only the class list. */
  lessons: LessonRef[];
  createdAt: string;
  /** For a change: whether it has been undone since. */
  undone: boolean;
  /** For a change: whether it is the one Undo reverts next (the class's latest not undone). */
  undoNext: boolean;
}

export interface ChangeHistory {
  classId: ClassId;
  /** Newest first, at most the last 20 steps. */
  entries: ChangeEntry[];
}

export type UndoOutcome =
  /** The change was undone. */
  | { outcome: 'undone'; entry: ChangeEntry }
  /**
   * Nothing was changed: undoing the next change from this place would also change the listed
   * lessons. Ask the teacher, then call again with `otherLessonsAgreed`.
   */
  | { outcome: 'confirm'; entry: ChangeEntry; otherLessons: LessonRef[] }
  | { outcome: 'nothing-to-undo' };

export interface UndoRequest {
  /**
   * The change the teacher means (the one on the notice or in the history). When it is not the
   * next to undo any more (a later change was made), nothing is changed and a 'conflict' error
   * names the later change.
   */
  entryId?: number;
  /** The teacher agreed that this undo also changes other lessons. */
  otherLessonsAgreed?: boolean;
}

export interface HistoryApi {
  /** The class's recent changes and undos (the class of the lesson, for a lesson). */
  listChanges(place: UndoPlace): Promise<ChangeHistory>;
  /** Undoes the class's latest change not undone yet, exactly, if it may be from this place. */
  undoLastChange(place: UndoPlace, request?: UndoRequest): Promise<UndoOutcome>;
}

export interface AuditApi {
  listAudit(options: { classId?: ClassId; limit?: number }): Promise<AuditEntry[]>;
}
