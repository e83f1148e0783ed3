/** One line of the setup check page. */
export type CheckStatus = "pass" | "warning" | "failure";

export type SetupCheck = {
  id: string;
  title: string;
  status: CheckStatus;
  /** What was found. */
  detail: string;
  /** How to fix it (warnings and failures). */
  fix?: string;
};

export const check = (id: string, title: string, status: CheckStatus, detail: string, fix?: string): SetupCheck => ({
  id,
  title,
  status,
  detail,
  ...(fix ? { fix } : {}),
});
