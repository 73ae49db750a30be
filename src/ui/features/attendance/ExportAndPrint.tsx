import { useMutation } from '@tanstack/react-query';
import type { CsvFile } from '../../../contracts/attendance';
import { ErrorMessage } from '../../components/ErrorMessage';
import { downloadCsv } from './queries';
import { BusyButton } from '../../components/BusyButton';

/** "Export CSV" (made by the core, downloaded here) and "Print" for a sheet or an overview. */
export function ExportAndPrint({ exportCsv }: { exportCsv: () => Promise<CsvFile> }) {
  const mutation = useMutation({ mutationFn: exportCsv, onSuccess: downloadCsv });
  return (
    <>
      <div className="button-row no-print">
        <BusyButton busy={mutation.isPending} onClick={() => mutation.mutate()}>
          Export CSV
        </BusyButton>
        <button type="button" className="secondary" onClick={() => window.print()}>
          Print
        </button>
      </div>
      <ErrorMessage error={mutation.error} />
    </>
  );
}
