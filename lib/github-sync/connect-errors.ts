/** Why connecting failed; the code travels in the settings page URL, the message is shown there. */
export const CONNECT_ERRORS = {
  state_invalid:
    "The connection link is invalid (tampered with, or not from this app). Start again with “Connect GitHub Repository”.",
  state_expired: "The connection link expired: it is valid for one hour. Start again with “Connect GitHub Repository”.",
  state_used: "This connection link was already used. Start again with “Connect GitHub Repository”.",
  state_other_user:
    "This connection was started by another user or for another organization. Start again from your own settings page.",
  // One answer whether the id is unknown, not accessible to you, or linked elsewhere: no probing of ids.
  installation_refused:
    "This installation cannot be connected: GitHub did not confirm that your GitHub account can access it, or it is already connected to another Allegro organization. Nothing was changed.",
  ownership_unverifiable:
    "Connecting is turned off: this server cannot verify who installed the GitHub App. An administrator must enable “Request user authorization (OAuth) during installation” on the GitHub App and set GITHUB_APP_CLIENT_ID and GITHUB_APP_CLIENT_SECRET. Nothing was connected.",
  oauth_missing:
    "GitHub did not send an authorization code, so your access to the installation cannot be verified. An administrator must enable “Request user authorization (OAuth) during installation” on the GitHub App. Nothing was connected.",
  already_connected: "This organization is already connected to another GitHub installation. Disconnect it first.",
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
  return code && Object.hasOwn(CONNECT_ERRORS, code) ? CONNECT_ERRORS[code as ConnectErrorCode] : null;
}
