import { createContext, useCallback, useContext, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { ApiError } from "../api/errors";
import { Alert } from "./feedback";

export type FormValues = Record<string, string>;

interface FormCtx {
  errors: Record<string, string>;
  submitting: boolean;
  clearError(name: string): void;
}

const Ctx = createContext<FormCtx>({ errors: {}, submitting: false, clearError: () => {} });
export const useFormContext = () => useContext(Ctx);

export interface MappedProblem {
  /** errors for fields that exist in the form, keyed by field name */
  fields: Record<string, string>;
  /** a sentence for the summary box; null when there's nothing to say beyond the inline errors */
  title: string | null;
  /** errors that could not be shown next to a field */
  items: string[];
}

function humanize(field: string): string {
  const last = field.split(".").pop() ?? field;
  const s = last.replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Splits an error into inline field errors (for fields the form has) and a summary for the
 * rest. `hasField` tells whether a field name is rendered by the form.
 */
export function mapProblem(err: unknown, hasField: (name: string) => boolean): MappedProblem {
  if (!(err instanceof ApiError)) {
    return { fields: {}, title: "Something went wrong. Please try again.", items: [] };
  }
  const fields: Record<string, string> = {};
  const items: string[] = [];
  for (const e of err.errors) {
    const name = e.location.startsWith("body.") ? e.location.slice(5) : null;
    if (name && hasField(name)) {
      if (!(name in fields)) fields[name] = e.message;
    } else if (name) {
      items.push(`${humanize(name)}: ${e.message}`);
    } else {
      items.push(e.message);
    }
  }
  const onlyInline = Object.keys(fields).length > 0 && items.length === 0;
  let title: string | null;
  if (onlyInline) {
    const n = Object.keys(fields).length;
    title = n === 1 ? "Please correct the highlighted field." : `Please correct the ${n} highlighted fields.`;
  } else {
    title = err.summary;
  }
  return { fields, title, items };
}

/** Collects a form's named controls into plain strings (unchecked checkboxes are "false"). */
export function formValues(form: HTMLFormElement): FormValues {
  const out: FormValues = {};
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) continue;
    if (!el.name || el.disabled) continue;
    if (el instanceof HTMLInputElement && el.type === "checkbox") out[el.name] = el.checked ? "true" : "false";
    else if (el instanceof HTMLInputElement && el.type === "radio") {
      if (el.checked) out[el.name] = el.value;
    } else out[el.name] = el.value;
  }
  return out;
}

export interface FormProps {
  onSubmit: (values: FormValues, form: HTMLFormElement) => Promise<unknown> | unknown;
  children: ReactNode;
  className?: string;
  "aria-label"?: string;
  id?: string;
}

/**
 * A form that runs `onSubmit`, and when it throws an ApiError (problem+json or a client-side
 * `validationError`) shows each `body.<field>` error next to its field and the rest in a
 * summary above the form. Fields find their error through context by `name`.
 */
export function Form({ onSubmit, children, className, id, ...rest }: FormProps) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<{ title: string | null; items: string[] } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const ref = useRef<HTMLFormElement>(null);
  const summaryId = useId();

  const clearError = useCallback((name: string) => {
    setErrors((e) => {
      if (!(name in e)) return e;
      const { [name]: _drop, ...restErrors } = e;
      return restErrors;
    });
  }, []);

  async function handle(ev: FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    const form = ev.currentTarget;
    if (submitting) return;
    setSubmitting(true);
    setErrors({});
    setSummary(null);
    try {
      await onSubmit(formValues(form), form);
    } catch (err) {
      const hasField = (name: string) => {
        const item = form.elements.namedItem(name);
        return item !== null;
      };
      const mapped = mapProblem(err, hasField);
      setErrors(mapped.fields);
      setSummary({ title: mapped.title, items: mapped.items });
      // Move focus to the first invalid field, or to the summary.
      requestAnimationFrame(() => {
        const first = Object.keys(mapped.fields)[0];
        const el = first ? form.elements.namedItem(first) : null;
        if (el instanceof HTMLElement) el.focus();
        else document.getElementById(summaryId)?.focus();
      });
      if (!(err instanceof ApiError)) console.error(err);
    } finally {
      if (ref.current) setSubmitting(false);
    }
  }

  return (
    <Ctx.Provider value={{ errors, submitting, clearError }}>
      <form ref={ref} noValidate onSubmit={handle} className={className} id={id} aria-busy={submitting || undefined} {...rest}>
        {summary && (summary.title || summary.items.length > 0) && (
          <div style={{ marginBottom: 16 }}>
            <Alert kind="error" id={summaryId} tabIndex={-1} title={summary.title ?? undefined}>
              {summary.items.length > 0 && (
                <ul>
                  {summary.items.map((m, i) => (
                    <li key={i}>{m}</li>
                  ))}
                </ul>
              )}
            </Alert>
          </div>
        )}
        {children}
      </form>
    </Ctx.Provider>
  );
}
