import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { sendProblem } from './problem.js';
import { requestIdOf } from './request-id.js';
import { zodIssuesToProblems } from './validate.js';

type BodyParserError = Error & { type?: string; status?: number; expose?: boolean };

function isBodyParserError(error: unknown): error is BodyParserError {
  return error instanceof Error && typeof (error as BodyParserError).type === 'string' && typeof (error as BodyParserError).status === 'number';
}

/**
 * The only place errors become responses: AppError → its catalog status, ZodError → VALIDATION_FAILED,
 * body-parser failures → 400/413/415, a lost database connection → 503 with Retry-After, anything
 * else → INTERNAL with the cause logged and never returned.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const requestId = requestIdOf(req);
    if (error instanceof AppError) {
      if (error.headers) res.set(error.headers);
      sendProblem(res, error.code, error.message, { errors: error.errors, requestId, extensions: error.extensions });
      return;
    }
    if (error instanceof ZodError) {
      sendProblem(res, 'VALIDATION_FAILED', 'The request is invalid.', { errors: zodIssuesToProblems(error.issues), requestId });
      return;
    }
    if (isBodyParserError(error)) {
      if (error.type === 'entity.parse.failed') {
        sendProblem(res, 'MALFORMED_JSON', 'The request body is not valid JSON.', { requestId });
        return;
      }
      if (error.type === 'entity.too.large') {
        sendProblem(res, 'PAYLOAD_TOO_LARGE', 'The request body exceeds the allowed size.', { requestId });
        return;
      }
      if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') {
        sendProblem(res, 'UNSUPPORTED_MEDIA_TYPE', 'The request body encoding is not supported.', { requestId });
        return;
      }
      if (error.status !== undefined && error.status >= 400 && error.status < 500) {
        sendProblem(res, 'VALIDATION_FAILED', 'The request body could not be read.', { requestId });
        return;
      }
    }
    if (isDatabaseUnavailable(error)) {
      logger.warn({ err: error, requestId, method: req.method, url: req.originalUrl }, 'database unavailable');
      res.set('Retry-After', '2');
      sendProblem(res, 'SERVICE_UNAVAILABLE', 'The database is not reachable right now. Retry the request.', { requestId });
      return;
    }
    logger.error({ err: error, requestId, method: req.method, url: req.originalUrl }, 'unhandled error');
    sendProblem(res, 'INTERNAL', 'An unexpected error occurred. Quote the request id when reporting it.', { requestId });
  };
}

/** 404 problem+json for every route nobody handled. */
export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, 'NOT_FOUND', `No resource at ${req.method} ${req.originalUrl.split("?")[0] ?? req.path}.`, { requestId: requestIdOf(req) });
};
