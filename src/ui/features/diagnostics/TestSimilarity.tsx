import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { CropId } from '../../../contracts/ids';
import { ErrorMessage } from '../../components/ErrorMessage';
import { FacePicker, type FaceChoice } from './FacePicker';
import { diagnosticsCalls } from './queries';
import { NO_AUTOFILL_FORM } from '../../components/no-autofill';

const VERDICT_WORDS = {
  'same-person': 'Same person',
  'different-people': 'Different people',
  uncertain: 'Too close to call',
} as const;

/** The card's "Test Similarity": how alike two faces are, per model, and what that means. */
export function TestSimilarity({ choices }: { choices: readonly FaceChoice[] }) {
  const [a, setA] = useState<CropId | null>(null);
  const [b, setB] = useState<CropId | null>(null);
  const errorId = useId();
  const mutation = useMutation({
    mutationFn: ({ first, second }: { first: CropId; second: CropId }) =>
      diagnosticsCalls.compare(first, second),
  });
  const ready = a !== null && b !== null;

  return (
    <section className="card" aria-labelledby="test-similarity-heading">
      <h2 id="test-similarity-heading">Compare two faces</h2>
      <form
        {...NO_AUTOFILL_FORM}
        onSubmit={(event) => {
          event.preventDefault();
          if (ready && !mutation.isPending) mutation.mutate({ first: a, second: b });
        }}
      >
        <div className="diagnostics-pair">
          <FacePicker label="First face" choices={choices} value={a} onChange={setA} />
          <FacePicker label="Second face" choices={choices} value={b} onChange={setB} />
        </div>
        <div className="button-row">
          <button
            type="submit"
            className="primary"
            aria-disabled={!ready || mutation.isPending}
            aria-describedby={mutation.isError ? errorId : undefined}
          >
            {mutation.isPending ? 'Comparing…' : 'Compare'}
          </button>
          {!ready ? <span className="hint">Choose two faces first.</span> : null}
        </div>
      </form>
      <ErrorMessage error={mutation.error} id={errorId} />
      {mutation.data ? (
        <table className="diagnostics-table" aria-label="Similarity">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Similarity</th>
              <th scope="col">Meaning</th>
            </tr>
          </thead>
          <tbody>
            {mutation.data.comparisons.map((c) => (
              <tr key={c.modelName}>
                <td>{c.modelName}</td>
                <td>{c.similarity.toFixed(3)}</td>
                <td>
                  <strong>{VERDICT_WORDS[c.verdict]}</strong>. {c.explanation}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
