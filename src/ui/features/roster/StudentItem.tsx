import type { ClassAttendanceRow } from '../../../contracts/attendance';
import type { Student } from '../../../contracts/entities';
import { ConfirmButton } from '../../components/ConfirmButton';
import { InlineRename } from '../../components/InlineRename';
import { BlobImage } from '../photos/BlobImage';
import { AddReferencePhotos } from './AddReferencePhotos';
import { studentMutations } from './queries';

/** One student of the class photo: face (or initials), name, lessons attended, and actions. */
export function StudentItem({
  student,
  attendance,
  portrait,
  editing,
}: {
  student: Student;
  attendance: ClassAttendanceRow | undefined;
  portrait: Uint8Array | undefined;
  /** Rename, reference photos and delete show only while the teacher changes the list. */
  editing: boolean;
}) {
  const summary = (
    <>
      <span className="item__title">{student.name}</span>
      <span className="item__meta" data-testid="lessons-attended">
        {lessonsAttended(attendance)}
      </span>
    </>
  );
  return (
    <li className="class-photo__student">
      {portrait ? (
        <BlobImage
          className="class-photo__face"
          bytes={portrait}
          mimeType="image/jpeg"
          alt=""
          width={96}
          height={96}
        />
      ) : (
        // The initials are drawn by CSS (attr()), so they are not part of the item's text.
        <span
          className="class-photo__face class-photo__face--none"
          data-initials={initials(student.name)}
          aria-hidden="true"
        />
      )}
      {!editing ? (
        summary
      ) : (
        <InlineRename
          value={student.name}
          fieldLabel="Student name"
          buttonLabel={`Rename ${student.name}`}
          actions={
            <>
              <AddReferencePhotos student={student} />
              <ConfirmButton
                aria-label={`Delete ${student.name}`}
                title="Delete this student?"
                message={
                  <p>
                    Delete “{student.name}” from the class list? Their attendance records go too.
                    This can’t be undone.
                  </p>
                }
                confirmLabel="Delete student"
                action={() => studentMutations.remove(student.id)}
              >
                Delete
              </ConfirmButton>
            </>
          }
          save={(name) => studentMutations.rename(student.id, name)}
        >
          {summary}
        </InlineRename>
      )}
    </li>
  );
}

function lessonsAttended(row: ClassAttendanceRow | undefined): string {
  if (!row || row.sessions === 0) return 'No lessons yet';
  return `${row.present} of ${row.sessions} ${row.sessions === 1 ? 'lesson' : 'lessons'}`;
}

/** "Ana Lopez" → "AL": a placeholder until Rollcall knows the student's face. */
function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => [...word][0] ?? '');
  return (letters.length > 2 ? [letters[0], letters.at(-1)] : letters).join('').toUpperCase();
}
