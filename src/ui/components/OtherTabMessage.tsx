import { useState } from 'react';
import { getCore } from '../../client/core-client';
import type { UnsavedWork } from '../../contracts/events';
import { ErrorMessage } from './ErrorMessage';

export interface OtherTabMessageProps {
  /** waiting: another tab had the records first; handed-over: this tab gave them away. */
  variant: 'waiting' | 'handed-over';
  /** After a hand-over: what this tab had under way that did not finish. */
  unsaved?: readonly UnsavedWork[];
}

/**
 * What the other-tab screen says, with its "Use Rollcall here" button: also shown in place of
 * the backup actions on the Device & privacy page, which stays open while another tab has the
 * records.
 */
export function OtherTabMessage({ variant, unsaved = [] }: OtherTabMessageProps) {
  const [asked, setAsked] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const takeOver = async () => {
    setError(null);
    setAsked(true);
    try {
      await getCore().requestTakeover();
    } catch (failure) {
      setAsked(false);
      setError(failure);
    }
  };

  return (
    <>
      {variant === 'waiting' ? (
        <p>
          Only one tab or window at a time can use the class records on this device, so that nothing
          gets overwritten. Switch to the other tab, or use Rollcall here instead: the other tab
          will then stop using the records.
        </p>
      ) : unsaved.length === 0 ? (
        <p>
          Rollcall was opened in another tab, so this tab has stopped using the class records.
          Everything you did here is saved. To carry on in this tab instead, use Rollcall here.
        </p>
      ) : (
        <>
          <p>
            Rollcall was opened in another tab, so this tab has stopped using the class records.
            This did not finish here:
          </p>
          <ul aria-label="Not finished">
            {unsaved.map((work, i) => (
              <li key={i}>
                <strong>{work.what}.</strong> {work.outcome}
              </li>
            ))}
          </ul>
          <p>Everything else you did here is saved.</p>
        </>
      )}
      <div className="button-row">
        <button type="button" className="primary" onClick={() => void takeOver()}>
          Use Rollcall here
        </button>
      </div>
      {asked && (
        <p role="status" className="hint">
          Asking the other tab to let go of the class records…
        </p>
      )}
      <ErrorMessage error={error} />
    </>
  );
}
