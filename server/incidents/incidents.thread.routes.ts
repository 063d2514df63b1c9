import type { Request } from 'express';
import type { Principal } from '../auth/principal.js';
import type { Api } from '../platform/http/api.js';
import type { Fits } from '../platform/http/openapi-zod.js';
import { readUpload } from './attachments.js';
import { AttachmentParamsSchema, AttachmentUploadQuerySchema, IncidentIdParamsSchema, MessageBodySchema, MessageParamsSchema } from './incidents.schemas.js';
import * as service from './incidents.service.js';
import { AttachmentSchema, MessageListSchema, MessageSchema } from './incidents.responses.js';

const TAGS = ['Incidents'];

/** The secure thread of an incident: messages, read receipts, attachments. */
export function registerThreadRoutes(api: Api, ctx: (principal: Principal, req: Request) => service.IncidentUseCaseContext): void {
  api.define({ method: 'get', path: '/api/v1/incidents/:id/messages', summary: 'The thread, oldest first', tags: TAGS, access: { authenticated: true }, params: IncidentIdParamsSchema, responses: { 200: { description: 'Messages', schema: MessageListSchema } } }, ({ params, principal, req }) =>
    service.listThread(ctx(principal, req), params.id),
  );
  api.define({ method: 'post', path: '/api/v1/incidents/:id/messages', summary: 'Post a message (TLP at most AMBER+STRICT) with uploaded attachments', tags: TAGS, access: { capability: 'incident:report' }, params: IncidentIdParamsSchema, body: MessageBodySchema, successStatus: 201, responses: { 201: { description: 'The message', schema: MessageSchema } } }, ({ params, body, principal, req }) =>
    service.postMessage(ctx(principal, req), params.id, body),
  );
  api.define({ method: 'post', path: '/api/v1/incidents/:id/messages/:messageId/read', summary: 'Mark a message as read (read receipt)', tags: TAGS, access: { authenticated: true }, params: MessageParamsSchema, responses: { 204: { description: 'Recorded' } } }, ({ params, principal, req }) =>
    service.markMessageRead(ctx(principal, req), params.id, params.messageId),
  );
  api.define(
    { method: 'post', path: '/api/v1/incidents/:id/attachments', summary: 'Upload a file (application/octet-stream, ≤ 10 MiB; pdf, png, jpg, txt, csv, json, zip, eml)', tags: TAGS, access: { capability: 'incident:report' }, params: IncidentIdParamsSchema, query: AttachmentUploadQuerySchema, successStatus: 201, responses: { 201: { description: 'The stored attachment, to name in a message', schema: AttachmentSchema } } },
    async ({ params, query, principal, req }) => service.uploadAttachment(ctx(principal, req), params.id, query.filename, await readUpload(req)),
  );
  api.define({ method: 'get', path: '/api/v1/incidents/:id/attachments/:attachmentId', summary: 'Download an attachment (always as attachment, nosniff)', tags: TAGS, access: { authenticated: true }, params: AttachmentParamsSchema, responses: { 200: { description: 'The file', contentType: 'application/octet-stream' } } }, ({ params, principal, req, res }) =>
    service.sendAttachment(ctx(principal, req), params.id, params.attachmentId, res),
  );
}

// The declared response schemas describe what the use cases return (checked by the compiler).
const _thread: Fits<Awaited<ReturnType<typeof service.listThread>>, typeof MessageListSchema> = true;
const _message: Fits<Awaited<ReturnType<typeof service.postMessage>>, typeof MessageSchema> = true;
const _attachment: Fits<Awaited<ReturnType<typeof service.uploadAttachment>>, typeof AttachmentSchema> = true;
