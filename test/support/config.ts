import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../config/index.js';

export const DEMO_PASSWORD = 'Lagebild-Test-2026!';

/** A configuration for tests: loopback, random port, quiet logs, a throwaway data directory. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    HOST: '127.0.0.1',
    PORT: '1',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'lagebild-test-')),
    LOG_LEVEL: 'silent',
    LAGEBILD_DEMO_PASSWORD: DEMO_PASSWORD,
    SESSION_SECRET: 'test-session-secret-with-at-least-32-characters',
    ...overrides,
  });
}
