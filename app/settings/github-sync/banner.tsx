import type { ReactNode } from "react";

export type Tone = "success" | "warning" | "failure" | "info";

const STYLE: Record<Tone, string> = {
  success: "border-green-300 bg-green-50 text-green-900",
  warning: "border-amber-300 bg-amber-50 text-amber-950",
  failure: "border-red-300 bg-red-50 text-red-900",
  info: "border-sky-200 bg-sky-50 text-sky-900",
};

/** A page-level message coloured by its outcome; failures and warnings are announced at once. */
export function Banner({ tone, title, children }: { tone: Tone; title?: string; children?: ReactNode }) {
  return (
    <div
      role={tone === "failure" || tone === "warning" ? "alert" : "status"}
      data-tone={tone}
      data-testid="banner"
      className={`rounded border px-4 py-3 text-sm ${STYLE[tone]}`}
    >
      {title && <p className="font-semibold">{title}</p>}
      {children && <div className={title ? "mt-1" : undefined}>{children}</div>}
    </div>
  );
}
