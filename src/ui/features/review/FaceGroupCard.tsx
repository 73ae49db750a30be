import { useId, useState } from 'react';
import type { Student } from '../../../contracts/entities';
import type { CropId } from '../../../contracts/ids';
import type { FaceGroup } from '../../../contracts/review';
import { NameForm } from '../../components/NameForm';
import { countOf } from '../../format';
import { FaceTile, PoorFaceLegend } from './FaceTile';
import { PickStudentForm } from './PickStudentForm';
import { useFaceThumbnails } from '../photos/face-thumbnails';
import { reviewMutations } from './queries';
import type { RunReviewAction } from './use-review-action';

/** A class over a term has hundreds of faces per student: show the first ones until asked. */
const FACES_SHOWN = 48;

/** At or above this a group looks like one person; below, the teacher should look closer. */
const CONSISTENT = 0.6;

export function groupTitle(group: FaceGroup): string {
  if (group.kind === 'student') return group.name ?? 'Student';
  if (group.kind === 'unsorted') return 'Not yet named';
  if (group.kind === 'low-quality') return 'Low quality, not counted';
  return 'Not in this class';
}

function confidenceCue(group: FaceGroup): { text: string; tone: 'good' | 'check' } | null {
  if (group.kind === 'not-a-student' || group.kind === 'low-quality') return null;
  if (group.faces.length < 2) return { text: 'One face only', tone: 'check' };
  return group.confidence >= CONSISTENT
    ? { text: 'Looks like one person', tone: 'good' }
    : { text: 'Check these faces', tone: 'check' };
}

export function FaceGroupCard({
  group,
  students,
  rosterListId,
  selected,
  onToggle,
  run,
}: {
  group: FaceGroup;
  students: readonly Student[];
  rosterListId: string;
  selected: ReadonlySet<CropId>;
  onToggle: (cropId: CropId) => void;
  run: RunReviewAction;
}) {
  const [showAll, setShowAll] = useState(false);
  const headingId = useId();
  const shown = showAll ? group.faces : group.faces.slice(0, FACES_SHOWN);
  const cropIds = shown.map((f) => f.cropId);
  const jpegOf = useFaceThumbnails(cropIds);
  const title = groupTitle(group);
  const cue = confidenceCue(group);
  const allIds = group.faces.map((f) => f.cropId);

  return (
    <li className={`face-group face-group--${group.kind}`} aria-labelledby={headingId}>
      <header className="face-group__header">
        <h3 id={headingId}>{title}</h3>
        <span className="face-group__count">{countOf(group.faces.length, 'face')}</span>
        {cue && <span className={`cue cue--${cue.tone}`}>{cue.text}</span>}
      </header>
      <ul className="face-grid" aria-label={`Faces of ${title}`}>
        {shown.map((face, i) => (
          <FaceTile
            key={face.cropId}
            face={face}
            label={`Face ${i + 1} of ${title}`}
            jpeg={jpegOf?.get(face.cropId)}
            selected={selected.has(face.cropId)}
            onToggle={() => onToggle(face.cropId)}
          />
        ))}
      </ul>
      <PoorFaceLegend faces={shown} />
      {group.faces.length > shown.length && (
        <button type="button" className="secondary" onClick={() => setShowAll(true)}>
          Show all {group.faces.length} faces
        </button>
      )}
      {group.kind === 'student' && group.studentId && (
        <div className="face-group__actions">
          <NameForm
            label={group.isAutoCreated ? `Who is ${title}?` : `Rename or merge ${title}`}
            submitLabel="Save name"
            suggestions={rosterListId}
            save={async (name) => {
              const student = await reviewMutations.name(group.studentId!, name);
              return student;
            }}
          />
          {students.length > 1 && (
            <PickStudentForm
              label="Same person as"
              students={students.filter((s) => s.id !== group.studentId)}
              submitLabel={`Merge ${title} into them`}
              onPick={(into) =>
                run(
                  () => reviewMutations.merge(group.studentId!, into.id),
                  (kept) => `Merged ${title} into ${kept.name}.`,
                )
              }
            />
          )}
        </div>
      )}
      {group.kind !== 'student' && (
        <div className="face-group__actions">
          {/* Any answer is a name from the class list or a new one; low-quality faces too,
              once the teacher opens them. */}
          <NameForm
            label="Who is this?"
            submitLabel="Save name"
            suggestions={rosterListId}
            save={(name) => reviewMutations.assignToName(allIds, name)}
          />
          {group.kind === 'unsorted' && (
            <button
              type="button"
              className="danger-outline"
              onClick={() =>
                run(
                  () => reviewMutations.notAStudent(allIds),
                  () => `Marked ${countOf(allIds.length, 'face')} as not in this class.`,
                )
              }
            >
              Not in this class
            </button>
          )}
          {group.kind === 'not-a-student' && group.dismissedId && (
            <button
              type="button"
              className="secondary"
              onClick={() =>
                run(
                  () => reviewMutations.restoreDismissed(group.dismissedId!),
                  () => `${countOf(allIds.length, 'face')} will be asked about again.`,
                )
              }
            >
              Ask me again
            </button>
          )}
        </div>
      )}
    </li>
  );
}
