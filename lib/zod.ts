import { z } from "zod";

// zod 4 compiles object parsers with `new Function`, probing once with `Function("")` when the
// first object schema is built. Under our nonce-only CSP (no 'unsafe-eval') the browser reports
// that probe as a CSP violation even though zod catches it. In the browser, parse without the JIT
// (what zod falls back to anyway when eval is refused); the server keeps it. Every schema module
// imports `z` from here, so this runs before any schema is built.
if (typeof window !== "undefined") z.config({ jitless: true });

export { z };
