import { useQuery } from '@tanstack/react-query';
import type { CropId } from '../../../contracts/ids';
import { Loading, LoadFailed } from '../../components/QueryState';
import { FacePicker, type FaceChoice } from './FacePicker';
import { diagnosticsQueries } from './queries';

/** The card's "Check Embeddings": whether a face has an embedding, of which model and size. */
export function CheckEmbeddings({
  choices,
  cropId,
  onChange,
}: {
  choices: readonly FaceChoice[];
  cropId: CropId | null;
  onChange: (cropId: CropId | null) => void;
}) {
  return (
    <section className="card" aria-labelledby="check-embeddings-heading">
      <h2 id="check-embeddings-heading">Check a face</h2>
      <p className="hint">
        Rollcall recognises a face by a list of numbers computed by the face model (an embedding). A
        face without one for the class’s model can’t be grouped or named automatically.
      </p>
      <FacePicker label="Face to check" choices={choices} value={cropId} onChange={onChange} />
      {cropId ? <EmbeddingReport cropId={cropId} /> : null}
    </section>
  );
}

function EmbeddingReport({ cropId }: { cropId: CropId }) {
  const report = useQuery(diagnosticsQueries.embeddings(cropId));
  if (report.isPending) return <Loading label="Checking the face…" />;
  if (report.isError) return <LoadFailed error={report.error} />;
  const { classModel, hasEmbedding, embeddings } = report.data;
  return (
    <div aria-label="Face check result" role="region">
      <p>
        {hasEmbedding
          ? `This face has an embedding for ${classModel}, the class’s model.`
          : `This face has no embedding for ${classModel}, the class’s model, yet.`}
      </p>
      {embeddings.length > 0 ? (
        <table className="diagnostics-table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Version</th>
              <th scope="col">Numbers</th>
              <th scope="col">Up to date</th>
            </tr>
          </thead>
          <tbody>
            {embeddings.map((e) => (
              <tr key={e.modelName}>
                <td>{e.modelName}</td>
                <td>{e.modelVersion}</td>
                <td>{e.dimension}</td>
                <td>{e.isCurrentVersion ? 'Yes' : 'No: made by an older version'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
