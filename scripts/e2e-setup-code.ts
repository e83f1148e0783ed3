/** The operator's setup code (ALLEGRO_SETUP_CODE) of the unconfigured e2e server; the setup spec types it. */
export const E2E_SETUP_CODE = "e2e-setup-code-7f3a9c2d";
