import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { useFormContext } from "./Form";

interface FieldShellProps {
  label: ReactNode;
  name: string;
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
}

function useField(name: string, explicit?: string) {
  const id = useId();
  const { errors, clearError } = useFormContext();
  const error = explicit ?? errors[name];
  return { id, error, clearError };
}

function describedBy(id: string, hint: unknown, error: unknown) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

function Shell({ id, label, hint, error, optional, children }: { id: string; label: ReactNode; hint?: ReactNode; error?: string; optional?: boolean; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optional && <span className="optional"> (optional)</span>}
      </label>
      {children}
      {hint && (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <div className="field-error" id={`${id}-error`}>
          {error}
        </div>
      )}
    </div>
  );
}

export type TextFieldProps = FieldShellProps & Omit<InputHTMLAttributes<HTMLInputElement>, "name"> & { addon?: ReactNode };

export function TextField({ label, name, hint, error: explicit, optional, addon, onChange, className, ...input }: TextFieldProps) {
  const { id, error, clearError } = useField(name, explicit);
  const control = (
    <input
      id={id}
      name={name}
      className={["input", className].filter(Boolean).join(" ")}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy(id, hint, error)}
      onChange={(e) => {
        clearError(name);
        onChange?.(e);
      }}
      {...input}
    />
  );
  return (
    <Shell id={id} label={label} hint={hint} error={error} optional={optional}>
      {addon ? (
        <div className="input-group">
          {control}
          <span className="input-addon" aria-hidden="true">{addon}</span>
        </div>
      ) : (
        control
      )}
    </Shell>
  );
}

export interface Option { value: string; label: string }
export type SelectProps = FieldShellProps & Omit<SelectHTMLAttributes<HTMLSelectElement>, "name"> & { options: Option[]; placeholder?: string };

export function Select({ label, name, hint, error: explicit, optional, options, placeholder, onChange, className, ...select }: SelectProps) {
  const { id, error, clearError } = useField(name, explicit);
  return (
    <Shell id={id} label={label} hint={hint} error={error} optional={optional}>
      <select
        id={id}
        name={name}
        className={["select", className].filter(Boolean).join(" ")}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => {
          clearError(name);
          onChange?.(e);
        }}
        {...select}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Shell>
  );
}

export type TextAreaProps = FieldShellProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name">;

export function TextArea({ label, name, hint, error: explicit, optional, onChange, className, ...rest }: TextAreaProps) {
  const { id, error, clearError } = useField(name, explicit);
  return (
    <Shell id={id} label={label} hint={hint} error={error} optional={optional}>
      <textarea
        id={id}
        name={name}
        className={["textarea", className].filter(Boolean).join(" ")}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => {
          clearError(name);
          onChange?.(e);
        }}
        {...rest}
      />
    </Shell>
  );
}

export function Checkbox({ label, name, ...rest }: { label: ReactNode; name: string } & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "type">) {
  const id = useId();
  return (
    <label className="checkbox" htmlFor={id}>
      <input id={id} type="checkbox" name={name} {...rest} />
      {label}
    </label>
  );
}

export function SubmitButton({ children, variant = "primary", block }: { children: ReactNode; variant?: "primary" | "danger" | "secondary"; block?: boolean }) {
  const { submitting } = useFormContext();
  return (
    <button type="submit" className={`btn btn-${variant}${block ? " btn-block" : ""}`} disabled={submitting} aria-busy={submitting || undefined}>
      {submitting && <span className="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}
