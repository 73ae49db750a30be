import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { ErrorMessage } from './ErrorMessage';
import { NO_AUTOFILL_FIELD, NO_AUTOFILL_FORM } from './no-autofill';

interface NameFormProps {
  label: string;
  submitLabel: string;
  /** Saves the typed name; the field is cleared once it succeeds. */
  save: (name: string) => Promise<unknown>;
  className?: string;
  /** The id of a <datalist> of suggestions (e.g. the roster's names). */
  suggestions?: string;
}

/** A one-field form ("Class name" + "Create class") with its error shown underneath. */
export function NameForm({ label, submitLabel, save, className, suggestions }: NameFormProps) {
  const [name, setName] = useState('');
  const inputId = useId();
  const errorId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // Back to the field once the save is done (for the next name, or to correct what the message
  // is about), unless the teacher has moved on to another field meanwhile: taking the focus
  // from there would send what they are typing into this field.
  const backToField = () => {
    const active = document.activeElement;
    if (active === null || active === document.body || formRef.current?.contains(active))
      inputRef.current?.focus();
  };
  const mutation = useMutation({
    mutationFn: save,
    // Cleared only if the teacher has not started typing the next name meanwhile.
    onSuccess: (_saved, submitted) => {
      setName((current) => (current === submitted ? '' : current));
      backToField();
    },
    onError: backToField,
  });

  return (
    <form
      {...NO_AUTOFILL_FORM}
      ref={formRef}
      className={['name-form', className].filter(Boolean).join(' ')}
      onSubmit={(event) => {
        event.preventDefault();
        if (!mutation.isPending) mutation.mutate(name);
      }}
    >
      <div className="field">
        <label htmlFor={inputId}>{label}</label>
        <input
          {...NO_AUTOFILL_FIELD}
          id={inputId}
          ref={inputRef}
          value={name}
          autoComplete="off"
          list={suggestions}
          aria-invalid={mutation.isError}
          aria-describedby={mutation.isError ? errorId : undefined}
          onChange={(event) => {
            setName(event.target.value);
            if (mutation.isError) mutation.reset();
          }}
        />
      </div>
      <button type="submit" className="primary" aria-disabled={mutation.isPending}>
        {submitLabel}
      </button>
      <ErrorMessage error={mutation.error} id={errorId} />
    </form>
  );
}
