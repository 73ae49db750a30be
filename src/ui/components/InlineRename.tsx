import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage';
import { NO_AUTOFILL_FIELD, NO_AUTOFILL_FORM } from './no-autofill';
import { SaveCancelButtons } from './SaveCancelButtons';

interface InlineRenameProps {
  /** The current name, the starting value of the field. */
  value: string;
  /** What is being renamed, for the field's label: "class name", "student's name". */
  fieldLabel: string;
  /** The rename button's accessible name, e.g. "Rename Maya". */
  buttonLabel: string;
  save: (name: string) => Promise<unknown>;
  /** Shown while not editing, before the Rename button. */
  children: ReactNode;
  /** More buttons shown after Rename while not editing (e.g. Delete). */
  actions?: ReactNode;
}

/** A name with a Rename button that turns it into a small form, in place. */
export function InlineRename({
  value,
  fieldLabel,
  buttonLabel,
  save,
  children,
  actions,
}: InlineRenameProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const inputId = useId();
  const errorId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const renameButtonRef = useRef<HTMLButtonElement>(null);
  const refocusButton = useRef(false);

  const mutation = useMutation({
    mutationFn: save,
    onSuccess: () => stopEditing(),
    onError: () => inputRef.current?.focus(),
  });

  useEffect(() => {
    if (editing) inputRef.current?.select();
    else if (refocusButton.current) {
      refocusButton.current = false;
      renameButtonRef.current?.focus();
    }
  }, [editing]);

  function stopEditing() {
    refocusButton.current = true;
    setEditing(false);
    mutation.reset();
  }

  if (!editing) {
    return (
      <div className="inline-rename">
        <div className="inline-rename__display">{children}</div>
        <div className="actions">
          <button
            type="button"
            ref={renameButtonRef}
            className="secondary"
            aria-label={buttonLabel}
            onClick={() => {
              setDraft(value);
              setEditing(true);
            }}
          >
            Rename
          </button>
          {actions}
        </div>
      </div>
    );
  }

  return (
    <form
      {...NO_AUTOFILL_FORM}
      className="inline-rename inline-rename--editing"
      onSubmit={(event) => {
        event.preventDefault();
        if (!mutation.isPending) mutation.mutate(draft);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !mutation.isPending) stopEditing();
      }}
    >
      <div className="field">
        <label htmlFor={inputId}>{fieldLabel}</label>
        <input
          {...NO_AUTOFILL_FIELD}
          id={inputId}
          ref={inputRef}
          value={draft}
          autoComplete="off"
          aria-invalid={mutation.isError}
          aria-describedby={mutation.isError ? errorId : undefined}
          onChange={(event) => setDraft(event.target.value)}
        />
      </div>
      <div className="button-row">
        <SaveCancelButtons pending={mutation.isPending} onCancel={stopEditing} />
      </div>
      <ErrorMessage error={mutation.error} id={errorId} />
    </form>
  );
}
