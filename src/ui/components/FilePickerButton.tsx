import { useRef, type ReactNode } from 'react';
import { BusyButton } from './BusyButton';

interface FilePickerButtonProps {
  /** The button's text, and what it says while `busy`. */
  children: ReactNode;
  busy: boolean;
  busyLabel: ReactNode;
  /** The hidden file input's accessible name. */
  inputLabel: string;
  accept: string;
  multiple?: boolean;
  /** Called with the chosen files (never empty). */
  onFiles: (files: File[]) => void;
  buttonLabel?: string;
  title?: string;
  /** The button's style: 'secondary' unless said. */
  className?: string;
}

/**
 * A visible button that opens the file picker of a hidden file input. The input is cleared
 * after each choice, so picking the same file again is a new choice.
 */
export function FilePickerButton({
  children,
  busy,
  busyLabel,
  inputLabel,
  accept,
  multiple = false,
  onFiles,
  buttonLabel,
  title,
  className,
}: FilePickerButtonProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  return (
    <>
      <BusyButton
        busy={busy}
        busyLabel={busyLabel}
        aria-label={buttonLabel}
        title={title}
        className={className}
        onClick={() => inputRef.current?.click()}
      >
        {children}
      </BusyButton>
      <input
        ref={inputRef}
        type="file"
        accept={accept}
        multiple={multiple}
        className="visually-hidden"
        tabIndex={-1}
        aria-label={inputLabel}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </>
  );
}
