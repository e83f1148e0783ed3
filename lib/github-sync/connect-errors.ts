/** Why connecting failed; the code travels in the settings page URL, the message is shown there. */
export const CONNECT_ERRORS = {
  state_invalid:
    "The connection link is invalid (tampered with, or not from this app). Start again with “Connect GitHub Repository”.",
  state_expired: "The connection link expired: it is valid for one hour. Start again with “Connect GitHub Repository”.",
  state_used: "This connection link was already used. Start again with “Connect GitHub Repository”.",
  state_other_user:
    "This connection was started by another user or for another organization. Start again from your own settings page.",
  missing_state: "GitHub did not send back the connection state. Start again with “Connect GitHub Repository”.",
  installation_not_found: "GitHub does not know this installation: nothing was connected.",
  linked_elsewhere:
    "This GitHub App installation is already connected to another Allegro organization. Nothing was changed.",
  already_connected: "This organization is already connected to another GitHub installation. Disconnect it first.",
  oauth_failed:
    "GitHub could not confirm that your GitHub account can access this installation: nothing was connected.",
  approval_needs_reconnect:
    "An organization owner approved the installation. Connect again with “Connect GitHub Repository” to link it to this organization.",
  bad_request: "GitHub sent back an incomplete answer. Start again with “Connect GitHub Repository”.",
  github_unavailable: "GitHub could not be reached. Try again in a moment.",
} as const;

export type ConnectErrorCode = keyof typeof CONNECT_ERRORS;

export class ConnectError extends Error {
  constructor(readonly code: ConnectErrorCode) {
    super(CONNECT_ERRORS[code]);
    this.name = "ConnectError";
  }
}

export function connectErrorMessage(code: string | undefined): string | null {
  return code && code in CONNECT_ERRORS ? CONNECT_ERRORS[code as ConnectErrorCode] : null;
}
