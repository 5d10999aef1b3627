# The service image for docker-compose.yml. Build: npm ci compiles better-sqlite3 (read models and the
# embedded store), then builds the service and the pages (its prepare script); then keep only production dependencies.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json nest-cli.json vite.config.ts ./
COPY scripts ./scripts
COPY src ./src
COPY projections ./projections
COPY web ./web
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production DATA_DIR=/var/lib/overgang PORT=3000
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
# The fitted parameters `npm run simulate` reads (docs/simulation.md).
COPY simulation ./simulation
RUN mkdir -p /var/lib/overgang && chown node:node /var/lib/overgang
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --retries=6 CMD node -e "fetch('http://localhost:3000/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "--max-semi-space-size=64", "dist/src/main.js"]
