import { forwardRef, useId, useState } from 'react';
import type { Student } from '../../../contracts/entities';
import { normalizeName } from '../../../domain/names';
import { NO_AUTOFILL_FIELD, NO_AUTOFILL_FORM } from '../../components/no-autofill';
import { matchStudents } from './roster-search';

/** Matches shown under the field: enough to pick from, short enough for a small card. */
const MATCHES_SHOWN = 5;

export type SearchAnswer =
  { kind: 'student'; student: Student } | { kind: 'new'; name: string } | { kind: 'not-in-class' };

/**
 * A search field over the class list (a combobox): typing filters the names (any word starting
 * with what is typed, then anywhere in the name), Enter takes the highlighted one (the first
 * unless the arrows moved it), a tap takes any. When the typed name is nobody on the list, the
 * last option adds them to the class ("Someone new"). `students` come in the order to offer
 * them (e.g. those not seen in this lesson first).
 */
export const StudentSearch = forwardRef<
  HTMLInputElement,
  {
    label: string;
    /** Shown visually; the accessible name is always `label`. */
    hideLabel?: boolean;
    placeholder?: string;
    students: readonly Student[];
    onAnswer: (answer: SearchAnswer) => void;
    disabled?: boolean;
    /**
     * Offers "Not in this class" as the list's last option, there as soon as the list opens (a
     * tap on the field, or Down: Enter alone on an empty field does nothing).
     */
    offerNotInClass?: boolean;
  }
>(function StudentSearch(
  {
    label,
    hideLabel = false,
    placeholder,
    students,
    onAnswer,
    disabled = false,
    offerNotInClass = false,
  },
  ref,
) {
  const [text, setText] = useState('');
  // The highlighted option (-1: none, e.g. nothing typed yet).
  const [active, setActive] = useState(-1);
  // The list opens as the teacher types, taps the field or presses Down; not when the app
  // moves the focus here (the next question), where it would cover the cards below.
  const [expanded, setExpanded] = useState(false);
  const [focused, setFocused] = useState(false);
  const inputId = useId();
  const listId = useId();
  const typed = normalizeName(text);
  const matches = typed === '' ? [] : matchStudents(students, typed).slice(0, MATCHES_SHOWN);
  const exact = matches.some((s) => s.name.toLowerCase() === typed.toLowerCase());
  const options: SearchAnswer[] = [
    ...matches.map((student) => ({ kind: 'student' as const, student })),
    ...(typed !== '' && !exact ? [{ kind: 'new' as const, name: typed }] : []),
    ...(offerNotInClass ? [{ kind: 'not-in-class' as const }] : []),
  ];
  const open = focused && (typed !== '' || expanded) && options.length > 0;
  // With nothing typed, none is highlighted: "Not in this class" needs a deliberate pick.
  const current = Math.min(active, options.length - 1);
  const optionId = (i: number) => `${listId}-${i}`;

  const choose = (answer: SearchAnswer | undefined) => {
    if (!answer || disabled) return;
    setText('');
    setActive(-1);
    onAnswer(answer);
  };

  // A form of its own (never submitted: Enter is handled on the field) so that Chromium treats
  // the field as part of a search form and asks no online autofill service about it
  // (src/ui/components/no-autofill.ts); a field outside any form is parsed as a form anyway.
  return (
    <form
      {...NO_AUTOFILL_FORM}
      className="student-search"
      onSubmit={(event) => event.preventDefault()}
    >
      <label htmlFor={inputId} className={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <input
        {...NO_AUTOFILL_FIELD}
        ref={ref}
        id={inputId}
        type="text"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && current >= 0 ? optionId(current) : undefined}
        placeholder={placeholder}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(normalizeName(event.target.value) === '' ? -1 : 0);
        }}
        onClick={() => setExpanded(true)}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          setExpanded(false);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            if (current >= 0) choose(options[current]);
          } else if (event.key === 'ArrowDown') {
            event.preventDefault();
            setExpanded(true);
            if (options.length > 0) setActive((current + 1) % options.length);
          } else if (event.key === 'ArrowUp' && open) {
            event.preventDefault();
            setActive(current <= 0 ? options.length - 1 : current - 1);
          } else if (event.key === 'Escape' && open) {
            // Closes the list and clears the search first; a second Escape reaches a dialog.
            event.preventDefault();
            event.stopPropagation();
            setText('');
            setExpanded(false);
          }
        }}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={label}
        className="student-search__list"
        hidden={!open}
      >
        {options.map((option, i) => (
          <li
            key={option.kind === 'student' ? option.student.id : option.kind}
            id={optionId(i)}
            role="option"
            aria-selected={i === current}
            className={`student-search__${option.kind}`}
            // Keeps the focus in the field, so Enter and the arrows still work after a tap.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(option)}
          >
            {option.kind === 'student'
              ? option.student.name
              : option.kind === 'new'
                ? `Someone new: “${option.name}”`
                : 'Not in this class'}
          </li>
        ))}
      </ul>
    </form>
  );
});
