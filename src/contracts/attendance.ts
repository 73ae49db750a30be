// Attendance sheets, overrides, the review queue and exports. (Filled in by issue 5.)
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AttendanceApi {}
