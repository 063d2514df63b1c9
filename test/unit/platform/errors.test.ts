import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'chai';
import { ROOT_DIR } from '../../../config/index.js';
import { AppError, ERROR_CATALOG, problemType, type ErrorCode } from '../../../server/platform/errors.js';

describe('error catalog', () => {
  const documented = new Map(
    readFileSync(resolve(ROOT_DIR, 'docs/errors.md'), 'utf8')
      .split('\n')
      .map((line) => /^\| `([A-Z_]+)` \| (\d{3}) \|/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1]!, Number(match[2])]),
  );

  it('documents every code in docs/errors.md with its status, and nothing else', () => {
    expect([...documented.keys()].sort()).to.deep.equal(Object.keys(ERROR_CATALOG).sort());
    for (const [code, { status }] of Object.entries(ERROR_CATALOG)) expect(documented.get(code), code).to.equal(status);
  });

  it('derives a stable problem type URI per code', () => {
    expect(problemType('NOT_FOUND')).to.equal('https://lagebild.cert-thueringen.de/problems/not-found');
    const types = Object.keys(ERROR_CATALOG).map((code) => problemType(code as ErrorCode));
    expect(new Set(types).size).to.equal(types.length);
  });

  it('gives AppError the status of its code', () => {
    const error = new AppError('INVALID_STATE', 'already withdrawn');
    expect(error.status).to.equal(409);
    expect(error.message).to.equal('already withdrawn');
  });
});
