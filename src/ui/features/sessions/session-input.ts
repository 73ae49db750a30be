import type { SessionInput } from '../../../contracts/sessions';
import { validationError } from '../../../contracts/errors';
import { fromLocalDateTimeInput } from '../../format';
import type { SessionDraft } from './SessionFields';

/** The form's values as the core expects them; a plain-words error when the date is missing. */
export function toSessionInput(draft: SessionDraft): SessionInput {
  const startsAt = fromLocalDateTimeInput(draft.startsAt);
  if (startsAt === null) {
    throw validationError('Choose the date and time of the session.', { field: 'startsAt' });
  }
  return { startsAt, title: draft.title.trim() };
}
