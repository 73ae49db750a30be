import { useQuery } from '@tanstack/react-query';
import { href } from '../../router';
import type { ClassId } from '../../../contracts/ids';
import { usePageTitle } from '../../use-page-title';
import { classQueries } from '../classes/queries';
import { RecognitionSettings } from './RecognitionSettings';
import { ClassNotReady } from '../classes/ClassNotReady';

/**
 * #/classes/:classId/settings : a class's settings, reached from the class page's "Settings".
 * Everything technical (face models, thresholds, Diagnostics) lives here, under Advanced, out of
 * the teacher's daily path.
 */
export function ClassSettingsPage({ classId }: { classId: ClassId }) {
  const klass = useQuery(classQueries.detail(classId));
  const headingRef = usePageTitle(klass.data ? 'Class settings' : undefined);

  if (!klass.isSuccess) return <ClassNotReady query={klass} />;
  return (
    <main className="page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href={href.class(classId)}>← {klass.data.name}</a>
      </nav>
      <header className="page-header">
        <h1 ref={headingRef} tabIndex={-1}>
          Settings
        </h1>
        <p className="page-header__meta">{klass.data.name}</p>
      </header>
      <RecognitionSettings classId={classId} />
    </main>
  );
}
