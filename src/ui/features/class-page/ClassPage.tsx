import { useQuery } from '@tanstack/react-query';
import { href } from '../../router';
import type { ClassId } from '../../../contracts/ids';
import { InlineRename } from '../../components/InlineRename';
import { countOf } from '../../format';
import { usePageTitle } from '../../use-page-title';
import { classMutations, classQueries } from '../classes/queries';
import { ClassAttendance } from '../attendance/ClassAttendance';
import { RosterSection } from '../roster/RosterSection';
import { SessionsSection } from '../sessions/SessionsSection';
import { ClassNotReady } from '../classes/ClassNotReady';

/**
 * #/classes/:classId : the class's lessons first (the daily action, above the fold on a tablet),
 * then the class list as a class photo, then the attendance of every lesson. Settings (and the
 * technical tools under them) are one link away, out of the daily path.
 */
export function ClassPage({ classId }: { classId: ClassId }) {
  const query = useQuery(classQueries.detail(classId));
  const headingRef = usePageTitle(query.data ? 'Class' : undefined);

  if (!query.isSuccess) return <ClassNotReady query={query} />;
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
          {countOf(summary.studentCount, 'student')} · {countOf(summary.sessionCount, 'lesson')}
        </p>
        <p className="page-header__links">
          <a className="link-target" href={href.classFaces(classId)}>
            Review the faces of the whole class
          </a>
          <a className="link-target" href={href.classSettings(classId)}>
            Settings
          </a>
        </p>
      </header>
      {summary.studentCount === 0 && (
        <p className="next-step" role="note">
          Next step:{' '}
          <button type="button" className="link-button link-target" onClick={goToClassList}>
            add the class list
          </button>
          , then create a lesson and add its photos.
        </p>
      )}
      <SessionsSection classId={classId} />
      <RosterSection classId={classId} />
      <ClassAttendance classId={classId} />
    </main>
  );
}

/** To the class list's first field (the hash is the router's, so no #anchor link). */
function goToClassList() {
  const heading = document.getElementById('roster-heading');
  heading?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  heading?.closest('section')?.querySelector<HTMLElement>('input, button')?.focus();
}
