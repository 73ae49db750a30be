import { queryOptions } from '@tanstack/react-query';
import type { ReviewScope } from '../../../contracts/review';
import { callCore } from '../../query/call-core';
import { prefetchFaceThumbnails } from '../photos/face-thumbnails';
import { REVIEW_TABLES, reviewKeys, scopeKey } from './queries';

/** Faces shown on a question's card (the rest are counted). */
export const FACES_PER_CARD = 3;

export const whosWhoKeys = {
  questions: (scope: ReviewScope) => [...reviewKeys.all, 'whos-who', scopeKey(scope)] as const,
};

export const whosWhoQueries = {
  /**
   * The questions to answer with their suggestions. Their cards' close-ups are fetched in the
   * same go, in one batch, before the list is shown: a card never appears with blank faces.
   */
  questions: (scope: ReviewScope) =>
    queryOptions({
      queryKey: whosWhoKeys.questions(scope),
      queryFn: async ({ client }) => {
        const groups = await callCore((core) => core.listWhosWho(scope));
        await prefetchFaceThumbnails(
          client,
          groups.flatMap((g) => g.faces.slice(0, FACES_PER_CARD).map((f) => f.cropId)),
        );
        return groups;
      },
      meta: {
        tables: REVIEW_TABLES,
        deferWhileProcessing: true,
      },
    }),
};
