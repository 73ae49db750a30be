// The attendance calls of the core API.
import type { AttendanceApi } from '../../contracts/attendance';
import type { CoreContext } from '../core-context';

export function createAttendanceApi(context: CoreContext): AttendanceApi {
  void context;
  return {};
}
