import { useMutation } from '@tanstack/react-query';
import { useRef } from 'react';
import type { ClassId } from '../../../contracts/ids';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ImportSummary } from './ImportSummary';
import { studentMutations } from './queries';

const ACCEPTED_FILES = '.csv,.txt,text/csv,text/plain';

/** "Import roster": pick a CSV or text file; every name in it is added, or none. */
export function ImportRoster({ classId }: { classId: ClassId }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const mutation = useMutation({
    mutationFn: (file: File) => studentMutations.importRoster(classId, file),
  });

  return (
    <div className="import-roster">
      <button
        type="button"
        className="secondary"
        aria-disabled={mutation.isPending}
        onClick={() => {
          if (!mutation.isPending) inputRef.current?.click();
        }}
      >
        {mutation.isPending ? 'Importing…' : 'Import roster'}
      </button>
      <input
        ref={inputRef}
        type="file"
        accept={ACCEPTED_FILES}
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Roster file (CSV or text)"
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Cleared so that picking the same file again imports it again.
          event.target.value = '';
          if (file) mutation.mutate(file);
        }}
      />
      <p className="hint">A CSV with a “name” column, or a text file with one name per line.</p>
      {mutation.isSuccess && (
        <ImportSummary fileName={mutation.variables.name} result={mutation.data} />
      )}
      <ErrorMessage error={mutation.error} />
    </div>
  );
}
