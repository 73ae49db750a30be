// The one way back from the one-thread fallback: face analysis that once stopped answering with
// several threads stays on one on this device (src/client/inference-host.ts) until this.
import { useEffect, useState } from 'react';
import {
  forgetOneThreadAfterHang,
  onThreadSettingChange,
  usesOneThreadAfterHang,
} from '../../client/inference-host';

export function ThreadSettingReset() {
  const [oneThread, setOneThread] = useState(usesOneThreadAfterHang);
  const [reset, setReset] = useState(false);
  useEffect(() => onThreadSettingChange(() => setOneThread(usesOneThreadAfterHang())), []);
  if (reset) return <p>Face analysis will try several threads the next time Rollcall opens.</p>;
  if (!oneThread) return null;
  return (
    <p>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          forgetOneThreadAfterHang();
          setReset(true);
        }}
      >
        Try several threads again
      </button>
    </p>
  );
}
