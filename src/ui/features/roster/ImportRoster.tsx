import { useMutation } from '@tanstack/react-query';
import type { ClassId } from '../../../contracts/ids';
import { ErrorMessage } from '../../components/ErrorMessage';
import { FilePickerButton } from '../../components/FilePickerButton';
import { ImportSummary } from './ImportSummary';
import { studentMutations } from './queries';

const ACCEPTED_FILES = '.csv,.txt,text/csv,text/plain';

/** "Import class list": pick a CSV or text file; every name in it is added, or none. */
export function ImportRoster({ classId }: { classId: ClassId }) {
  const mutation = useMutation({
    mutationFn: (file: File) => studentMutations.importRoster(classId, file),
  });

  return (
    <div className="import-roster">
      <FilePickerButton
        busy={mutation.isPending}
        busyLabel="Importing…"
        inputLabel="Class list file (CSV or text)"
        accept={ACCEPTED_FILES}
        onFiles={([file]) => mutation.mutate(file!)}
      >
        Import class list
      </FilePickerButton>
      <p className="hint">A CSV with a “name” column, or a text file with one name per line.</p>
      {mutation.isSuccess && (
        <ImportSummary fileName={mutation.variables.name} result={mutation.data} />
      )}
      <ErrorMessage error={mutation.error} />
    </div>
  );
}
