/** A field's error message, referenced by the field's aria-describedby. Announced when it appears. */
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="mt-1 text-sm text-red-800">
      {message}
    </p>
  );
}

/** aria-invalid and aria-describedby (help text, then the error) for a field named `name`. */
export function fieldProps(name: string, help: string | null, error: string | undefined) {
  const describedBy = [help ? `${name}-help` : null, error ? `${name}-error` : null].filter(Boolean).join(" ");
  return {
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy || undefined,
  } as const;
}
