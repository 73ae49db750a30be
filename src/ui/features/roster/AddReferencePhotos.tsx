import { useMutation } from '@tanstack/react-query';
import type { EnrolStudentResult } from '../../../contracts/enrolment';
import type { Student } from '../../../contracts/entities';
import { ErrorMessage } from '../../components/ErrorMessage';
import { FilePickerButton } from '../../components/FilePickerButton';
import { countOf } from '../../format';
import { studentMutations } from './queries';

/** "Add reference photos": photos of one student, each giving them a known face. */
export function AddReferencePhotos({ student }: { student: Student }) {
  const mutation = useMutation({
    mutationFn: (files: File[]) => studentMutations.enrolPhotos(student.id, files),
  });
  return (
    <div className="reference-photos">
      <FilePickerButton
        busy={mutation.isPending}
        busyLabel="Adding photos…"
        buttonLabel={`Add photos of ${student.name}`}
        title="Reference photos: Rollcall learns this student's face from them"
        inputLabel={`Reference photos of ${student.name}`}
        accept="image/*"
        multiple
        onFiles={(files) => mutation.mutate(files)}
      >
        Add photos
      </FilePickerButton>
      {mutation.isSuccess && <EnrolSummary name={student.name} result={mutation.data} />}
      <ErrorMessage error={mutation.error} />
    </div>
  );
}

function EnrolSummary({ name, result }: { name: string; result: EnrolStudentResult }) {
  return (
    <div className="import-summary" role="status" aria-label={`Reference photos of ${name}`}>
      <p>
        {result.enrolled === 0
          ? `No photo gave ${name} a face.`
          : `${countOf(result.enrolled, 'photo')} added: Rollcall now knows ${name}’s face.`}
      </p>
      <ul>
        {result.photos.map((photo, i) => (
          <li key={`${photo.fileName}-${i}`}>
            {photo.fileName}:{' '}
            {photo.error
              ? photo.error.message
              : photo.facesFound > 1
                ? `${photo.facesFound} faces found; the largest was used.`
                : 'face added.'}
          </li>
        ))}
      </ul>
    </div>
  );
}
