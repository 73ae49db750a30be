import { useState } from 'react';
import { callCore } from '../query/call-core';
import { ConfirmDialog } from './ConfirmDialog';

const CONFIRM_WORD = 'DELETE';

interface DeleteAllDataButtonProps {
  /** Runs once everything is deleted (the core has reopened an empty database by then). */
  onDeleted?: () => void | Promise<void>;
}

/**
 * "Delete all data on this device", behind a dialog where the teacher types DELETE. Used by
 * the recovery screen (data from a newer Rollcall) and the Device & privacy page.
 */
export function DeleteAllDataButton({ onDeleted }: DeleteAllDataButtonProps) {
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const deleteAll = async () => {
    setPending(true);
    setError(null);
    try {
      await callCore((core) => core.deleteAllData());
      setConfirming(false);
      await onDeleted?.();
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <button
        type="button"
        className="danger"
        onClick={() => {
          setError(null);
          setConfirming(true);
        }}
      >
        Delete all data on this device
      </button>
      {confirming && (
        <ConfirmDialog
          title="Delete all data on this device?"
          confirmLabel="Delete all data"
          typeToConfirm={CONFIRM_WORD}
          pending={pending}
          error={error}
          onConfirm={() => void deleteAll()}
          onCancel={() => setConfirming(false)}
        >
          <p>
            Every class, student, session, photo and attendance record stored by Rollcall in this
            browser will be erased. This can’t be undone.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
