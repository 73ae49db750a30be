import { useEffect, useRef } from 'react';

/**
 * Sets the document title, and once the page's heading is shown moves focus to it if focus
 * was lost (the link that was followed belonged to the previous page), so keyboard and
 * screen-reader users start at the top of the new page. `title` is undefined while loading.
 */
export function usePageTitle(title: string | undefined) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const loaded = title !== undefined;
  useEffect(() => {
    if (title !== undefined) document.title = `${title} – Rollcall`;
  }, [title]);
  useEffect(() => {
    if (!loaded) return;
    const active = document.activeElement;
    if (active === null || active === document.body) headingRef.current?.focus();
  }, [loaded]);
  return headingRef;
}
