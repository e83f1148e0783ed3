/** Why the manifest callback refused, as `/setup/github?error=<code>`; nothing is stored for any of them. */
export const SETUP_ERRORS = {
  state_invalid: "The setup link was not issued by this server (forged or damaged state). Start again.",
  state_expired: "The setup link expired (it lasts an hour). Start again.",
  state_used: "This setup link was already used. Start again.",
  code_missing: "GitHub did not send a code back. Start again.",
  code_refused:
    "GitHub refused the code: it was already exchanged or has expired (codes last an hour and work once). Start again.",
  webhook_mismatch:
    "GitHub created an App whose webhook URL is not this server's, so it was not stored. Delete that App on GitHub and start again.",
  github_unavailable: "GitHub could not be reached. Start again in a moment.",
  not_operator: "Enter the setup code first.",
  already_configured: "A GitHub App is configured already.",
  no_encryption_key:
    "ALLEGRO_ENCRYPTION_KEY is not set, so the App's secrets cannot be stored. Set it and start again.",
} as const;

export type SetupErrorCode = keyof typeof SETUP_ERRORS;

export class SetupError extends Error {
  constructor(
    readonly code: SetupErrorCode,
    detail?: string,
  ) {
    super(detail ? `${SETUP_ERRORS[code]} (${detail})` : SETUP_ERRORS[code]);
    this.name = "SetupError";
  }
}

export function setupErrorMessage(code: string | undefined): string | null {
  return code && Object.hasOwn(SETUP_ERRORS, code) ? SETUP_ERRORS[code as SetupErrorCode] : null;
}
