"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { useFormStatus } from "react-dom";

type Props = {
  children: ReactNode;
  /** What the button says while its form is being submitted. */
  pendingLabel: ReactNode;
  className?: string;
  /** The form posts to a URL (no server action): pending from its submit until the page navigates away. */
  plainPost?: boolean;
};

/**
 * A submit button that shows its form's pending state, so every submit gives feedback: React's
 * form status for server actions, and the form's own submit event for plain posts (Sign out),
 * which end in a navigation.
 */
export function SubmitButton({ children, pendingLabel, className, plainPost = false }: Props) {
  const { pending: actionPending } = useFormStatus();
  const [posting, setPosting] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const form = button.current?.form;
    if (!plainPost || !form) return;
    const onSubmit = () => setPosting(true);
    const onShow = () => setPosting(false); // back from the browser's cache
    form.addEventListener("submit", onSubmit);
    window.addEventListener("pageshow", onShow);
    return () => {
      form.removeEventListener("submit", onSubmit);
      window.removeEventListener("pageshow", onShow);
    };
  }, [plainPost]);
  const pending = actionPending || posting;
  return (
    <button ref={button} type="submit" disabled={pending} className={className}>
      {pending ? pendingLabel : children}
    </button>
  );
}
