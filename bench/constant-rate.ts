// Runs the constant-rate load generator (bench/constant-rate-client.ts) in a child process, so the
// load's own CPU is not spent on the event loop of the server under test.
import { spawn } from 'node:child_process';

export type ConstantRateSpec = {
  url: string;
  paths: string[];
  headers: Record<string, string>;
  rate: number;
  durationSeconds: number;
  /** Sent at the same rate before the measured part, not counted. */
  warmupSeconds: number;
  connections: number;
};

export type ConstantRateResult = {
  sent: number;
  completed: number;
  errors: number;
  non2xx: number;
  /** Completed requests per second over the run. */
  achievedRate: number;
  /** Latencies from the due time to the end of the response body, ascending, in ms. */
  latencies: number[];
};

/** Sends `spec.rate` requests per second for the duration, evenly spaced; resolves with the latencies. */
export function runConstantRate(spec: ConstantRateSpec): Promise<ConstantRateResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/constant-rate-client.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`load generator exited with ${code}`));
      else resolve(JSON.parse(output) as ConstantRateResult);
    });
    child.stdin.end(JSON.stringify(spec));
  });
}
