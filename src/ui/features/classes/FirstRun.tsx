import type { ClassSummary } from '../../../contracts/entities';
import { href } from '../../router';

/**
 * The first run: an empty Rollcall explains, on one screen, the four steps of taking attendance
 * from photos. Step 1 (the class) is the form next to it; each later step is led by the page it
 * happens on (the class page shows the class list first while it is empty, then the lessons).
 */
export function FirstRunSteps() {
  return (
    <section aria-labelledby="first-run-heading" className="card first-run">
      <h2 id="first-run-heading">Welcome to Rollcall</h2>
      <p>Rollcall takes your class’s attendance from photos of the lesson, in four steps:</p>
      <ol className="first-run__steps">
        <li>
          <strong>Create your class</strong> Type its name below.
        </li>
        <li>
          <strong>Add the class list</strong> Import it from a spreadsheet (CSV) or a text file, or
          type the names.
        </li>
        <li>
          <strong>Add a lesson’s photos</strong> Photos of the class, taken from the front; Rollcall
          finds every face.
        </li>
        <li>
          <strong>Say who’s who</strong> The first time, you name each face once. From the next
          lesson on, Rollcall recognises your students and you only check.
        </li>
      </ol>
      <p className="hint">
        Everything stays on this device: photos, faces and names are never sent anywhere.
      </p>
    </section>
  );
}

/** Right after the first class is made: where step 2 happens. */
export function NextStep({ classes }: { classes: readonly ClassSummary[] }) {
  const first = classes[0];
  if (classes.length !== 1 || !first || first.studentCount > 0) return null;
  return (
    <p className="next-step" role="note">
      Next step: open{' '}
      <a className="link-target" href={href.class(first.id)}>
        {first.name}
      </a>{' '}
      and add its class list.
    </p>
  );
}
