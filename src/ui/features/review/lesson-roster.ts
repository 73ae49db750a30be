import { useQuery } from '@tanstack/react-query';
import type { ClassId, SessionId, StudentId } from '../../../contracts/ids';
import { attendanceQueries } from '../attendance/queries';
import { studentQueries } from '../roster/queries';
import { orderForLesson } from './roster-search';

/**
 * The class list in the order a teacher naming faces of a lesson wants it: the students not
 * seen in this lesson yet first (the face is most likely one of them), then the others; each
 * part alphabetical. `seen`: students with a face in the lesson's photos.
 */
export function useLessonRoster(classId: ClassId, sessionId: SessionId | undefined) {
  const students = useQuery(studentQueries.list(classId));
  const sheet = useQuery({
    ...attendanceQueries.session(sessionId ?? ('' as SessionId)),
    enabled: sessionId !== undefined,
  });
  const seen = new Set<StudentId>(
    (sheet.data?.entries ?? []).filter((e) => e.faceCount > 0).map((e) => e.studentId),
  );
  return { students: orderForLesson(students.data ?? [], seen), seen, loaded: students.isSuccess };
}
