import { useQuery } from '@tanstack/react-query';
import { href } from '../../router';
import type { ClassId } from '../../../contracts/ids';
import { usePageTitle } from '../../use-page-title';
import { classQueries } from '../classes/queries';
import { FaceGroupsReview } from '../review/FaceGroupsReview';
import { ClassNotReady } from '../classes/ClassNotReady';

/** #/classes/:classId/faces : every face of the class by student (the accuracy workflow). */
export function ClassFacesPage({ classId }: { classId: ClassId }) {
  const query = useQuery(classQueries.detail(classId));
  const headingRef = usePageTitle(query.data ? 'Faces of the class' : undefined);
  if (!query.isSuccess) return <ClassNotReady query={query} />;
  return (
    <main className="page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href={href.class(classId)}>← {query.data.name}</a>
      </nav>
      <header className="page-header">
        <h1 ref={headingRef} tabIndex={-1}>
          Faces of {query.data.name}
        </h1>
        <p className="page-header__subtitle">
          Check that each student’s faces are theirs. Re-grouping uses every correction you make.
        </p>
      </header>
      <FaceGroupsReview scope={{ classId }} classId={classId} />
    </main>
  );
}
