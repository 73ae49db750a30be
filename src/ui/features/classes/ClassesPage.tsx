import { useQuery } from '@tanstack/react-query';
import { NameForm } from '../../components/NameForm';
import { Loading, LoadFailed } from '../../components/QueryState';
import { usePageTitle } from '../../use-page-title';
import { ClassListItem } from './ClassListItem';
import { FirstRunSteps, NextStep } from './FirstRun';
import { classMutations, classQueries } from './queries';

/** #/ : every class on this device, and the form to create one. */
export function ClassesPage() {
  const classes = useQuery(classQueries.list());
  const headingRef = usePageTitle('Your classes');

  return (
    <main className="page">
      <h1 ref={headingRef} tabIndex={-1}>
        Your classes
      </h1>
      {classes.data?.length === 0 && <FirstRunSteps />}
      <section aria-labelledby="new-class-heading" className="card">
        <h2 id="new-class-heading">New class</h2>
        <NameForm
          label="Class name"
          submitLabel="Create class"
          save={(name) => classMutations.create(name)}
        />
      </section>
      <section aria-labelledby="class-list-heading">
        <h2 id="class-list-heading">Classes</h2>
        {classes.isPending ? (
          <Loading label="Loading your classes…" />
        ) : classes.isError ? (
          <LoadFailed error={classes.error} />
        ) : classes.data.length === 0 ? (
          <p className="empty-state">
            No classes yet. Create your first class to start taking attendance.
          </p>
        ) : (
          <>
            <ul className="item-list" aria-label="Classes">
              {classes.data.map((summary) => (
                <ClassListItem key={summary.id} summary={summary} />
              ))}
            </ul>
            <NextStep classes={classes.data} />
          </>
        )}
      </section>
    </main>
  );
}
