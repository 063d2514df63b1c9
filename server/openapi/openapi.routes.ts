import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { type Router } from 'express';
import type { Api } from '../platform/http/api.js';
import { freeForm } from '../platform/http/openapi-zod.js';

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Lagebild API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<main id="swagger-ui" aria-label="Lagebild API documentation"></main>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>`;

const DOCS_INIT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
});`;

/** `/api/openapi.json` generated from the route declarations, and a docs page served locally (no CDN). */
export function registerOpenApiRoutes(api: Api, baseUrl: string): Router {
  let document: unknown;
  api.define(
    {
      method: 'get',
      path: '/api/openapi.json',
      summary: 'This OpenAPI 3.1 document',
      tags: ['Operations'],
      access: { public: true },
      responses: { 200: { description: 'OpenAPI document', schema: freeForm('An OpenAPI 3.1 document (this one)') } },
    },
    () => {
      // Generated once: every route is registered before the first request.
      document ??= api.document(baseUrl);
      return document;
    },
  );
  const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const docs = express.Router();
  docs.use('/api/docs/assets', express.static(swaggerDir, { index: false, maxAge: '1d' }));
  docs.get('/api/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(DOCS_INIT);
  });
  docs.get('/api/docs', (_req, res) => {
    // Swagger UI sets inline styles; scripts stay 'self' only.
    res.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'");
    res.type('html').send(DOCS_PAGE);
  });
  return docs;
}
