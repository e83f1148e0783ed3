import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.SESSION_SECRET = "test-session-secret-that-is-long-enough-0123456789";
process.env.APP_URL = "http://localhost:3000";
