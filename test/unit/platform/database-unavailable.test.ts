import { expect } from 'chai';
import { isDatabaseUnavailable, retryWhileDatabaseUnavailable } from '../../../server/platform/db/unavailable.js';

function pgError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}

describe('isDatabaseUnavailable: which errors mean "the database went away, retry"', () => {
  it('recognises a server shutdown, a lost connection and a refused connect, also wrapped by drizzle', () => {
    expect(isDatabaseUnavailable(pgError('terminating connection due to administrator command', '57P01'))).to.equal(true);
    expect(isDatabaseUnavailable(pgError('the database system is starting up', '57P03'))).to.equal(true);
    expect(isDatabaseUnavailable(pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).to.equal(true);
    expect(isDatabaseUnavailable(new Error('Failed query: rollback\nparams: ', { cause: new Error('Connection terminated unexpectedly') }))).to.equal(true);
    expect(isDatabaseUnavailable(new Error('Failed query: insert …', { cause: pgError('server closed the connection unexpectedly', '08006') }))).to.equal(true);
  });

  it('leaves ordinary failures alone: constraint violations, bugs, non-errors', () => {
    expect(isDatabaseUnavailable(pgError('duplicate key value violates unique constraint', '23505'))).to.equal(false);
    expect(isDatabaseUnavailable(new Error('Failed query: select', { cause: pgError('syntax error', '42601') }))).to.equal(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).to.equal(false);
    expect(isDatabaseUnavailable('Connection terminated')).to.equal(false);
  });

  it('retries work while the database is unavailable and gives up on anything else at once', async () => {
    let calls = 0;
    const value = await retryWhileDatabaseUnavailable(() => {
      calls += 1;
      return calls < 3 ? Promise.reject(pgError('the database system is shutting down', '57P03')) : Promise.resolve('recorded');
    }, 5, 1);
    expect(value).to.equal('recorded');
    expect(calls).to.equal(3);
    let other = 0;
    const failure = await retryWhileDatabaseUnavailable(() => {
      other += 1;
      return Promise.reject(pgError('check constraint violated', '23514'));
    }, 5, 1).catch((error: Error) => error);
    expect(failure).to.be.instanceOf(Error);
    expect(other).to.equal(1);
  });
});
