import type { Executor } from '../../server/platform/db/client.js';

/**
 * `tx` whose first savepoint is preceded by `race` (what another run stores meanwhile): makes the
 * race between a lookup and the write after it deterministic.
 */
export function racing(tx: Executor, race: (tx: Executor) => Promise<unknown>): Executor {
  let raced = false;
  return new Proxy(tx, {
    get(target, property, receiver) {
      if (property !== 'transaction') return Reflect.get(target, property, receiver) as unknown;
      return async (work: (savepoint: Executor) => Promise<unknown>) => {
        if (!raced) {
          raced = true;
          await race(target);
        }
        return target.transaction(work);
      };
    },
  });
}
