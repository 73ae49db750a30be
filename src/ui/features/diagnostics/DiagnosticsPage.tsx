import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { href } from '../../router';
import type { ClassId, CropId, SessionId } from '../../../contracts/ids';
import { Loading, LoadFailed } from '../../components/QueryState';
import { formatDateTime } from '../../format';
import { usePageTitle } from '../../use-page-title';
import { classQueries } from '../classes/queries';
import { photoQueries } from '../photos/queries';
import { sessionQueries } from '../sessions/queries';
import { settingsQueries } from '../settings/queries';
import { CheckEmbeddings } from './CheckEmbeddings';
import { faceChoices } from './FacePicker';
import { TestSimilarity } from './TestSimilarity';
import { VerifyClustering } from './VerifyClustering';
import { NO_AUTOFILL_FIELD } from '../../components/no-autofill';
import { ClassNotReady } from '../classes/ClassNotReady';

/**
 * #/classes/:classId/diagnostics : the card's debugging recipes for a teacher or a helper:
 * check a face's embeddings, compare two faces, try clustering without saving anything.
 */
export function DiagnosticsPage({ classId }: { classId: ClassId }) {
  const klass = useQuery(classQueries.detail(classId));
  const settings = useQuery(settingsQueries.detail(classId));
  const sessions = useQuery(sessionQueries.list(classId));
  const [chosenSession, setChosenSession] = useState<SessionId | null>(null);
  const headingRef = usePageTitle(klass.data ? 'Diagnostics' : undefined);

  if (!klass.isSuccess) return <ClassNotReady query={klass} />;
  const sessionId = chosenSession ?? sessions.data?.[0]?.id ?? null;

  return (
    <main className="page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href={href.classSettings(classId)}>← Settings of {klass.data.name}</a>
      </nav>
      <header className="page-header">
        <h1 ref={headingRef} tabIndex={-1}>
          Diagnostics
        </h1>
        {settings.data ? (
          <p className="page-header__meta">
            Face model: {settings.data.embeddingModel} · Preset: {settings.data.preset}
          </p>
        ) : null}
      </header>
      {sessions.isPending ? (
        <Loading label="Loading the sessions…" />
      ) : sessions.isError ? (
        <LoadFailed error={sessions.error} />
      ) : sessions.data.length === 0 || sessionId === null ? (
        <p className="empty-state">
          This class has no sessions yet. Add a session and its photos first.
        </p>
      ) : (
        <>
          <section className="card" aria-label="Session">
            <div className="field">
              <label htmlFor="diagnostics-session">Faces from session</label>
              <select
                {...NO_AUTOFILL_FIELD}
                id="diagnostics-session"
                value={sessionId}
                onChange={(event) => setChosenSession(event.target.value as SessionId)}
              >
                {sessions.data.map((s) => (
                  <option key={s.id} value={s.id}>
                    {formatDateTime(s.startsAt)}
                    {s.title ? ` · ${s.title}` : ''}
                  </option>
                ))}
              </select>
            </div>
          </section>
          <SessionTools key={sessionId} classId={classId} sessionId={sessionId} />
        </>
      )}
    </main>
  );
}

function SessionTools({ classId, sessionId }: { classId: ClassId; sessionId: SessionId }) {
  const faces = useQuery(photoQueries.faces(sessionId));
  const images = useQuery(sessionQueries.images(sessionId));
  const [faceA, setFaceA] = useState<CropId | null>(null);
  if (faces.isPending || images.isPending) return <Loading label="Loading the faces…" />;
  if (faces.isError) return <LoadFailed error={faces.error} />;
  if (images.isError) return <LoadFailed error={images.error} />;
  const choices = faceChoices(faces.data, new Map(images.data.map((i) => [i.id, i.fileName])));
  return (
    <>
      {choices.length === 0 ? (
        <p className="empty-state">
          No faces found in this session yet. Add photos to it, or wait until they are processed.
        </p>
      ) : (
        <>
          <CheckEmbeddings choices={choices} cropId={faceA} onChange={setFaceA} />
          <TestSimilarity choices={choices} />
        </>
      )}
      <VerifyClustering classId={classId} sessionId={sessionId} />
    </>
  );
}
