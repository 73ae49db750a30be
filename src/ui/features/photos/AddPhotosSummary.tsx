import type { AddPhotosResult } from '../../../contracts/photos';
import { countOf } from '../../format';

/** What adding a selection of files did, one sentence per file that was not added. */
export function AddPhotosSummary({ result }: { result: AddPhotosResult }) {
  const { added, duplicates, refused } = result;
  return (
    <div className="import-summary" role="status" aria-label="Result of adding photos">
      <p>
        <strong>
          {added.length === 0
            ? 'No photos were added.'
            : `Added ${countOf(added.length, 'photo')}.`}
        </strong>
      </p>
      {duplicates.map((file, index) => (
        <p key={`d${index}`}>“{file.fileName}” is already in this session.</p>
      ))}
      {refused.map((file, index) => (
        <p key={`r${index}`} className="import-summary__refused">
          “{file.fileName}” was not added: {file.reason}
        </p>
      ))}
    </div>
  );
}
