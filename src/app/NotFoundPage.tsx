import { usePageTitle } from '../ui/use-page-title';
import { href } from '../ui/router';

export function NotFoundPage() {
  const headingRef = usePageTitle('Page not found');
  return (
    <main className="page">
      <h1 ref={headingRef} tabIndex={-1}>
        Page not found
      </h1>
      <p>There is no page at this address. The link may be mistyped or out of date.</p>
      <p>
        <a href={href.classes()}>Go to your classes</a>
      </p>
    </main>
  );
}
