// The history calls of the core API: the teacher's changes with undo, and the audit log.
import type { AuditApi, HistoryApi } from '../../contracts/history';
import type { CoreContext } from '../core-context';
import { listAudit } from './audit';
import { listChanges, undoLastChange } from './undo-history';

export function createHistoryApi(context: CoreContext): HistoryApi & AuditApi {
  const { db } = context;
  return {
    listChanges: (place) => listChanges(db, place),
    undoLastChange: (place, request) => undoLastChange(db, place, request),
    listAudit: (options) => listAudit(db, options),
  };
}
