import type { GithubSimulator } from "../tools/github-simulator";

/**
 * The simulator's demo data: user `octocat`, organization `acme-corp` (octocat is its admin) and
 * repository `acme-corp/templates` with a handful of templates, one file that is not valid JSON
 * (so the settings page shows an error with line and column) and a README.
 */
export const DEMO_REPOSITORY = "acme-corp/templates";

const template = (schemaUrl: string, document: Record<string, unknown>) =>
  JSON.stringify({ $schema: schemaUrl, ...document }, null, 2) + "\n";

export function demoFiles(appUrl: string): Record<string, string> {
  const schema = `${appUrl}/schemas/template.json`;
  return {
    "README.md": `# Acme templates

Message templates for Acme's products, synced into Allegro by GitHub Template Sync.
Every \`.json\` file under \`templates/\` is one template; \`"$schema"\` lets editors check it as you type.
\`templates/broken-banner.json\` is deliberately invalid, to show how Allegro reports a bad file.
`,
    "templates/signup-welcome.json": template(schema, {
      name: "Sign-up welcome",
      description: "Sent right after a new customer creates an account",
      subject: "Welcome to Acme, {{firstName}}!",
      body: "Hi {{firstName}},\n\nThanks for joining Acme. Your workspace is ready.",
    }),
    "templates/password-reset.json": template(schema, {
      name: "Password reset",
      description: "One-time link to choose a new password",
      subject: "Reset your Acme password",
      body: "Use this link within 30 minutes: {{resetUrl}}",
      expiresInMinutes: 30,
    }),
    "templates/order-confirmation.json": template(schema, {
      name: "Order confirmation",
      description: "Confirms an order and lists its items",
      subject: "Order {{orderNumber}} confirmed",
      sections: ["items", "shipping-address", "totals"],
    }),
    "templates/shipping-update.json": template(schema, {
      name: "Shipping update",
      description: "Tells the customer where their parcel is",
      subject: "Your order is on its way",
      channels: ["email", "sms"],
    }),
    "templates/billing/invoice-due.json": template(schema, {
      name: "Invoice due",
      description: "Reminder three days before an invoice is due",
      subject: "Invoice {{invoiceNumber}} is due on {{dueDate}}",
      sendDaysBefore: 3,
    }),
    "templates/broken-banner.json": `{\n  "$schema": "${schema}",\n  "name": "Holiday banner"\n  "description": "A comma is missing above"\n}\n`,
  };
}

/** Seeds the demo accounts and repository into an empty simulator (no webhook: nothing is installed yet). */
export async function seedDemoRepository(sim: GithubSimulator, appUrl: string) {
  sim.createAccount({ login: "octocat" });
  sim.createAccount({ login: "acme-corp", type: "Organization", members: [{ login: "octocat", role: "admin" }] });
  const [owner, name] = DEMO_REPOSITORY.split("/") as [string, string];
  await sim.createRepository({ owner, name, files: demoFiles(appUrl) });
}
