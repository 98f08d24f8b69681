/** A labelled input: the label's text above the field, the value as a string. */
import type { InputHTMLAttributes } from 'react';

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'> & {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Ignore clearing the field (a date range keeps its last day). */
  nonEmpty?: boolean;
  grow?: boolean;
  /** what is wrong with the value, shown under it and announced with it */
  error?: string | undefined;
};

export function Field({ id, label, value, onChange, nonEmpty, grow, error, ...input }: FieldProps) {
  return (
    <label className={grow ? 'field grow' : 'field'}>
      <span>{label}</span>
      <input
        id={id}
        value={value}
        onChange={(e) => (!nonEmpty || e.target.value !== '') && onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...input}
      />
      {error && (
        <span className="field-error" id={`${id}-error`} data-field-error={id}>
          {error}
        </span>
      )}
    </label>
  );
}
