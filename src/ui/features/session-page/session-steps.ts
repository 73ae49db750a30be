// Which step of a lesson's page to show when the address does not say, and what each tab says.
import type { SessionStep } from '../../router';
import type { SessionAttendance } from '../../../contracts/attendance';
import type { SessionImage } from '../../../contracts/entities';
import { countOf } from '../../format';
import type { StepInfo } from './StepTabs';

const isBusy = (image: SessionImage) => image.status === 'pending' || image.status === 'processing';

/**
 * Where a teacher opening the lesson should land: the photos while none is processed yet (none
 * added, still working, or only failed ones), then naming the people not yet named, then the
 * sheet.
 */
export function firstStep(images: readonly SessionImage[], sheet: SessionAttendance): SessionStep {
  const noneDone = !images.some((image) => image.status === 'done');
  if (noneDone || images.some(isBusy)) return 'photos';
  return sheet.openQuestions > 0 ? 'whos-who' : 'attendance';
}

/** The tabs' words: what each step is and where it stands, in a few words. */
export function stepInfo(
  images: readonly SessionImage[] | undefined,
  sheet: SessionAttendance | undefined,
): Record<SessionStep, StepInfo> {
  const busy = images?.filter(isBusy).length ?? 0;
  const photosDone = images !== undefined && images.length > 0 && busy === 0;
  const questions = sheet?.openQuestions ?? 0;
  return {
    photos: {
      label: 'Photos',
      status:
        images === undefined
          ? ''
          : images.length === 0
            ? 'Add photos'
            : busy > 0
              ? `Working on ${countOf(busy, 'photo')}`
              : countOf(images.length, 'photo'),
      done: photosDone,
    },
    'whos-who': {
      label: 'Who’s who',
      status: !photosDone ? '' : questions > 0 ? `${questions} to name` : 'Everyone named',
      done: photosDone && sheet !== undefined && questions === 0,
    },
    attendance: {
      label: 'Attendance',
      status: sheet === undefined || !photosDone ? '' : `${sheet.counts.present} present`,
      done: false,
    },
  };
}
