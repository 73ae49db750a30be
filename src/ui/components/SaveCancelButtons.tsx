/**
 * Save and Cancel for a small edit-in-place form (a rename, a lesson's date and title). While
 * saving, both stay focusable but do nothing (aria-disabled), so focus is not lost mid-save.
 */
export function SaveCancelButtons({
  pending,
  onCancel,
}: {
  pending: boolean;
  onCancel: () => void;
}) {
  return (
    <>
      <button type="submit" className="primary" aria-disabled={pending}>
        {pending ? 'Saving…' : 'Save'}
      </button>
      <button
        type="button"
        onClick={() => {
          if (!pending) onCancel();
        }}
        aria-disabled={pending}
      >
        Cancel
      </button>
    </>
  );
}
