import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';

export type RunReviewAction = <T>(work: () => Promise<T>, done: (result: T) => string) => void;

/**
 * One review change at a time: runs it, then says what happened (or what went wrong) in one
 * status line. Clicks while a change is running are ignored rather than queued.
 */
export function useReviewAction() {
  const [message, setMessage] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (work: () => Promise<string>) => work(),
    onSuccess: (text) => setMessage(text),
  });
  const run: RunReviewAction = (work, done) => {
    if (mutation.isPending) return;
    setMessage(null);
    mutation.mutate(async () => done(await work()));
  };
  return { run, pending: mutation.isPending, error: mutation.error, message };
}
