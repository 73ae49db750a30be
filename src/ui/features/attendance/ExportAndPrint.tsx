import { useMutation, useQuery } from '@tanstack/react-query';
import type { CsvFile } from '../../../contracts/attendance';
import type { ClassId } from '../../../contracts/ids';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format';
import { classQueries } from '../classes/queries';
import { downloadCsv } from './queries';
import { MutationButton } from '../../components/BusyButton';

/**
 * "Export CSV" (made by the core, downloaded here) and "Print" for a sheet or an overview. The
 * printout starts with the class's name, and the lesson's title and date for a lesson's sheet:
 * a sheet of paper has no page around it to say which class it is.
 */
export function ExportAndPrint({
  exportCsv,
  classId,
  lesson,
}: {
  exportCsv: () => Promise<CsvFile>;
  classId: ClassId;
  lesson?: { startsAt: string; title: string };
}) {
  const mutation = useMutation({ mutationFn: exportCsv, onSuccess: downloadCsv });
  const klass = useQuery(classQueries.detail(classId));
  const printTitle = [
    klass.data?.name,
    lesson?.title || null,
    lesson ? formatDateTime(lesson.startsAt) : 'Attendance of every lesson',
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <>
      {/* Drawn from the attribute by print CSS only, so the screen's text (and a search of it)
          never meets a second copy of the class and lesson names. */}
      <p className="print-title" data-testid="print-title" data-print-title={printTitle} />
      <div className="button-row no-print">
        <MutationButton mutation={mutation}>Export CSV</MutationButton>
        <button type="button" className="secondary" onClick={() => window.print()}>
          Print
        </button>
      </div>
      <ErrorMessage error={mutation.error} />
    </>
  );
}
