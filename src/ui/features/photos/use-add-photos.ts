import { useMutation, useMutationState, type MutationState } from '@tanstack/react-query';
import type { AddPhotosResult } from '../../../contracts/photos';
import type { SessionId } from '../../../contracts/ids';
import { photoMutations } from './queries';

interface AddPhotosVariables {
  sessionId: SessionId;
  files: File[];
}
type AddPhotosState = MutationState<AddPhotosResult, Error, AddPhotosVariables>;

// One key for every adding of photos, so a lesson's page sees an adding started elsewhere (the
// class page's "Take attendance" creates the lesson, starts adding and opens the lesson).
const ADD_PHOTOS_KEY = ['add-photos'] as const;

/** Adds photos to a lesson; `mutate({ sessionId, files })`. */
export function useAddPhotos() {
  return useMutation<AddPhotosResult, Error, AddPhotosVariables>({
    mutationKey: ADD_PHOTOS_KEY,
    mutationFn: ({ sessionId, files }) => photoMutations.add(sessionId, files),
  });
}

/** The latest adding of photos to this lesson, wherever it was started; undefined if none. */
export function useLatestAddPhotos(sessionId: SessionId): AddPhotosState | undefined {
  const states = useMutationState({
    filters: {
      mutationKey: ADD_PHOTOS_KEY,
      predicate: (mutation) =>
        (mutation.state.variables as AddPhotosVariables | undefined)?.sessionId === sessionId,
    },
    select: (mutation) => mutation.state as AddPhotosState,
  });
  return states.at(-1);
}
