/** Not set up yet: where the instance's operator does it (organization admins cannot). */
export function SetupNotice() {
  return (
    <p className="mt-2 text-sm" data-testid="setup-notice">
      This Allegro instance is not set up for GitHub yet. Its operator does it in one click at{" "}
      <a className="font-medium underline" href="/setup/github">
        /setup/github
      </a>{" "}
      (with the setup code from the server log), or by setting the variables below.
    </p>
  );
}
