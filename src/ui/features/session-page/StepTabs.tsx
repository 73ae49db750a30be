import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { SESSION_STEPS, type SessionStep } from '../../router';

export interface StepInfo {
  label: string;
  /** A few words on where the step stands ("3 photos", "5 to name"); empty when nothing to say. */
  status: string;
  done: boolean;
}

/**
 * The lesson's three steps as tabs (WAI-ARIA tabs pattern): one tab stop, the arrow keys,
 * Home and End move between the steps and show them at once. The panel shows only the current
 * step, so a step fits a tablet's screen instead of one long page.
 */
export function StepTabs({
  current,
  steps,
  onSelect,
  children,
}: {
  current: SessionStep;
  steps: Record<SessionStep, StepInfo>;
  onSelect: (step: SessionStep) => void;
  children: ReactNode;
}) {
  const baseId = useId();
  const tabs = useRef<Partial<Record<SessionStep, HTMLButtonElement | null>>>({});
  const tabId = (step: SessionStep) => `${baseId}-tab-${step}`;
  const panelId = `${baseId}-panel`;

  const onKeyDown = (event: KeyboardEvent) => {
    const index = SESSION_STEPS.indexOf(current);
    const last = SESSION_STEPS.length - 1;
    const target =
      event.key === 'ArrowRight'
        ? Math.min(last, index + 1)
        : event.key === 'ArrowLeft'
          ? Math.max(0, index - 1)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (target === null) return;
    event.preventDefault();
    const step = SESSION_STEPS[target];
    if (!step) return;
    onSelect(step);
    tabs.current[step]?.focus();
  };

  return (
    <>
      <div
        className="steps no-print"
        role="tablist"
        aria-label="Steps of this lesson"
        onKeyDown={onKeyDown}
      >
        {SESSION_STEPS.map((step, index) => {
          const info = steps[step];
          const selected = step === current;
          return (
            <button
              key={step}
              ref={(element) => {
                tabs.current[step] = element;
              }}
              type="button"
              role="tab"
              id={tabId(step)}
              aria-selected={selected}
              aria-controls={selected ? panelId : undefined}
              tabIndex={selected ? 0 : -1}
              className={`steps__tab${selected ? ' steps__tab--current' : ''}${info.done ? ' steps__tab--done' : ''}`}
              onClick={() => onSelect(step)}
            >
              <span className="steps__number" aria-hidden="true">
                {info.done ? '✓' : index + 1}
              </span>
              <span className="steps__text">
                <span className="steps__label">{info.label}</span>
                {info.status && <span className="steps__status">{info.status}</span>}
              </span>
            </button>
          );
        })}
      </div>
      <div
        className="steps__panel"
        role="tabpanel"
        id={panelId}
        aria-labelledby={tabId(current)}
        tabIndex={-1}
      >
        {children}
      </div>
    </>
  );
}
