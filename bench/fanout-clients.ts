// The client side of the fan-out benchmark, in its own process (so the server's event loop is not
// shared with the receivers). Opens N Socket.IO clients spread over the given URLs, then for every
// `event` records the wall-clock receive time per payload id. Protocol on stdout/stdin (JSON lines):
//   → {"ready": N}                         all clients connected and live
//   → {"complete": "<id>"}                 every client received the event with this payload id
//   ← "expect <id> <n>" → {"expecting": id} complete after n receipts instead of N (half the clients)
//   ← "report"  → {"report": {id: [t, …]}} receive times, then exit
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';

const [urlList = '', countText = '0', cookie = ''] = process.argv.slice(2);
const urls = urlList.split(',');
const count = Number(countText);
const received = new Map<string, number[]>();
const expected = new Map<string, number>();
const sockets: Socket[] = [];
const now = () => performance.timeOrigin + performance.now();
const send = (message: unknown) => process.stdout.write(`${JSON.stringify(message)}\n`);

function connectOne(index: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = io(urls[index % urls.length], { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie } });
    socket.on('event', (event: { type: string; payload: { id: string } }) => {
      const at = now();
      if (event.type !== 'advisory.published') return; // e.g. "affects you" events of the same publication
      const id = event.payload.id;
      const times = received.get(id) ?? [];
      times.push(at);
      received.set(id, times);
      if (times.length === (expected.get(id) ?? count)) send({ complete: id });
    });
    socket.once('ready', () => resolve());
    socket.once('connect_error', reject);
    sockets.push(socket);
  });
}

const BATCH = 100;
for (let start = 0; start < count; start += BATCH) {
  await Promise.all(Array.from({ length: Math.min(BATCH, count - start) }, (_, offset) => connectOne(start + offset)));
}
send({ ready: sockets.length });

for await (const line of createInterface({ input: process.stdin })) {
  const [command, id, n] = line.trim().split(' ');
  if (command === 'expect' && id && n) {
    expected.set(id, Number(n));
    send({ expecting: id });
  }
  if (command !== 'report') continue;
  for (const socket of sockets) socket.close();
  // A large line: exit only once the pipe has taken all of it.
  process.stdout.write(`${JSON.stringify({ report: Object.fromEntries(received) })}\n`, () => process.exit(0));
}
