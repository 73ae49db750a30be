import type { ReactNode } from 'react';

interface BusyButtonProps {
  /** While true the button says `busyLabel`, is marked aria-disabled and ignores clicks. */
  busy: boolean;
  onClick: () => void;
  children: ReactNode;
  busyLabel?: ReactNode;
  className?: string | undefined;
  'aria-label'?: string | undefined;
  title?: string | undefined;
}

/**
 * A button for an action that must not run twice at once. It stays focusable while busy
 * (aria-disabled rather than disabled), so keyboard focus is not lost mid-action.
 */
export function BusyButton({
  busy,
  onClick,
  children,
  busyLabel,
  className = 'secondary',
  'aria-label': ariaLabel,
  title,
}: BusyButtonProps) {
  return (
    <button
      type="button"
      className={className}
      aria-disabled={busy}
      aria-label={ariaLabel}
      title={title}
      onClick={() => {
        if (!busy) onClick();
      }}
    >
      {busy && busyLabel !== undefined ? busyLabel : children}
    </button>
  );
}

/** A BusyButton that runs a mutation (one that takes nothing), busy while it runs. */
export function MutationButton({
  mutation,
  ...button
}: Omit<BusyButtonProps, 'busy' | 'onClick'> & {
  mutation: { isPending: boolean; mutate: () => void };
}) {
  return <BusyButton {...button} busy={mutation.isPending} onClick={() => mutation.mutate()} />;
}
