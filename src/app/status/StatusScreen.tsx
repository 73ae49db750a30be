import { useEffect, useRef, type ReactNode } from 'react';

interface StatusScreenProps {
  title: string;
  children?: ReactNode;
  /** Shown while something is under way: announced politely, no actions. */
  busy?: boolean;
}

/** A whole-page message about the state of the app (opening, another tab, a problem). */
export function StatusScreen({ title, children, busy = false }: StatusScreenProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title.replace(/…$/, '')} – Rollcall`;
    if (!busy) headingRef.current?.focus();
  }, [title, busy]);

  return (
    <main className="page status-screen" aria-busy={busy}>
      <div role={busy ? 'status' : undefined}>
        <h1 ref={headingRef} tabIndex={-1}>
          {title}
        </h1>
      </div>
      {children}
    </main>
  );
}

/** The one way out of a status screen that cannot fix itself: load the page again. */
export function ReloadButton() {
  return (
    <button type="button" className="primary" onClick={() => window.location.reload()}>
      Reload
    </button>
  );
}
