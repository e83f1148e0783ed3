import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

/**
 * Docker cannot run on our machines, so this checks the recipe's structure instead:
 * services, health checks, the order of start, and no secret committed.
 */
const root = path.resolve(import.meta.dirname, "../..");
type Service = {
  image?: string;
  build?: { target?: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
};
const compose = parse(fs.readFileSync(path.join(root, "docker-compose.yml"), "utf8")) as {
  services: Record<string, Service>;
};
const services = compose.services;
const dockerfile = fs.readFileSync(path.join(root, "Dockerfile"), "utf8");

const SECRET_NAME = /(PASSWORD|SECRET|PRIVATE_KEY|SIGNING_KEY|EVENT_KEY|TOKEN|DATABASE_URL|_URI)$/;
/** `${VAR:?message}` (required) or `${VAR:-}` (optional, empty by default): a value read from the environment. */
const FROM_ENV = /\$\{[A-Z_][A-Z0-9_]*(:\?[^}]*|:-)\}/;

describe("docker-compose.yml", () => {
  it("has PostgreSQL, the app, a one-shot migrate service and Inngest with its own Redis and PostgreSQL", () => {
    expect(Object.keys(services).sort()).toEqual(
      ["app", "inngest", "inngest-postgres", "inngest-redis", "migrate", "postgres"].sort(),
    );
    expect(services.migrate!.build?.target).toBe("migrate");
    expect(services.app!.build?.target).toBe("runner");
    expect(services.inngest!.command?.slice(0, 2)).toEqual(["inngest", "start"]);
    const sdkUrl = services.inngest!.command![services.inngest!.command!.indexOf("--sdk-url") + 1];
    expect(sdkUrl).toBe("http://app:3000/api/inngest");
    expect(services.inngest!.environment).toMatchObject({
      INNGEST_REDIS_URI: "redis://inngest-redis:6379",
      INNGEST_POSTGRES_URI: expect.stringContaining("@inngest-postgres:5432/inngest"),
    });
    expect(services.app!.environment!.INNGEST_BASE_URL).toBe("http://inngest:8288");
  });

  it("gives every long-running service a health check, the app's on /api/health", () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === "migrate") continue;
      expect(service.healthcheck?.test, name).toBeDefined();
    }
    expect(services.app!.healthcheck!.test.join(" ")).toContain("/api/health");
    expect(services.inngest!.healthcheck!.test.join(" ")).toContain("/health");
  });

  it("starts the app only after PostgreSQL is healthy and the migrations succeeded", () => {
    expect(services.app!.depends_on).toMatchObject({
      postgres: { condition: "service_healthy" },
      migrate: { condition: "service_completed_successfully" },
    });
    expect(services.migrate!.depends_on).toMatchObject({ postgres: { condition: "service_healthy" } });
  });

  it("binds the Inngest dashboard (no authentication) to localhost only", () => {
    expect(services.inngest!.ports!.length).toBeGreaterThan(0);
    for (const port of services.inngest!.ports!) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it("commits no secret: every secret-looking variable comes from the environment", () => {
    const checked: string[] = [];
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (!SECRET_NAME.test(key)) continue;
        checked.push(`${name}.${key}`);
        const text = String(value);
        // A URL may name a user and a host, but its password must be interpolated.
        const password = /:\/\/[^:/@]+:([^@]*)@/.exec(text)?.[1];
        if (password !== undefined) expect(password, `${name}.${key}`).toMatch(new RegExp(`^${FROM_ENV.source}$`));
        else if (!/^redis:\/\/[^@]+$/.test(text))
          expect(text, `${name}.${key}`).toMatch(new RegExp(`^${FROM_ENV.source}$`));
      }
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        "postgres.POSTGRES_PASSWORD",
        "inngest-postgres.POSTGRES_PASSWORD",
        "app.DATABASE_URL",
        "app.SESSION_SECRET",
        "app.GITHUB_APP_PRIVATE_KEY",
        "app.GITHUB_WEBHOOK_SECRET",
        "app.GITHUB_APP_CLIENT_SECRET",
        "app.INNGEST_SIGNING_KEY",
        "app.INNGEST_EVENT_KEY",
        "inngest.INNGEST_SIGNING_KEY",
        "migrate.DATABASE_URL",
      ]),
    );
    // Required secrets fail fast (`:?`); only optional settings may default to empty.
    for (const key of ["SESSION_SECRET", "GITHUB_APP_PRIVATE_KEY", "INNGEST_SIGNING_KEY"]) {
      expect(services.app!.environment![key]).toMatch(/^\$\{[A-Z_]+:\?/);
    }
  });
});

describe("Dockerfile", () => {
  const stages = [...dockerfile.matchAll(/^FROM \S+ AS (\w+)$/gm)].map((m) => m[1]);
  const runner = dockerfile.slice(dockerfile.indexOf("AS runner"));

  it("is multi-stage, and the app runs the standalone server as a non-root user", () => {
    expect(stages).toEqual(["builder", "migrate", "runner"]);
    expect(runner).toMatch(/^USER node$/m);
    expect(runner).toMatch(/COPY --from=builder .*\/app\/\.next\/standalone/);
    // With the client-address hook, as npm start runs it (tests/e2e/standalone.spec.ts starts it the same way).
    expect(runner).toMatch(/^CMD \["node", "--import", "\.\/client-address-hook\.mjs", "server\.js"\]$/m);
    expect(runner).toMatch(/^ENV .*ALLEGRO_CLIENT_ADDRESS_HOOK=1/m);
  });

  it("checks /api/health, and migrates only in its own target, never at start", () => {
    expect(runner).toMatch(/^HEALTHCHECK [\s\S]*\/api\/health/m);
    expect(runner).not.toMatch(/migrate/);
    expect(dockerfile).toMatch(/AS migrate[\s\S]*CMD \[.*"migrate", "deploy"\]/);
  });

  it("keeps secrets out of the image", () => {
    expect(dockerfile).not.toMatch(/^(ENV|ARG) .*(SECRET|PASSWORD|PRIVATE_KEY|SIGNING_KEY|TOKEN)/m);
    expect(fs.readFileSync(path.join(root, ".dockerignore"), "utf8")).toMatch(/^\.env$/m);
  });
});
