import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import type { CropId } from '../../../contracts/ids';
import type { Face } from '../../../contracts/photos';
import { BlobImage } from '../photos/BlobImage';
import { diagnosticsQueries } from './queries';
import { NO_AUTOFILL_FIELD } from '../../components/no-autofill';

export interface FaceChoice {
  face: Face;
  /** "photo.jpg, face 2": numbered like the boxes on the session page's photos. */
  label: string;
}

/** Labels a session's faces by photo and number, in the session page's order. */
export function faceChoices(faces: readonly Face[], fileNames: Map<string, string>) {
  const perImage = new Map<string, number>();
  return faces.map((face): FaceChoice => {
    const n = (perImage.get(face.imageId) ?? 0) + 1;
    perImage.set(face.imageId, n);
    return { face, label: `${fileNames.get(face.imageId) ?? 'Photo'}, face ${n}` };
  });
}

/** A face select with the chosen face's close-up next to it. */
export function FacePicker({
  label,
  choices,
  value,
  onChange,
}: {
  label: string;
  choices: readonly FaceChoice[];
  value: CropId | null;
  onChange: (cropId: CropId | null) => void;
}) {
  const id = useId();
  const chosen = choices.find((c) => c.face.id === value);
  return (
    <div className="face-picker">
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <select
          {...NO_AUTOFILL_FIELD}
          id={id}
          value={value ?? ''}
          onChange={(event) => onChange((event.target.value || null) as CropId | null)}
        >
          <option value="">Choose a face…</option>
          {choices.map((c) => (
            <option key={c.face.id} value={c.face.id}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      {chosen ? <FaceCloseUp cropId={chosen.face.id} label={chosen.label} /> : null}
    </div>
  );
}

function FaceCloseUp({ cropId, label }: { cropId: CropId; label: string }) {
  const thumbnail = useQuery(diagnosticsQueries.thumbnail(cropId));
  if (!thumbnail.data) return null;
  return (
    <BlobImage
      bytes={thumbnail.data}
      mimeType="image/jpeg"
      alt={`Close-up of ${label}`}
      width={64}
      height={64}
    />
  );
}
