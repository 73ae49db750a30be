// Face close-ups, shared by every screen that shows faces (photo cards, Who’s who, faces by
// student). A face's thumbnail is written once, with the face, and never changes: so each one is
// asked of the core once per face id and kept, a list of faces asks only for the faces it has
// not seen yet, and no table change ever makes them stale. (A deleted face's id is never
// shown again; a photo processed again gets new face ids.)
import { keepPreviousData, queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { CropId } from '../../../contracts/ids';
import { callCore } from '../../query/call-core';

/** Thumbnails by face id; a face without a stored thumbnail is absent. */
export type FaceThumbnailMap = ReadonlyMap<CropId, Uint8Array>;

const thumbnailKey = (cropId: CropId) => ['face-thumbnail', cropId] as const;

/** Thumbnails being fetched, by face id: screens asking for the same new faces share one call. */
const inFlight = new WeakMap<QueryClient, Map<CropId, Promise<void>>>();

/** The faces asked for in this task, not yet sent: one call for them all, at the task's end. */
const gathering = new WeakMap<QueryClient, { ids: Set<CropId>; batch: Promise<void> }>();

/**
 * Asks the core for these faces' thumbnails, once, and keeps them (null: it has none). Faces
 * asked for in the same task (every card a refresh drew, several photos' worth) go in one call.
 */
function fetchMissing(client: QueryClient, cropIds: readonly CropId[]): Promise<void> {
  const pending = inFlight.get(client) ?? new Map<CropId, Promise<void>>();
  inFlight.set(client, pending);
  let gathered = gathering.get(client);
  if (!gathered) {
    const ids = new Set<CropId>();
    const batch = Promise.resolve()
      .then(() => {
        gathering.delete(client);
        return callCore((core) => core.getFaceThumbnails([...ids]));
      })
      .then((fetched) => {
        const byId = new Map(fetched.map((t) => [t.cropId, t.jpeg]));
        for (const id of ids) client.setQueryData(thumbnailKey(id), byId.get(id) ?? null);
      })
      .finally(() => {
        for (const id of ids) pending.delete(id);
      });
    gathered = { ids, batch };
    gathering.set(client, gathered);
  }
  for (const id of cropIds) {
    gathered.ids.add(id);
    pending.set(id, gathered.batch);
  }
  return gathered.batch;
}

/** Fetches the thumbnails of these faces that are neither cached nor on their way, then reads all. */
async function loadThumbnails(
  client: QueryClient,
  cropIds: readonly CropId[],
): Promise<FaceThumbnailMap> {
  // null: asked before, and the face has no thumbnail.
  const cached = (id: CropId) => client.getQueryData<Uint8Array | null>(thumbnailKey(id));
  const pending = inFlight.get(client);
  const uncached = cropIds.filter((id) => cached(id) === undefined);
  const waits = new Set(uncached.flatMap((id) => pending?.get(id) ?? []));
  const missing = uncached.filter((id) => !pending?.has(id));
  if (missing.length > 0) waits.add(fetchMissing(client, missing));
  await Promise.all(waits);
  const thumbnails = new Map<CropId, Uint8Array>();
  for (const id of cropIds) {
    const jpeg = cached(id);
    if (jpeg) thumbnails.set(id, jpeg);
  }
  return thumbnails;
}

/**
 * Fetches (in one batch) the thumbnails of these faces not cached yet, so a list can be shown
 * with its faces at once rather than blank first: e.g. inside the list's own query.
 */
export async function prefetchFaceThumbnails(
  client: QueryClient,
  cropIds: readonly CropId[],
): Promise<void> {
  if (cropIds.length > 0) await loadThumbnails(client, [...new Set(cropIds)]);
}

/**
 * The thumbnails of a list of faces. While a longer list loads (a new photo's faces joined it),
 * the previous thumbnails stay on screen; the bytes of each face keep their identity, so images
 * already shown are not decoded again.
 */
export function faceThumbnailsQuery(cropIds: readonly CropId[]) {
  const ids = [...new Set(cropIds)].sort();
  return queryOptions({
    queryKey: ['face-thumbnails', ids.join(',')] as const,
    queryFn: ({ client }) => loadThumbnails(client, ids),
    meta: { tables: [] },
    staleTime: Infinity,
    gcTime: 10_000,
    placeholderData: keepPreviousData,
    // A Map is not shared structurally; the bytes inside keep their identity anyway.
    structuralSharing: false,
  });
}

/** Close-ups of these faces as a map (undefined until the first ones have loaded). */
export function useFaceThumbnails(cropIds: readonly CropId[]): FaceThumbnailMap | undefined {
  return useQuery({ ...faceThumbnailsQuery(cropIds), enabled: cropIds.length > 0 }).data;
}
