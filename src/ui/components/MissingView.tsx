import { href } from '../router';
import { toAppError } from '../../contracts/errors';
import { ErrorMessage } from './ErrorMessage';

interface MissingViewProps {
  error: unknown;
  /** What to say when the thing does not exist (deleted, or a stale link). */
  notFoundMessage: string;
}

/** A page whose subject could not be loaded: gone, or a failure. */
export function MissingView({ error, notFoundMessage }: MissingViewProps) {
  const notFound = toAppError(error).code === 'not-found';
  return (
    <main className="page">
      <h1>{notFound ? 'Not found' : 'This page could not be opened'}</h1>
      {notFound ? <p>{notFoundMessage}</p> : <ErrorMessage error={error} />}
      <p>
        <a href={href.classes()}>Go to your classes</a>
      </p>
    </main>
  );
}
