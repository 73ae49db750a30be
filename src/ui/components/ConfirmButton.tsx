import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ConfirmDialog } from './ConfirmDialog';

interface ConfirmButtonProps {
  /** The button's visible text, e.g. "Delete". */
  children: ReactNode;
  /** The button's accessible name when the text alone is ambiguous, e.g. "Delete Maya". */
  'aria-label'?: string;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  typeToConfirm?: string;
  /** Runs once the teacher confirms; the dialog stays open showing the error if it fails. */
  action: () => Promise<unknown>;
}

/** A danger button that asks for confirmation in a modal dialog before acting. */
export function ConfirmButton(props: ConfirmButtonProps) {
  const [open, setOpen] = useState(false);
  const mutation = useMutation({
    mutationFn: props.action,
    onSuccess: () => setOpen(false),
  });

  return (
    <>
      <button
        type="button"
        className="danger-outline"
        aria-label={props['aria-label']}
        onClick={() => {
          mutation.reset();
          setOpen(true);
        }}
      >
        {props.children}
      </button>
      {open && (
        <ConfirmDialog
          title={props.title}
          confirmLabel={props.confirmLabel}
          {...(props.typeToConfirm !== undefined && { typeToConfirm: props.typeToConfirm })}
          pending={mutation.isPending}
          error={mutation.error}
          onConfirm={() => mutation.mutate()}
          onCancel={() => setOpen(false)}
        >
          {props.message}
        </ConfirmDialog>
      )}
    </>
  );
}
