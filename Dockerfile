# Multi-stage build: dependencies and client build in one stage, a slim non-root runtime in the other.
# Node 24 LTS (Node 20 is past its end of life); package.json "engines" states the oldest that works.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:client && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=8080 DATA_DIR=/var/lib/lagebild
WORKDIR /app
RUN groupadd --system lagebild && useradd --system --gid lagebild --home-dir /app lagebild \
  && mkdir -p /var/lib/lagebild && chown lagebild:lagebild /var/lib/lagebild
COPY --from=build --chown=lagebild:lagebild /app /app
USER lagebild
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "--import", "tsx", "server/main.ts"]
