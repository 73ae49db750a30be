/** The id of a session's "Faces by person" section, where its open questions are answered. */
export const FACES_BY_PERSON_ID = 'faces-by-person';
