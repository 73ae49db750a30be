import { useQuery } from '@tanstack/react-query';
import { href } from '../../router';
import type { ClassId } from '../../../contracts/ids';
import { InlineRename } from '../../components/InlineRename';
import { Loading } from '../../components/QueryState';
import { MissingView } from '../../components/MissingView';
import { countOf } from '../../format';
import { usePageTitle } from '../../use-page-title';
import { classMutations, classQueries } from '../classes/queries';
import { ClassAttendance } from '../attendance/ClassAttendance';
import { RosterSection } from '../roster/RosterSection';
import { SessionsSection } from '../sessions/SessionsSection';
import { RecognitionSettings } from '../settings/RecognitionSettings';

/** #/classes/:classId : the class's roster, sessions and attendance overview. */
export function ClassPage({ classId }: { classId: ClassId }) {
  const query = useQuery(classQueries.detail(classId));
  const headingRef = usePageTitle(query.data ? 'Class' : undefined);

  if (query.isPending) return <Loading label="Opening the class…" />;
  if (query.isError) {
    return (
      <MissingView
        error={query.error}
        notFoundMessage="This class isn’t on this device any more. It may have been deleted."
      />
    );
  }
  const summary = query.data;
  return (
    <main className="page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href={href.classes()}>← All classes</a>
      </nav>
      <header className="page-header">
        <InlineRename
          value={summary.name}
          fieldLabel="Class name"
          buttonLabel={`Rename class ${summary.name}`}
          save={(name) => classMutations.rename(classId, name)}
        >
          <h1 ref={headingRef} tabIndex={-1}>
            {summary.name}
          </h1>
        </InlineRename>
        <p className="page-header__meta">
          {countOf(summary.studentCount, 'student')} · {countOf(summary.sessionCount, 'session')}
        </p>
        <p>
          <a href={href.classFaces(classId)}>Review the faces of the whole class</a>
        </p>
      </header>
      <RosterSection classId={classId} />
      <SessionsSection classId={classId} />
      <ClassAttendance classId={classId} />
      <RecognitionSettings classId={classId} />
    </main>
  );
}
