// Branded ids: a StudentId cannot be passed where a ClassId is expected, although both are
// UUID strings at run time.
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type ClassId = Brand<string, 'ClassId'>;
export type StudentId = Brand<string, 'StudentId'>;
export type SessionId = Brand<string, 'SessionId'>;
export type ImageId = Brand<string, 'ImageId'>;
export type CropId = Brand<string, 'CropId'>;
/** A question group: unknown faces that are probably one person, not yet answered. */
export type GroupId = Brand<string, 'GroupId'>;
/** Someone the teacher said is not in this class. */
export type DismissedId = Brand<string, 'DismissedId'>;
