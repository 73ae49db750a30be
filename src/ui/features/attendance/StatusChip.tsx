import type { AttendanceStatus } from '../../../contracts/entities';

export const STATUS_WORDS: Record<AttendanceStatus, string> = {
  present: 'Present',
  absent: 'Absent',
  uncertain: 'Uncertain',
};

/** A status in colour and in words (never colour alone). */
export function StatusChip({ status }: { status: AttendanceStatus }) {
  return (
    <span className={`status-chip status-chip--${status}`} data-testid="attendance-status">
      <span aria-hidden="true">{status === 'present' ? '✓' : status === 'absent' ? '✗' : '?'}</span>{' '}
      {STATUS_WORDS[status]}
    </span>
  );
}
