import type { Response } from 'express';
import { ERROR_CATALOG, problemType, type ErrorCode, type FieldProblem } from '../errors.js';

/** RFC 9457 problem details as Lagebild sends them. */
export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldProblem[];
  requestId?: string;
  instance?: string;
};

/** Writes a problem+json response; the only function that does. */
export function sendProblem(
  res: Response,
  code: ErrorCode,
  detail: string,
  options: { errors?: FieldProblem[] | undefined; requestId?: string | undefined; instance?: string; extensions?: Readonly<Record<string, unknown>> | undefined } = {},
): void {
  const { status, title } = ERROR_CATALOG[code];
  // Extension members first: the standard members always win a name clash.
  const body: ProblemBody = { ...options.extensions, type: problemType(code), title, status, detail, code };
  if (options.errors) body.errors = options.errors;
  if (options.requestId) body.requestId = options.requestId;
  if (options.instance) body.instance = options.instance;
  res.status(status).type('application/problem+json').send(JSON.stringify(body));
}
