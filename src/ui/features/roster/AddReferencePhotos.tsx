import { useMutation } from '@tanstack/react-query';
import { useRef } from 'react';
import type { EnrolStudentResult } from '../../../contracts/enrolment';
import type { Student } from '../../../contracts/entities';
import { ErrorMessage } from '../../components/ErrorMessage';
import { countOf } from '../../format';
import { studentMutations } from './queries';

/** "Add reference photos": photos of one student, each giving them a known face. */
export function AddReferencePhotos({ student }: { student: Student }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const mutation = useMutation({
    mutationFn: (files: File[]) => studentMutations.enrolPhotos(student.id, files),
  });
  return (
    <div className="reference-photos">
      <button
        type="button"
        className="secondary"
        aria-disabled={mutation.isPending}
        aria-label={`Add photos of ${student.name}`}
        title="Reference photos: Rollcall learns this student's face from them"
        onClick={() => {
          if (!mutation.isPending) inputRef.current?.click();
        }}
      >
        {mutation.isPending ? 'Adding photos…' : 'Add photos'}
      </button>
      <input
        ref={inputRef}
        type="file"
        accept="image/*"
        multiple
        className="visually-hidden"
        tabIndex={-1}
        aria-label={`Reference photos of ${student.name}`}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = '';
          if (files.length > 0) mutation.mutate(files);
        }}
      />
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
