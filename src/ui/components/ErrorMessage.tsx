import { toAppError } from '../../contracts/errors';

interface ErrorMessageProps {
  /** Any thrown value; nothing is shown when it is null or undefined. */
  error: unknown;
  id?: string;
}

/** A failure in plain words, next to the form it belongs to, announced by screen readers. */
export function ErrorMessage({ error, id }: ErrorMessageProps) {
  if (error === null || error === undefined) return null;
  const appError = toAppError(error);
  return (
    <p className="error-message" role="alert" id={id}>
      {appError.message}
      {appError.code === 'internal' || appError.code === 'storage'
        ? ' Try again; if it keeps happening, reload the page.'
        : null}
    </p>
  );
}
