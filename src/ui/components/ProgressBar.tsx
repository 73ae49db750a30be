interface ProgressBarProps {
  /** 0 to 100. */
  percent: number;
  /** The bar's accessible name: "Backup progress". */
  label: string;
  /** The progress in words, for screen readers (otherwise the percentage is read). */
  valueText?: string | undefined;
  /** A modifier class beside `progress` (e.g. `progress--batch`). */
  className?: string | undefined;
}

/**
 * A progress bar. The bar moves by transform, not width (`progress__bar--scaled`): the
 * compositor animates it, with no layout on the main thread while photos are processed.
 */
export function ProgressBar({ percent, label, valueText, className }: ProgressBarProps) {
  return (
    <div
      className={className ? `progress ${className}` : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={valueText}
    >
      <div
        className="progress__bar progress__bar--scaled"
        style={{ transform: `scaleX(${percent / 100})` }}
      />
    </div>
  );
}
