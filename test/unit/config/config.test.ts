import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig, ROOT_DIR } from '../../../config/index.js';
import { EnvSchema } from '../../../config/env.schema.js';

function configErrorLines(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.lines;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).to.equal(8080);
    expect(config.baseUrl).to.equal('http://localhost:8080');
    expect(config.databaseUrl).to.equal(undefined);
    expect(config.logLevel).to.equal('info');
    expect(config.demo.enabled).to.equal(true);
    expect([...config.roles]).to.have.members(['web', 'scheduler']);
    expect(config.settings.http.jsonBodyLimit).to.equal('1mb');
    expect(Object.isFrozen(config.settings.http)).to.equal(true);
  });

  it('names PORT in one line when it is not a number', () => {
    const lines = configErrorLines({ PORT: 'abc' });
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^PORT: .*1 and 65535.*"abc"/);
  });

  it('rejects a port out of range', () => {
    expect(configErrorLines({ PORT: '70000' })[0]).to.match(/^PORT:/);
  });

  it('lists every invalid variable, one line each, and never echoes secrets', () => {
    const lines = configErrorLines({ LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', SESSION_SECRET: 'short' });
    expect(lines.map((line) => line.split(':')[0])).to.have.members(['LOG_LEVEL', 'DATABASE_URL', 'SESSION_SECRET']);
    expect(lines.join('\n')).not.to.contain('short');
    expect(lines.join('\n')).not.to.contain('mysql://x');
  });

  it('parses TRUST_PROXY as boolean, hop count or address list', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).to.equal(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).to.equal(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8' }).trustProxy).to.equal('10.0.0.0/8');
  });

  it('sets secure cookies for an https BASE_URL', () => {
    expect(loadConfig({ BASE_URL: 'https://lagebild.example/' }).cookieSecure).to.equal(true);
    expect(loadConfig({ BASE_URL: 'https://lagebild.example/' }).baseUrl).to.equal('https://lagebild.example');
  });

  it('rejects an invalid settings override file with the key named', () => {
    const lines = configErrorLines({ LAGEBILD_SETTINGS: resolve(ROOT_DIR, 'test/fixtures/config/bad-settings.json') });
    expect(lines[0]).to.match(/^settings\.http\.rateLimitPerMinute:/);
  });

  it('keeps config/env.example in step with the schema', () => {
    const example = readFileSync(resolve(ROOT_DIR, 'config/env.example'), 'utf8');
    const documented = example
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split('=')[0]);
    expect(documented.sort()).to.deep.equal(Object.keys(EnvSchema.shape).sort());
  });
});
