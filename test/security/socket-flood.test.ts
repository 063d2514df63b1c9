import { expect } from 'chai';
import { io } from 'socket.io-client';
import type { LiveSocket } from '../support/live.js';
import { connectLive } from '../support/live.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { testConfig } from '../support/config.js';

type Answer = { ok: boolean; error?: { code: string } };

function connect(url: string): Promise<LiveSocket> {
  const socket: LiveSocket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('ready', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function position(socket: LiveSocket): Promise<Answer> {
  return new Promise((resolve) => socket.emit('position.get', {}, (answer) => resolve(answer as Answer)));
}

describe('attack: Socket.IO message flood (per-socket rate limit)', () => {
  let server: TestServer;
  const { socketMessageBurst: burst } = testConfig().settings.realtime;

  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  it('socket flood: a client sending thousands of messages per second is rate-limited, then disconnected', async () => {
    const flooder = await connect(server.url);
    const disconnected = new Promise<string>((resolve) => flooder.once('disconnect', (reason) => resolve(reason)));
    const answers: Answer[] = [];
    for (let i = 0; i < 2_000 && flooder.connected; i += 1) flooder.emit('position.get', {}, (answer) => answers.push(answer as Answer));
    expect(await disconnected).to.equal('io server disconnect');
    const ok = answers.filter((answer) => answer.ok).length;
    expect(ok, 'messages within the burst are answered').to.be.at.least(burst - 1).and.at.most(burst + 1);
    expect(answers.filter((answer) => answer.error?.code === 'RATE_LIMITED').length, 'messages over the limit get RATE_LIMITED').to.be.greaterThan(0);
  });

  it('socket flood: other clients and HTTP stay responsive while one socket floods', async () => {
    const calm = await connect(server.url);
    const flooders = await Promise.all([1, 2, 3].map(() => connect(server.url)));
    for (const flooder of flooders) for (let i = 0; i < 1_000; i += 1) flooder.emit('position.get', {}, () => undefined);
    const started = performance.now();
    const answer = await position(calm);
    expect(answer.ok).to.equal(true);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).to.equal(200);
    expect(performance.now() - started, 'calm client and /healthz answer promptly').to.be.below(2_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(flooders.filter((flooder) => flooder.connected), 'every flooder is disconnected').to.have.length(0);
    expect(calm.connected, 'the calm client stays').to.equal(true);
    calm.close();
  });

  it('socket flood: a client within the limit is never dropped', async () => {
    const client = connectLive(server.url, { reconnection: false });
    await client.nextReady();
    for (let i = 0; i < burst; i += 1) expect((await position(client.socket)).ok, `message ${i}`).to.equal(true);
    expect(client.disconnects).to.equal(0);
    client.close();
  });

  it('oversized socket message: a frame over socketMaxMessageBytes closes the connection', async () => {
    const socket = await connect(server.url);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    socket.emit('position.get', { padding: 'x'.repeat(testConfig().settings.realtime.socketMaxMessageBytes + 10) } as never, () => undefined);
    expect(await closed).to.be.oneOf(['transport close', 'transport error']);
  });
});
