import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { portOf, SUBGRAPH_NAMES, envPrefix } from '../subgraphs/common/config';

/** docker-compose.yml cannot be run here (no Docker engine); check what can be checked. */
describe('docker-compose.yml', () => {
  const root = join(__dirname, '..', '..');
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
  const services: Record<string, any> = compose.services;

  it('runs PostgreSQL, the four subgraphs and the gateway', () => {
    expect(Object.keys(services).sort()).toEqual(['postgres', 'gateway', ...SUBGRAPH_NAMES].sort());
  });

  it.each([...SUBGRAPH_NAMES, 'gateway'])('%s starts an entry point that the build produces', (name) => {
    const command: string[] = services[name].command;
    expect(command[0]).toBe('node');
    expect(existsSync(join(root, command[1]))).toBe(true);
    const script = command[1].replace(/^dist\//, '').replace(/\.js$/, '.ts');
    expect(existsSync(join(root, script))).toBe(true);
  });

  it.each(SUBGRAPH_NAMES)('%s listens where the others are told to find it', (name) => {
    const env = services[name].environment;
    const url: string = env[`${envPrefix(name)}_URL`];
    expect(new URL(url).hostname).toBe(name);
    expect(services[name].healthcheck.test.join(' ')).toContain(`:${portOf(url)}/health`);
    expect(env.HOST).toBe('0.0.0.0');
  });

  it('points every service at the postgres service with its credentials', () => {
    const pg = services.postgres.environment;
    for (const name of [...SUBGRAPH_NAMES, 'gateway']) {
      const url = new URL(services[name].environment.DATABASE_URL);
      expect([url.hostname, url.username, url.password, url.pathname]).toEqual(['postgres', pg.POSTGRES_USER, pg.POSTGRES_PASSWORD, `/${pg.POSTGRES_DB}`]);
      expect(services[name].environment.NODE_ENV).toBe('production');
    }
  });

  it('starts the gateway after every subgraph is healthy', () => {
    for (const name of SUBGRAPH_NAMES) expect(services.gateway.depends_on[name].condition).toBe('service_healthy');
  });

  it('builds an image that contains what the commands run', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    for (const dir of ['gateway', 'subgraphs', 'scripts', 'schema']) expect(dockerfile).toContain(`COPY ${dir} ${dir}`);
    expect(dockerfile).toContain('npm ci');
  });
});
