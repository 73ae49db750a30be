import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage';
import { NO_AUTOFILL_FIELD, NO_AUTOFILL_FORM } from './no-autofill';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** When set, the teacher must type this word before the confirm button works. */
  typeToConfirm?: string;
  pending?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal confirmation on the native <dialog> (focus is trapped inside, Escape cancels).
 * Render it only while it is open; focus returns to where it was when it closes.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { title, children, confirmLabel, typeToConfirm, pending = false, error } = props;
  const dialogRef = useRef<HTMLDialogElement>(null);
  const firstFocusRef = useRef<HTMLInputElement & HTMLButtonElement>(null);
  const [typed, setTyped] = useState('');
  const titleId = useId();
  const inputId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    firstFocusRef.current?.focus();
    return () => {
      dialog.close();
      previous?.focus();
    };
  }, []);

  const typedOk =
    typeToConfirm === undefined || typed.trim().toLowerCase() === typeToConfirm.toLowerCase();

  return (
    <dialog
      ref={dialogRef}
      className="confirm-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!pending) props.onCancel();
      }}
    >
      <form
        {...NO_AUTOFILL_FORM}
        onSubmit={(event) => {
          event.preventDefault();
          if (typedOk && !pending) props.onConfirm();
        }}
      >
        <h2 id={titleId}>{title}</h2>
        <div className="confirm-dialog__body">{children}</div>
        {typeToConfirm !== undefined && (
          <div className="field">
            <label htmlFor={inputId}>Type {typeToConfirm} to confirm</label>
            <input
              {...NO_AUTOFILL_FIELD}
              id={inputId}
              ref={firstFocusRef}
              value={typed}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              onChange={(event) => setTyped(event.target.value)}
            />
          </div>
        )}
        <ErrorMessage error={error} />
        <div className="button-row">
          <button
            type="button"
            ref={typeToConfirm === undefined ? firstFocusRef : undefined}
            onClick={() => {
              if (!pending) props.onCancel();
            }}
            aria-disabled={pending}
          >
            Cancel
          </button>
          <button type="submit" className="danger" aria-disabled={!typedOk || pending}>
            {pending ? 'Working…' : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
