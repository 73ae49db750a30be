import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { AttendanceEntry, SessionAttendance } from '../../../contracts/attendance';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '../../../contracts/entities';
import { ErrorMessage } from '../../components/ErrorMessage';
import { FaceImage } from './FaceImage';
import { attendanceMutations } from './queries';
import { STATUS_WORDS, StatusChip } from './StatusChip';
import { useFaceThumbnails } from '../photos/face-thumbnails';
import { NO_AUTOFILL_FIELD } from '../../components/no-autofill';
import { FacePanel, type PanelFace } from '../review/FacePanel';

/** Every student of the class with their status, the face that shows it, and an override. */
export function AttendanceSheet({ sheet }: { sheet: SessionAttendance }) {
  const thumbnails = useFaceThumbnails(
    sheet.entries.flatMap((e) => (e.evidence ? [e.evidence.cropId] : [])),
  );
  // The evidence face whose panel is open (tapping it: is this really them?).
  const [opened, setOpened] = useState<PanelFace | null>(null);
  return (
    <>
      <table className="attendance-table" aria-label="Attendance sheet">
        <thead>
          <tr>
            <th scope="col">Student</th>
            <th scope="col">Status</th>
            <th scope="col">Face</th>
            <th scope="col" className="no-print">
              Change
            </th>
          </tr>
        </thead>
        <tbody>
          {sheet.entries.map((entry) => (
            <tr key={entry.studentId} data-testid="attendance-row">
              <th scope="row">{entry.name}</th>
              <td>
                <StatusChip status={entry.status} />
                {entry.source === 'manual' && (
                  <span className="attendance-table__note">
                    set by you (photos say {STATUS_WORDS[entry.automaticStatus].toLowerCase()})
                  </span>
                )}
              </td>
              <td>
                {entry.evidence ? (
                  <button
                    type="button"
                    className="attendance-table__face"
                    aria-label={`Face of ${entry.name} in this session: open`}
                    onClick={() =>
                      entry.evidence &&
                      setOpened({
                        cropId: entry.evidence.cropId,
                        studentId: entry.studentId,
                        assignmentStatus: entry.evidence.assignmentStatus,
                      })
                    }
                  >
                    <FaceImage
                      cropId={entry.evidence.cropId}
                      thumbnails={thumbnails}
                      alt={`Face of ${entry.name} in this session`}
                    />
                  </button>
                ) : (
                  <FaceImage cropId={undefined} thumbnails={thumbnails} alt="" />
                )}
              </td>
              <td className="no-print">
                <OverrideSelect sessionId={sheet.sessionId} entry={entry} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {opened && (
        <FacePanel
          face={opened}
          classId={sheet.classId}
          sessionId={sheet.sessionId}
          onClose={() => setOpened(null)}
        />
      )}
    </>
  );
}

const AUTOMATIC = 'automatic';

function OverrideSelect({
  sessionId,
  entry,
}: {
  sessionId: SessionAttendance['sessionId'];
  entry: AttendanceEntry;
}) {
  const mutation = useMutation({
    mutationFn: (status: AttendanceStatus | null) =>
      attendanceMutations.set(sessionId, entry.studentId, status),
  });
  const value = entry.source === 'manual' ? entry.status : AUTOMATIC;
  return (
    <>
      <select
        {...NO_AUTOFILL_FIELD}
        className="override-select"
        aria-label={`Attendance of ${entry.name}`}
        value={mutation.isPending ? (mutation.variables ?? AUTOMATIC) : value}
        onChange={(event) => {
          const next = event.target.value;
          mutation.mutate(next === AUTOMATIC ? null : (next as AttendanceStatus));
        }}
      >
        <option value={AUTOMATIC}>
          From photos ({STATUS_WORDS[entry.automaticStatus].toLowerCase()})
        </option>
        {ATTENDANCE_STATUSES.map((status) => (
          <option key={status} value={status}>
            {STATUS_WORDS[status]}
          </option>
        ))}
      </select>
      <ErrorMessage error={mutation.error} />
    </>
  );
}
