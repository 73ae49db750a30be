import { useQuery } from '@tanstack/react-query';
import type { CropId } from '../../../contracts/ids';
import { attendanceQueries } from './queries';

/** Close-ups of these faces as a map (undefined while loading). */
export function useFaceThumbnails(
  cropIds: readonly CropId[],
): ReadonlyMap<CropId, Uint8Array> | undefined {
  const sorted = [...new Set(cropIds)].sort();
  const query = useQuery({ ...attendanceQueries.faces(sorted), enabled: sorted.length > 0 });
  if (!query.data) return undefined;
  return new Map(query.data.map((t) => [t.cropId, t.jpeg]));
}
