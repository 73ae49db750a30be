import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { ClassId, SessionId } from '../../../contracts/ids';
import { ErrorMessage } from '../../components/ErrorMessage';
import { countOf } from '../../format';
import { settingsQueries } from '../settings/queries';
import { diagnosticsCalls } from './queries';
import { NO_AUTOFILL_FIELD, NO_AUTOFILL_FORM } from '../../components/no-autofill';

/** The card's "Verify Clustering": group faces with chosen numbers, and save nothing. */
export function VerifyClustering({
  classId,
  sessionId,
}: {
  classId: ClassId;
  sessionId: SessionId;
}) {
  const settings = useQuery(settingsQueries.detail(classId));
  const defaults = settings.data?.parameters.clustering ?? null;
  const [scope, setScope] = useState<'session' | 'class'>('session');
  const [maxClusters, setMaxClusters] = useState('');
  const [threshold, setThreshold] = useState('');
  const ids = { max: useId(), threshold: useId(), error: useId() };
  const mutation = useMutation({
    mutationFn: () =>
      diagnosticsCalls.verifyClustering(scope === 'session' ? { sessionId } : { classId }, {
        ...(maxClusters.trim() && { maxClusters: Number(maxClusters) }),
        ...(threshold.trim() && { similarityThreshold: Number(threshold) }),
      }),
  });

  return (
    <section className="card" aria-labelledby="verify-clustering-heading">
      <h2 id="verify-clustering-heading">Try grouping faces</h2>
      <p className="hint">
        Groups the faces that have no student yet, the way “find students” would, but saves nothing.
        Leave a number empty to use the class’s setting.
      </p>
      <form
        {...NO_AUTOFILL_FORM}
        onSubmit={(event) => {
          event.preventDefault();
          if (!mutation.isPending) mutation.mutate();
        }}
      >
        <fieldset className="diagnostics-scope">
          <legend>Faces</legend>
          <label>
            <input
              {...NO_AUTOFILL_FIELD}
              type="radio"
              name="clustering-scope"
              checked={scope === 'session'}
              onChange={() => setScope('session')}
            />{' '}
            This session
          </label>
          <label>
            <input
              {...NO_AUTOFILL_FIELD}
              type="radio"
              name="clustering-scope"
              checked={scope === 'class'}
              onChange={() => setScope('class')}
            />{' '}
            The whole class
          </label>
        </fieldset>
        <div className="diagnostics-pair">
          <div className="field">
            <label htmlFor={ids.max}>Most new students</label>
            <input
              {...NO_AUTOFILL_FIELD}
              id={ids.max}
              inputMode="numeric"
              value={maxClusters}
              placeholder={defaults ? String(defaults.maxClusters) : ''}
              onChange={(event) => setMaxClusters(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.threshold}>Similarity needed to group</label>
            <input
              {...NO_AUTOFILL_FIELD}
              id={ids.threshold}
              inputMode="decimal"
              value={threshold}
              placeholder={defaults ? String(defaults.similarityThreshold) : ''}
              onChange={(event) => setThreshold(event.target.value)}
            />
          </div>
        </div>
        <div className="button-row">
          <button
            type="submit"
            className="primary"
            aria-disabled={mutation.isPending}
            aria-describedby={mutation.isError ? ids.error : undefined}
          >
            {mutation.isPending ? 'Grouping…' : 'Try grouping (nothing is saved)'}
          </button>
        </div>
      </form>
      <ErrorMessage error={mutation.error} id={ids.error} />
      {mutation.data ? (
        <div role="region" aria-label="Grouping result">
          <p>
            {countOf(mutation.data.faces, 'face')} in {countOf(mutation.data.numClusters, 'group')}{' '}
            ({mutation.data.modelName}, similarity {mutation.data.similarityThreshold}).{' '}
            {mutation.data.clustersWithinCap < mutation.data.numClusters
              ? `Only the ${mutation.data.clustersWithinCap} largest would become students; the others would wait for your review.`
              : null}
            {mutation.data.unclustered > 0
              ? ` ${countOf(mutation.data.unclustered, 'face')} would join no group.`
              : null}
          </p>
          {mutation.data.clusterSizes.length > 0 ? (
            <p>Faces per group: {mutation.data.clusterSizes.join(', ')}</p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
