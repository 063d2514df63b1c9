import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../config/index.js';

export const DEMO_PASSWORD = 'Lagebild-Test-2026!';

/**
 * Test settings on top of config/settings.json: webhooks may reach 127.0.0.1, where the test
 * receivers listen. A test that proves the SSRF guard passes `LAGEBILD_SETTINGS: ''` to drop it.
 */
export const TEST_SETTINGS_FILE = fileURLToPath(new URL('../fixtures/config/settings.test.json', import.meta.url));

/** A configuration for tests: loopback, random port, quiet logs, a throwaway data directory. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    HOST: '127.0.0.1',
    PORT: '1',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'lagebild-test-')),
    LOG_LEVEL: 'silent',
    LAGEBILD_DEMO_PASSWORD: DEMO_PASSWORD,
    SESSION_SECRET: 'test-session-secret-with-at-least-32-characters',
    LAGEBILD_SETTINGS: TEST_SETTINGS_FILE,
    // Tests build the inventories they match against; the demo inventory would join every match.
    LAGEBILD_DEMO_INVENTORY: 'false',
    // Tests count what they create; the demo history would add advisories, incidents and a level.
    LAGEBILD_DEMO_HISTORY: 'false',
    ...overrides,
  });
}
