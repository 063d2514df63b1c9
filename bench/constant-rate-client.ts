// The load generator of the api benchmark, in its own process: open-loop HTTP load at a constant
// arrival rate. Request i is due at start + i/rate whether or not earlier ones have answered, and its
// latency is counted from when it was due, so a slow server cannot hide its queue by slowing the
// generator down (coordinated omission). autocannon's rate limit instead lets every connection fire
// its share of a second back to back at the start of the second: that measures a burst, not a rate.
//
// Reads one JSON spec on stdin, writes one JSON result line on stdout.
import { Pool } from 'undici';
import type { ConstantRateResult, ConstantRateSpec } from './constant-rate.js';

async function readSpec(): Promise<ConstantRateSpec> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as ConstantRateSpec;
}

async function run(spec: ConstantRateSpec): Promise<ConstantRateResult> {
  const pool = new Pool(spec.url, { connections: spec.connections, pipelining: 1 });
  const interval = 1000 / spec.rate;
  // The warm-up runs at the same rate and is not counted (connections, JIT, caches on both ends).
  const warmup = Math.round(spec.rate * spec.warmupSeconds);
  const total = warmup + Math.round(spec.rate * spec.durationSeconds);
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let lastDone = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now() + 20;
  let next = 0;
  await new Promise<void>((allSent) => {
    const tick = () => {
      const now = performance.now();
      for (; next < total && start + next * interval <= now; next += 1) {
        const index = next;
        const due = start + index * interval;
        const path = spec.paths[index % spec.paths.length]!;
        inFlight.push(
          pool.request({ method: 'GET', path, headers: spec.headers }).then(
            async (response) => {
              await response.body.dump();
              const done = performance.now();
              if (response.statusCode < 200 || response.statusCode >= 300) non2xx += 1;
              else if (index >= warmup) latencies.push(done - due);
              lastDone = done;
            },
            () => {
              errors += 1;
            },
          ),
        );
      }
      if (next < total) setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
      else allSent();
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  await Promise.all(inFlight);
  await pool.close();
  latencies.sort((a, b) => a - b);
  return { sent: total - warmup, completed: latencies.length, errors, non2xx, achievedRate: latencies.length / ((lastDone - (start + warmup * interval)) / 1000), latencies };
}

process.stdout.write(`${JSON.stringify(await run(await readSpec()))}\n`);
