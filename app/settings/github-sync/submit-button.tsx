"use client";

import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";

/** A form's submit button that says it is working while the form's action runs. */
export function SubmitButton({
  children,
  pendingText,
  className,
  disabled,
  autoFocus,
}: {
  children: ReactNode;
  pendingText: string;
  className: string;
  disabled?: boolean;
  autoFocus?: boolean;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending || disabled}
      aria-disabled={pending || disabled}
      autoFocus={autoFocus}
      className={`${className} disabled:cursor-not-allowed disabled:opacity-60`}
    >
      {pending ? pendingText : children}
    </button>
  );
}
