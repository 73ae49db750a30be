// Names for students that clustering (or a teacher's "split") creates before anyone names them.
import type { ClassId } from '../../contracts/ids';
import type { Queryable } from '../../db/open';

export async function existingNames(tx: Queryable, classId: ClassId): Promise<Set<string>> {
  const { rows } = await tx.query<{ name: string }>(
    'select lower(name) as name from students where class_id = $1',
    [classId],
  );
  return new Set(rows.map((r) => r.name));
}

/** "Unnamed 1", "Unnamed 2", ... skipping names the class already has. */
export class UnnamedStudentNames {
  private counter = 0;
  constructor(private readonly taken: Set<string>) {}
  next(): string {
    for (;;) {
      const name = `Unnamed ${++this.counter}`;
      if (!this.taken.has(name.toLowerCase())) {
        this.taken.add(name.toLowerCase());
        return name;
      }
    }
  }
}
