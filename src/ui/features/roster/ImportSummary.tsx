import type { RosterImportResult } from '../../../contracts/entities';
import { countOf, listOfNames } from '../../format';

/** What an import did, in sentences: added, already there, repeated in the file. */
export function ImportSummary({
  fileName,
  result,
}: {
  fileName: string;
  result: RosterImportResult;
}) {
  const { added, alreadyOnRoster, repeatedInFile } = result;
  return (
    <div className="import-summary" role="status" aria-label="Roster import result">
      <p>
        <strong>
          {added.length === 0
            ? `No new students in ${fileName}.`
            : `Added ${countOf(added.length, 'student')}.`}
        </strong>
      </p>
      {alreadyOnRoster.length > 0 && (
        <p>
          {alreadyOnRoster.length === 1
            ? '1 was already on the roster: '
            : `${alreadyOnRoster.length} were already on the roster: `}
          {listOfNames(alreadyOnRoster)}.
        </p>
      )}
      {repeatedInFile.length > 0 && (
        <p>
          {repeatedInFile.length === 1
            ? '1 name appeared more than once in the file and was added once: '
            : `${repeatedInFile.length} names appeared more than once in the file and were added once: `}
          {listOfNames(repeatedInFile)}.
        </p>
      )}
    </div>
  );
}
