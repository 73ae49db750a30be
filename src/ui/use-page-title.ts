import { useEffect, useRef } from 'react';

/**
 * Sets the document title: the kind of page, never a class's or a student's name (the browser
 * keeps titles in its history, its suggestions and a synced profile, where children's and
 * classes' names must not go; the page's heading shows the name). Once the page's heading is shown moves focus to it if focus
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
