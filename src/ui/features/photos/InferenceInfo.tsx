import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { onThreadSettingChange } from '../../../client/inference-host';
import type { InferenceRuntimeInfo } from '../../../contracts/photos';
import { countOf } from '../../format';
import { photoKeys, photoQueries } from './queries';

function describe(info: InferenceRuntimeInfo): string {
  switch (info.provider) {
    case 'webgpu':
      return 'GPU (WebGPU)';
    case 'wasm':
      return `WebAssembly, ${countOf(info.threads, 'thread')}`;
    case 'cpu':
      return 'processor';
  }
}

/** Where face analysis runs on this device, small but visible (and why not on the GPU). */
export function InferenceInfo() {
  const query = useQuery(photoQueries.inferenceInfo());
  const queryClient = useQueryClient();
  // Face analysis switches to one thread if it hangs with several: show the new count.
  useEffect(
    () =>
      onThreadSettingChange(
        () => void queryClient.invalidateQueries({ queryKey: photoKeys.inferenceInfo() }),
      ),
    [queryClient],
  );
  if (query.isError) {
    return (
      <p className="runtime-info" data-testid="inference-info">
        Face analysis could not start on this device: {query.error.message}
      </p>
    );
  }
  if (!query.data) return null;
  const info = query.data;
  return (
    <p className="runtime-info" data-testid="inference-info">
      Face analysis on this device: {describe(info)}
      {info.provider === 'wasm' && !info.isCrossOriginIsolated
        ? ' (this page cannot use more than one)'
        : ''}
      .{info.note && <span className="runtime-info__note"> {info.note}</span>}
    </p>
  );
}
