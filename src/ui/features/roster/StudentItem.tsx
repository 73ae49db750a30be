import type { Student } from '../../../contracts/entities';
import { ConfirmButton } from '../../components/ConfirmButton';
import { InlineRename } from '../../components/InlineRename';
import { AddReferencePhotos } from './AddReferencePhotos';
import { studentMutations } from './queries';

export function StudentItem({ student }: { student: Student }) {
  return (
    <li className="item">
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
                  Delete “{student.name}” from the roster? Their attendance records go too. This
                  can’t be undone.
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
        <span className="item__title">{student.name}</span>
      </InlineRename>
    </li>
  );
}
