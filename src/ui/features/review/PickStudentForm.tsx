import { useId, useState } from 'react';
import type { Student } from '../../../contracts/entities';
import { NO_AUTOFILL_FIELD, NO_AUTOFILL_FORM } from '../../components/no-autofill';

/** A student chooser with its action button ("Move to … Move", "Same person as … Merge"). */
export function PickStudentForm({
  label,
  students,
  submitLabel,
  primary = false,
  onPick,
}: {
  label: string;
  students: readonly Student[];
  submitLabel: string;
  primary?: boolean;
  onPick: (student: Student) => void;
}) {
  const [studentId, setStudentId] = useState('');
  const selectId = useId();
  const picked = students.find((s) => s.id === studentId);
  return (
    <form
      {...NO_AUTOFILL_FORM}
      className="merge-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (picked) onPick(picked);
      }}
    >
      <div className="field">
        <label htmlFor={selectId}>{label}</label>
        <select
          {...NO_AUTOFILL_FIELD}
          id={selectId}
          value={studentId}
          onChange={(e) => setStudentId(e.target.value)}
        >
          <option value="">Choose a student…</option>
          {students.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={primary ? 'primary' : 'secondary'} aria-disabled={!picked}>
        {submitLabel}
      </button>
    </form>
  );
}
