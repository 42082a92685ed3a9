# syntax=docker/dockerfile:1

# Kvalitetsloop: build with the dev dependencies, run with the production ones.
# The image is meant to run against an external PostgreSQL (DATABASE_URL, see
# docker-compose.yml). embedded-postgres is a runtime dependency and is
# installed too, but with DATABASE_URL set it is never started.

# ---- build ------------------------------------------------------------------
FROM node:24-bookworm-slim AS build
# @scarf/scarf (pulled in by swagger-ui-dist) reports installs unless told not to.
ENV SCARF_ANALYTICS=false
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
# tsc -p tsconfig.build.json -> dist/ (dist/src, dist/workflows, dist/migrations)
RUN npm run build

# ---- runtime ----------------------------------------------------------------
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    SCARF_ANALYTICS=false \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The web pages' templates and own static files are read from src/web at run time.
COPY --from=build /app/src/web/views ./src/web/views
COPY --from=build /app/src/web/assets ./src/web/assets
# Only used when DATABASE_URL is not set (the embedded server's DATA_DIR, ./data).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# V8 flags: src/node-flags.ts (README → Configuration → Memory).
CMD ["node", "--max-semi-space-size=4", "--max-old-space-size=160", "dist/src/main.js"]
