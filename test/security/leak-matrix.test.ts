/**
 * THE leak matrix: TLP label × object state × user kind × channel, every cell asserted against the
 * truth table (test/access/tlp-truth-table.ts). The objects are seeded once; each channel then reads
 * what every persona gets with a few cheap calls, and each cell checks two things: the object is
 * visible exactly when the table says so, and an object the persona may not see leaves no trace of
 * its content (its secret word) anywhere in what the persona received on that channel.
 *
 * A channel is one entry of CHANNELS: name, which objects and personas it concerns, the expected
 * visibility, and `observe` (what one persona receives). New channels (TAXII, CSAF, MISP, RSS …)
 * join by adding an entry.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { TLP_LEVELS, tlpLabel, type TlpLevel } from '../../server/access/tlp.js';
import { processNotificationBatch, type AttachmentRef } from '../../server/notifications/consumer.js';
import { reportAttachment } from '../../server/situation/index.js';
import { createLogger } from '../../server/platform/logger.js';
import { createMailer } from '../../server/platform/mail.js';
import { EXPECTED_DRAFT, EXPECTED_PUBLISHED, PERSONAS, type Persona } from '../access/tlp-truth-table.js';
import { ORGANIZATION_ADMINS, PERSONA_ACCOUNTS } from '../access/personas.js';
import { advisoryBody, organizationIds, sharingGroupIds } from '../support/advisories.js';
import { DEMO_PASSWORD, TEST_SETTINGS_FILE, testConfig } from '../support/config.js';
import { reportedIncident } from '../support/incidents.js';
import { connectLive, type LiveClient } from '../support/live.js';
import { startSmtpReceiver, startWebhookReceiver } from '../support/receivers.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** The truth table's personas plus an API token of an unrelated organization (Stadt Erfurt's service token). */
const MATRIX_PERSONAS = [...PERSONAS, 'foreignToken'] as const;
type MatrixPersona = (typeof MATRIX_PERSONAS)[number];
type UserPersona = Exclude<Persona, 'anonymous'>;

/** The truth table's world on the demo community (as in test/access/tlp-matrix.test.ts). */
const ACCOUNTS = PERSONA_ACCOUNTS;
const ORG_ADMIN = ORGANIZATION_ADMINS;
const USER_PERSONAS = Object.keys(ACCOUNTS) as UserPersona[];

/** The token of Stadt Erfurt sees what Erfurt's members see. */
function tableRow(persona: MatrixPersona): Persona {
  return persona === 'foreignToken' ? 'otherMember' : persona;
}

/** `revision`: a prepared, unpublished revision (at the object's TLP) of a published TLP:GREEN advisory; its secret is only in the revision. */
type ObjectKind = 'advisory' | 'revision' | 'package' | 'message' | 'note' | 'level' | 'report';
type AdvisoryState = 'draft' | 'published' | 'revised';
/** `values`: what else identifies the object in formats that carry neither its id nor its text (indicator values in blocklists). */
type SeededObject = { key: string; kind: ObjectKind; tlp: TlpLevel; state: AdvisoryState; id: string; secret: string; values?: string[] };
type Observation = { visible: Set<string>; text: string };

type Channel = {
  name: string;
  kind: ObjectKind;
  /** The personas the channel exists for (e-mail has no anonymous recipient). */
  personas: readonly MatrixPersona[];
  expected(object: SeededObject, persona: MatrixPersona): boolean;
  /** What the persona receives on the channel: the visible objects' ids and everything received, as text. */
  observe(persona: MatrixPersona, objects: SeededObject[]): Promise<Observation>;
};

const published = (object: SeededObject, persona: MatrixPersona): boolean => object.state !== 'draft' && EXPECTED_PUBLISHED[object.tlp][tableRow(persona)];
const anyState = (object: SeededObject, persona: MatrixPersona): boolean =>
  (object.state === 'draft' ? EXPECTED_DRAFT : EXPECTED_PUBLISHED)[object.tlp][tableRow(persona)];

/** The test settings without a practical per-address API rate limit (for LAGEBILD_SETTINGS). */
function unlimitedApiSettings(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'lagebild-settings-')), 'settings.json');
  const settings = JSON.parse(readFileSync(TEST_SETTINGS_FILE, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...settings, http: { rateLimitPerMinute: 1_000_000 } }));
  return file;
}

describe('leak matrix: TLP label × state × user kind × channel', function () {
  this.timeout(180_000);
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const objects: SeededObject[] = [];
  type Session = { agent: ReturnType<typeof request.agent>; csrfToken: string; userId: string; cookie: string };
  const sessions = new Map<UserPersona, Session>();
  const live = new Map<MatrixPersona, LiveClient>();
  let token = '';
  let startSeq = 0;
  let incidentId = '';
  let cells = 0;
  const channelsChecked = new Set<string>();
  const run = randomBytes(3).toString('hex');

  function get(persona: MatrixPersona, path: string): request.Test {
    if (persona === 'anonymous') return request(server.url).get(path);
    if (persona === 'foreignToken') return request(server.url).get(path).set('authorization', `Bearer ${token}`);
    return sessions.get(persona)!.agent.get(path);
  }

  async function getText(persona: MatrixPersona, path: string): Promise<{ status: number; text: string }> {
    const response = await get(persona, path);
    return { status: response.status, text: response.text };
  }

  /**
   * One call per object: visible = 200 (or a status that admits the object exists, such as 409 for
   * exporting a draft); invisible must be 404 (401 for anonymous on member-only routes).
   */
  async function perObject(persona: MatrixPersona, items: SeededObject[], path: (object: SeededObject) => string, existsStatuses: number[] = []): Promise<Observation> {
    const visible = new Set<string>();
    let text = '';
    for (const object of items) {
      const response = await getText(persona, path(object));
      expect([200, 401, 404, ...existsStatuses], `${persona} ${path(object)}`).to.include(response.status);
      if (response.status === 200 || existsStatuses.includes(response.status)) visible.add(object.id);
      text += response.text;
    }
    return { visible, text };
  }

  /** One list call: visible = the object's id appears anywhere in the answer. */
  async function listed(persona: MatrixPersona, items: SeededObject[], paths: string[]): Promise<Observation> {
    let text = '';
    for (const path of paths) {
      const response = await getText(persona, path);
      expect([200, 401, 403], `${persona} ${path}`).to.include(response.status);
      text += response.text;
    }
    return { visible: new Set(items.filter((object) => text.includes(object.id)).map((object) => object.id)), text };
  }

  const CHANNELS: Channel[] = [
    { name: 'REST list', kind: 'advisory', personas: MATRIX_PERSONAS, expected: anyState, observe: (p, o) => listed(p, o, ['/api/v1/advisories?limit=500', '/api/v1/advisories?limit=500&status=draft']) },
    { name: 'REST detail', kind: 'advisory', personas: MATRIX_PERSONAS, expected: anyState, observe: (p, o) => perObject(p, o, (object) => `/api/v1/advisories/${object.id}`) },
    // Search finds drafts for those who may see them, like the list.
    { name: 'REST search', kind: 'advisory', personas: MATRIX_PERSONAS, expected: anyState, observe: (p, o) => listed(p, o, [`/api/v1/search?q=Leckmatrix${run}&limit=100`]) },
    // The header's one search, filtered to advisories and unfiltered (all kinds at once): the same cells.
    { name: 'one search (kind=advisory and all kinds)', kind: 'advisory', personas: MATRIX_PERSONAS, expected: anyState, observe: (p, o) => listed(p, o, [`/api/v1/search?q=Leckmatrix${run}&kind=advisory&limit=100`, `/api/v1/search?q=Leckmatrix${run}&limit=100`]) },
    { name: 'advisory search', kind: 'advisory', personas: MATRIX_PERSONAS, expected: anyState, observe: (p, o) => listed(p, o, [`/api/v1/advisories/search?q=Leckmatrix${run}&limit=100`]) },
    // Searching for an object's own secret word finds it only for those who may see it.
    {
      name: 'REST search by secret',
      kind: 'advisory',
      personas: MATRIX_PERSONAS,
      expected: anyState,
      observe: async (persona, items) => {
        const visible = new Set<string>();
        let text = '';
        for (const object of items) {
          const response = await getText(persona, `/api/v1/search?q=${encodeURIComponent(object.secret)}`);
          expect(response.status).to.equal(200);
          if (response.text.includes(object.id)) visible.add(object.id);
          text += response.text;
        }
        return { visible, text };
      },
    },
    { name: 'REST list by label filter', kind: 'advisory', personas: MATRIX_PERSONAS, expected: anyState, observe: (p, o) => listed(p, o, TLP_LEVELS.flatMap((tlp) => [`/api/v1/advisories?limit=500&tlp=${encodeURIComponent(tlpLabel(tlp))}`, `/api/v1/advisories?limit=500&status=draft&tlp=${encodeURIComponent(tlpLabel(tlp))}`])) },
    { name: 'REST version list', kind: 'advisory', personas: MATRIX_PERSONAS, expected: (o, p) => p !== 'anonymous' && published(o, p), observe: (p, o) => perObject(p, o.filter((object) => object.state !== 'draft'), (object) => `/api/v1/advisories/${object.id}/versions`) },
    // Revisions are a members' route: anonymous callers get 401 even for CLEAR.
    { name: 'REST versions', kind: 'advisory', personas: MATRIX_PERSONAS, expected: (o, p) => p !== 'anonymous' && published(o, p), observe: (p, o) => perObject(p, o.filter((object) => object.state !== 'draft'), (object) => `/api/v1/advisories/${object.id}/versions/1`) },
    // A draft cannot be exported (409): that answer admits the draft exists, so it must reach only those who may see it.
    { name: 'STIX export', kind: 'advisory', personas: MATRIX_PERSONAS, expected: anyState, observe: (p, o) => perObject(p, o, (object) => `/api/v1/advisories/${object.id}/stix`, [409]) },
    {
      name: 'Socket.IO live',
      kind: 'advisory',
      personas: MATRIX_PERSONAS,
      expected: published,
      observe: (persona, items) => {
        const received = live.get(persona)!.received;
        return Promise.resolve({ visible: new Set(items.filter((object) => received.some((event) => event.payload.id === object.id)).map((object) => object.id)), text: JSON.stringify(received) });
      },
    },
    {
      name: 'Socket.IO replay',
      kind: 'advisory',
      personas: MATRIX_PERSONAS,
      expected: published,
      observe: async (persona, items) => {
        const client = connectLive(server.url, { since: startSeq, reconnection: false, ...auth(persona) });
        await client.nextReady();
        client.close();
        return { visible: new Set(items.filter((object) => client.received.some((event) => event.payload.id === object.id)).map((object) => object.id)), text: JSON.stringify(client.received) };
      },
    },
    {
      name: 'e-mail',
      kind: 'advisory',
      personas: USER_PERSONAS,
      expected: published,
      observe: (persona, items) => {
        const text = smtp.mails.filter((mail) => mail.to.includes(ACCOUNTS[persona as UserPersona].email)).map((mail) => `${mail.subject}\n${mail.text}`).join('\n');
        return Promise.resolve({ visible: new Set(items.filter((object) => text.includes(object.id)).map((object) => object.id)), text });
      },
    },
    {
      name: 'webhook',
      kind: 'advisory',
      personas: USER_PERSONAS,
      // An organization's webhook carries what any of its members may see.
      expected: (object, persona) => USER_PERSONAS.filter((other) => ACCOUNTS[other].org === ACCOUNTS[persona as UserPersona].org).some((member) => published(object, member)),
      observe: (persona, items) => {
        const path = `/${encodeURIComponent(ACCOUNTS[persona as UserPersona].org)}`;
        const text = hooks.requests.filter((hook) => hook.path === path).map((hook) => hook.body).join('\n');
        return Promise.resolve({ visible: new Set(items.filter((object) => text.includes(object.id)).map((object) => object.id)), text });
      },
    },
    {
      name: 'audit log',
      kind: 'advisory',
      personas: MATRIX_PERSONAS,
      // The audit trail is for CERT admins (audit:read): they see that an object was published, never its content.
      expected: (object, persona) => persona === 'author' && object.state !== 'draft',
      observe: (p, o) => listed(p, o, ['/api/v1/audit?objectType=advisory&limit=500']),
    },
    { name: 'shared indicators (list)', kind: 'package', personas: MATRIX_PERSONAS, expected: (o, p) => p !== 'anonymous' && published(o, p), observe: (p, o) => listed(p, o, ['/api/v1/indicator-packages?limit=500']) },
    { name: 'shared indicators (detail)', kind: 'package', personas: MATRIX_PERSONAS, expected: (o, p) => p !== 'anonymous' && published(o, p), observe: (p, o) => perObject(p, o, (object) => `/api/v1/indicator-packages/${object.id}`) },
    { name: 'shared indicators (STIX)', kind: 'package', personas: MATRIX_PERSONAS, expected: (o, p) => p !== 'anonymous' && published(o, p), observe: (p, o) => perObject(p, o, (object) => `/api/v1/indicator-packages/${object.id}/stix`) },
    {
      name: 'incident thread',
      kind: 'message',
      personas: MATRIX_PERSONAS,
      // The secure thread belongs to the reporting organization (SWNT) and the CERT, whatever the message's label.
      expected: (_object, persona) => ['certAnalyst', 'author', 'groupMember'].includes(persona),
      observe: async (persona, items) => {
        const { status, text } = await getText(persona, `/api/v1/incidents/${incidentId}/messages`);
        expect([200, 401, 404]).to.include(status);
        return { visible: new Set(items.filter((object) => text.includes(object.id)).map((object) => object.id)), text };
      },
    },
    // Every export of the indicator list: the same policy as the list, in every format.
    {
      name: 'indicator exports',
      kind: 'package',
      personas: MATRIX_PERSONAS,
      expected: (o, p) => p !== 'anonymous' && published(o, p),
      observe: async (persona, items) => {
        let text = '';
        for (const format of ['csv', 'ips', 'domains', 'urls', 'hashes', 'rpz', 'stix', 'misp']) {
          const response = await getText(persona, `/api/v1/indicators/export?format=${format}`);
          expect([200, 401], `${persona} export ${format}`).to.include(response.status);
          if (response.status === 200) text += response.text;
        }
        return { visible: new Set(items.filter((object) => text.includes(object.secret) || (object.values ?? []).some((value) => text.includes(value))).map((object) => object.id)), text };
      },
    },
    // CERT-internal notes: the CERT's triagers only — never the reporting organization, whatever it can see of the incident.
    {
      name: 'incident notes (REST, timeline)',
      kind: 'note',
      personas: MATRIX_PERSONAS,
      expected: (_object, persona) => ['certAnalyst', 'author'].includes(persona),
      observe: async (persona, items) => {
        let text = '';
        for (const path of [`/api/v1/incidents/${incidentId}/notes`, `/api/v1/incidents/${incidentId}/timeline`, `/api/v1/incidents/${incidentId}`, `/api/v1/incidents/${incidentId}/messages`]) {
          const response = await getText(persona, path);
          expect([200, 401, 403, 404], `${persona} ${path}`).to.include(response.status);
          text += response.text;
        }
        return { visible: new Set(items.filter((object) => text.includes(object.secret)).map((object) => object.id)), text };
      },
    },
    {
      name: 'incident notes (Socket.IO live and replay)',
      kind: 'note',
      personas: MATRIX_PERSONAS,
      expected: (_object, persona) => ['certAnalyst', 'author'].includes(persona),
      observe: async (persona, items) => {
        const resumed = connectLive(server.url, { since: startSeq, reconnection: false, ...auth(persona) });
        await resumed.nextReady();
        resumed.close();
        const received = [...live.get(persona)!.received, ...resumed.received];
        const noteIds = new Set(received.filter((event) => event.type === 'incident.note.added').map((event) => (event.payload as { noteId?: string }).noteId));
        return { visible: new Set(items.filter((object) => noteIds.has(object.id)).map((object) => object.id)), text: JSON.stringify(received) };
      },
    },
    // Public feed of the published TLP:CLEAR advisories: the same for everyone, whoever asks.
    {
      // The CERT's threat level concerns every logged-in user (access/situation.ts), never the anonymous public.
      name: 'threat level (Socket.IO live and replay, REST history)',
      kind: 'level',
      personas: MATRIX_PERSONAS,
      expected: (_o, p) => p !== 'anonymous',
      observe: async (persona, items) => {
        const resumed = connectLive(server.url, { since: startSeq, reconnection: false, ...auth(persona) });
        await resumed.nextReady();
        resumed.close();
        const history = await getText(persona, '/api/v1/situation/levels');
        expect([200, 401], `${persona} levels`).to.include(history.status);
        const received = [...live.get(persona)!.received, ...resumed.received].filter((event) => event.type === 'situation.level.changed');
        const text = JSON.stringify(received) + history.text;
        const inLive = (object: SeededObject) => live.get(persona)!.received.some((event) => event.payload.id === object.id);
        const inReplay = (object: SeededObject) => resumed.received.some((event) => event.payload.id === object.id);
        const inHistory = (object: SeededObject) => history.text.includes(object.id);
        // Visible only when all three channels agree; a partial delivery shows up as "missing".
        return { visible: new Set(items.filter((object) => inLive(object) && inReplay(object) && inHistory(object)).map((object) => object.id)), text };
      },
    },
    {
      // The Lagebericht (access/situation.ts): a draft is the CERT writers' alone; a published one reaches its
      // label's audience (CLEAR, GREEN: every member; AMBER: every organization of the constituency). Every way
      // to it (list, detail, PDF, live and replayed events) must agree; anonymous callers get nothing.
      name: 'Lagebericht (REST list, detail, PDF, Socket.IO live and replay)',
      kind: 'report',
      personas: MATRIX_PERSONAS,
      expected: (object, persona) => persona !== 'anonymous' && (object.state !== 'draft' || ['certAnalyst', 'author'].includes(persona)),
      observe: async (persona, items) => {
        const list = await getText(persona, '/api/v1/situation-reports?limit=100');
        expect([200, 401], `${persona} report list`).to.include(list.status);
        const resumed = connectLive(server.url, { since: startSeq, reconnection: false, ...auth(persona) });
        await resumed.nextReady();
        resumed.close();
        const events = [...live.get(persona)!.received, ...resumed.received].filter((event) => event.type.startsWith('situation.report.'));
        let text = list.text + JSON.stringify(events);
        const visible = new Set<string>();
        for (const object of items) {
          const detail = await getText(persona, `/api/v1/situation-reports/${object.id}`);
          const pdf = await get(persona, `/api/v1/situation-reports/${object.id}/pdf`);
          expect([200, 401, 404], `${persona} report ${object.key}`).to.include(detail.status);
          expect(pdf.status, `${persona} report PDF ${object.key}`).to.equal(detail.status);
          text += detail.text;
          const ways = [detail.status === 200, list.text.includes(object.id), events.some((event) => event.payload.id === object.id)];
          expect(new Set(ways).size, `${persona} ${object.key}: list, detail and events agree`).to.equal(1);
          if (ways[0]) visible.add(object.id);
        }
        return { visible, text };
      },
    },
    {
      name: 'Lagebericht e-mail (CLEAR and GREEN only, with the PDF)',
      kind: 'report',
      personas: USER_PERSONAS,
      expected: (object) => object.state !== 'draft' && (object.tlp === 'clear' || object.tlp === 'green'),
      observe: (persona, items) => {
        const text = smtp.mails.filter((mail) => mail.to.includes(ACCOUNTS[persona as UserPersona].email)).map((mail) => `${mail.subject}\n${mail.text}`).join('\n');
        return Promise.resolve({ visible: new Set(items.filter((object) => text.includes(object.id)).map((object) => object.id)), text });
      },
    },
    { name: 'RSS and Atom', kind: 'advisory', personas: MATRIX_PERSONAS, expected: (o) => o.state !== 'draft' && o.tlp === 'clear', observe: (p, o) => bySecret(p, o, ['/feeds/advisories.rss', '/feeds/advisories.atom', '/feeds/advisories.rss?lang=en']) },
    {
      name: 'CSAF provider',
      kind: 'advisory',
      personas: MATRIX_PERSONAS,
      expected: published,
      observe: async (persona, items) => {
        const paths: string[] = [];
        for (const folder of ['white', 'green', 'amber', 'red']) {
          paths.push(`/.well-known/csaf/${folder}/feed-tlp-${folder}.json`, `/.well-known/csaf/${folder}/changes.csv`);
          const index = await getText(persona, `/.well-known/csaf/${folder}/index.txt`);
          expect([200, 401, 403, 404], `${persona} ${folder}/index.txt`).to.include(index.status);
          if (index.status === 200) for (const line of index.text.split('\n').filter((entry) => entry.trim() !== '')) paths.push(`/.well-known/csaf/${folder}/${line.trim()}`);
        }
        return bySecret(persona, items, paths);
      },
    },
    {
      name: 'MISP feed',
      kind: 'package',
      personas: MATRIX_PERSONAS,
      expected: published,
      observe: async (persona, items) => {
        const manifest = await getText(persona, '/feeds/misp/manifest.json');
        expect(manifest.status).to.equal(200);
        const events = Object.keys(JSON.parse(manifest.text) as Record<string, unknown>).map((uuid) => `/feeds/misp/${uuid}.json`);
        return bySecret(persona, items, ['/feeds/misp/manifest.json', '/feeds/misp/hashes.csv', ...events]);
      },
    },
    // TAXII 2.1: every collection the persona can list, every page of objects. RED never leaves through TAXII.
    { name: 'TAXII collections', kind: 'advisory', personas: MATRIX_PERSONAS, expected: (o, p) => o.tlp !== 'red' && published(o, p), observe: (p, o) => taxiiObjects(p, o) },
    { name: 'TAXII collections (indicators)', kind: 'package', personas: MATRIX_PERSONAS, expected: (o, p) => o.tlp !== 'red' && published(o, p), observe: (p, o) => taxiiObjects(p, o) },
    // Prepared revisions follow the policy of what they would become: the draft rule at the revision's own label
    // (a RED revision of a GREEN advisory only for its author, not for the CERT writers who edit the advisory).
    { name: 'prepared revision (REST detail)', kind: 'revision', personas: MATRIX_PERSONAS, expected: anyState, observe: (p, o) => bySecret(p, o, o.map((object) => `/api/v1/advisories/${object.id}`), { secretOnly: true }) },
    // Publishing or previewing a revision shows what it says: allowed (200) exactly for those who may see it.
    {
      name: 'prepared revision (audience check)',
      kind: 'revision',
      personas: MATRIX_PERSONAS,
      expected: anyState,
      observe: async (persona, items) => {
        const visible = new Set<string>();
        let text = '';
        for (const object of items) {
          const response = await getText(persona, `/api/v1/advisories/${object.id}/audience-check`);
          expect([200, 401, 403], `${persona} audience-check`).to.include(response.status);
          if (response.status === 200) visible.add(object.id);
          text += response.text;
        }
        return { visible, text };
      },
    },
    // Nothing of a prepared revision travels anywhere else before it is published.
    {
      name: 'prepared revision (lists, search, versions, diff, STIX)',
      kind: 'revision',
      personas: MATRIX_PERSONAS,
      expected: () => false,
      observe: async (persona, items) => {
        const paths = [`/api/v1/advisories?limit=500`, `/api/v1/search?q=Leckmatrix${run}&limit=100`, ...items.flatMap((object) => [`/api/v1/advisories/${object.id}/versions`, `/api/v1/advisories/${object.id}/stix`])];
        return bySecret(persona, items, paths, { secretOnly: true });
      },
    },
    {
      name: 'prepared revision (Socket.IO live and replay)',
      kind: 'revision',
      personas: MATRIX_PERSONAS,
      expected: () => false,
      observe: async (persona, items) => {
        const resumed = connectLive(server.url, { since: startSeq, reconnection: false, ...auth(persona) });
        await resumed.nextReady();
        resumed.close();
        const text = JSON.stringify([...live.get(persona)!.received, ...resumed.received]);
        return { visible: new Set(items.filter((object) => text.includes(object.secret)).map((object) => object.id)), text };
      },
    },
  ];

  /** Everything the persona receives from the TAXII server: each listed collection, every page. */
  async function taxiiObjects(persona: MatrixPersona, items: SeededObject[]): Promise<Observation> {
    const accept = 'application/taxii+json;version=2.1';
    const collections = await get(persona, '/taxii2/lagebild/collections/').set('accept', accept);
    expect([200, 401], `${persona} TAXII collections`).to.include(collections.status);
    let text = collections.text;
    const listed = collections.status === 200 ? ((collections.body as { collections?: { id: string }[] }).collections ?? []) : [];
    for (const collection of listed) {
      let next: string | undefined;
      for (let page = 0; page < 100; page++) {
        const query = next === undefined ? '?limit=500' : `?limit=500&next=${encodeURIComponent(next)}`;
        const response = await get(persona, `/taxii2/lagebild/collections/${collection.id}/objects/${query}`).set('accept', accept);
        expect(response.status, `${persona} TAXII ${collection.id}`).to.equal(200);
        text += response.text;
        const envelope = response.body as { more?: boolean; next?: string };
        if (!envelope.more || envelope.next === undefined) break;
        next = envelope.next;
      }
    }
    return { visible: new Set(items.filter((object) => text.includes(object.secret) || text.includes(object.id)).map((object) => object.id)), text };
  }

  /**
   * Feeds that carry their own ids: visible = the object's secret word (its title) or id appears in what the persona fetched.
   * `secretOnly`: the id is public (a prepared revision's published advisory), only the secret word counts.
   */
  async function bySecret(persona: MatrixPersona, items: SeededObject[], paths: string[], options: { secretOnly?: boolean } = {}): Promise<Observation> {
    let text = '';
    for (const path of paths) {
      const response = await getText(persona, path);
      expect([200, 401, 403, 404], `${persona} ${path}`).to.include(response.status);
      if (response.status === 200) text += response.text;
    }
    return { visible: new Set(items.filter((object) => text.includes(object.secret) || (!options.secretOnly && text.includes(object.id))).map((object) => object.id)), text };
  }

  function auth(persona: MatrixPersona): { cookie?: string; token?: string } {
    if (persona === 'anonymous') return {};
    if (persona === 'foreignToken') return { token };
    return { cookie: sessions.get(persona)!.cookie };
  }

  before(async () => {
    smtp = await startSmtpReceiver();
    hooks = await startWebhookReceiver();
    // Every persona calls from 127.0.0.1: the per-address API limit is not what the matrix measures.
    server = await startTestServer({ env: { SERVER_ROLES: 'web', LAGEBILD_SETTINGS: unlimitedApiSettings() } });
    const byEmail = new Map<string, Session>();
    for (const persona of USER_PERSONAS) {
      const email = ACCOUNTS[persona].email;
      const agent = request.agent(server.url);
      const login = await agent.post('/api/v1/session').send({ email, password: DEMO_PASSWORD });
      expect(login.status, email).to.equal(200);
      const cookie = (login.headers['set-cookie'] as unknown as string[]).find((value) => value.startsWith('lagebild.sid='))!.split(';')[0]!;
      const session = { agent, csrfToken: login.body.csrfToken as string, userId: login.body.user.id as string, cookie };
      sessions.set(persona, session);
      byEmail.set(email, session);
      const prefs = await session.agent.put('/api/v1/me/notification-preferences').set('x-csrf-token', session.csrfToken)
        .send({ channels: ['in_app', 'email', 'webhook'], minSeverity: 'niedrig', onlyAffectsUs: false, digest: 'immediate', language: 'de', quietHours: null });
      expect(prefs.status, JSON.stringify(prefs.body)).to.equal(200);
    }
    const author = sessions.get('author')!;
    const orgs = await organizationIds(author.agent);
    const groups = await sharingGroupIds(author.agent);
    for (const [org, admin] of Object.entries(ORG_ADMIN)) {
      const session = byEmail.get(admin)!;
      const created = await session.agent.post(`/api/v1/organizations/${orgs.get(org)}/webhooks`).set('x-csrf-token', session.csrfToken).send({ url: `${hooks.url}/${encodeURIComponent(org)}` });
      expect(created.status, org).to.equal(201);
    }
    const erfurt = sessions.get('otherMember')!;
    const created = await erfurt.agent.post('/api/v1/tokens').set('x-csrf-token', erfurt.csrfToken).send({ name: 'SIEM Erfurt', scopes: ['read'], organizationId: orgs.get('Stadt Erfurt') });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    token = created.body.token as string;

    for (const persona of MATRIX_PERSONAS) {
      const client = connectLive(server.url, auth(persona));
      startSeq = (await client.nextReady()).seq;
      live.set(persona, client);
    }

    const audience = (tlp: TlpLevel) => {
      const amber = tlp === 'amber' || tlp === 'amber+strict';
      return { organizations: amber ? [orgs.get('Landkreis Gotha')] : [], sharingGroups: amber ? [groups.get('Energiesektor Thüringen')] : [], users: tlp === 'red' ? [sessions.get('redRecipient')!.userId] : [] };
    };
    const send = async (method: 'post' | 'patch', path: string, body: object, status: number) => {
      const response = await author.agent[method](path).set('x-csrf-token', author.csrfToken).send(body);
      expect(response.status, `${path} ${JSON.stringify(response.body)}`).to.equal(status);
      return response.body as { id: string };
    };

    for (const tlp of TLP_LEVELS) {
      for (const state of ['draft', 'published', 'revised'] as const) {
        const secret = `Geheimwort${tlp.replace(/\W/g, '')}${state}${run}`;
        const body = advisoryBody({ title: { de: `Leckmatrix${run} ${tlpLabel(tlp)} ${state} ${secret}` }, summary: { de: `Zusammenfassung ${secret}` }, tlp: tlpLabel(tlp), audience: audience(tlp), products: [] });
        const { id } = await send('post', '/api/v1/advisories', body, 201);
        if (state !== 'draft') await send('post', `/api/v1/advisories/${id}/publish`, {}, 200);
        if (state === 'revised') {
          await send('patch', `/api/v1/advisories/${id}`, { summary: { de: `Überarbeitet ${secret}` } }, 200);
          await send('post', `/api/v1/advisories/${id}/publish`, { changeNote: { de: `Überarbeitet ${secret}` } }, 200);
        }
        objects.push({ key: `advisory ${tlp} ${state}`, kind: 'advisory', tlp, state, id, secret });
      }
    }

    // A published GREEN advisory each, with a prepared revision at every label; the secret is in the revision only.
    for (const tlp of TLP_LEVELS) {
      const secret = `Geheimwort${tlp.replace(/\W/g, '')}revision${run}`;
      const { id } = await send('post', '/api/v1/advisories', advisoryBody({ title: { de: `Leckmatrix${run} vorbereitet ${tlpLabel(tlp)}` }, tlp: 'GREEN', products: [] }), 201);
      await send('post', `/api/v1/advisories/${id}/publish`, {}, 200);
      await send('patch', `/api/v1/advisories/${id}`, { title: { de: `Neu ${secret}` }, summary: { de: `Zusammenfassung ${secret}` }, body: { de: `Text ${secret}` }, tlp: tlpLabel(tlp), audience: audience(tlp) }, 200);
      objects.push({ key: `prepared revision ${tlp}`, kind: 'revision', tlp, state: 'draft', id, secret });
    }

    const soc = sessions.get('groupMember')!;
    incidentId = await reportedIncident(soc, '2026-05-12T08:00:00Z');
    for (const [index, tlp] of TLP_LEVELS.entries()) {
      const secret = `Geheimwort${tlp.replace(/\W/g, '')}paket${run}`;
      const added = await soc.agent.post(`/api/v1/incidents/${incidentId}/indicators`).set('x-csrf-token', soc.csrfToken).send({ text: `C2 185.220.101[.]${10 + index} und hxxps://c2-${index}[.]update-relay-cdn[.]net/x`, tlp: 'CLEAR' });
      expect(added.status, JSON.stringify(added.body)).to.equal(201);
      const share = await send('post', `/api/v1/incidents/${incidentId}/share`, { package: { items: (added.body.items as { id: string }[]).map((item) => ({ indicatorId: item.id })), tlp: tlpLabel(tlp), audience: audience(tlp), name: `Paket ${secret}`, description: secret } }, 201);
      objects.push({ key: `package ${tlp}`, kind: 'package', tlp, state: 'published', id: (share as unknown as { package: { id: string } }).package.id, secret, values: [`185.220.101.${10 + index}`, `c2-${index}.update-relay-cdn.net`] });
      if (tlp === 'red') {
        const refused = await soc.agent.post(`/api/v1/incidents/${incidentId}/messages`).set('x-csrf-token', soc.csrfToken).send({ body: secret, tlp: 'RED' });
        expect(refused.status, 'a RED message has no place in the thread').to.be.oneOf([400, 422]);
        continue;
      }
      const message = await soc.agent.post(`/api/v1/incidents/${incidentId}/messages`).set('x-csrf-token', soc.csrfToken).send({ body: `Nachricht ${secret}`, tlp: tlpLabel(tlp) });
      expect(message.status, JSON.stringify(message.body)).to.equal(201);
      objects.push({ key: `message ${tlp}`, kind: 'message', tlp, state: 'published', id: message.body.id as string, secret });
    }

    for (const [index, tlp] of (['amber+strict', 'red'] as const).entries()) {
      // A note has no TLP of its own (CERT-internal); two notes, labelled for the matrix's bookkeeping only.
      const secret = `Geheimwortnotiz${index}${run}`;
      const note = await send('post', `/api/v1/incidents/${incidentId}/notes`, { body: `Interne Notiz ${secret}` }, 201);
      objects.push({ key: `note ${index}`, kind: 'note', tlp, state: 'published', id: note.id, secret });
    }

    const levelSecret = `Geheimwortlage${run}`;
    const level = await author.agent.put('/api/v1/situation/level').set('x-csrf-token', author.csrfToken).send({ level: 2, reason: { de: `Erhöhte Lage ${levelSecret}` } });
    expect(level.status, JSON.stringify(level.body)).to.equal(200);
    objects.push({ key: 'threat level', kind: 'level', tlp: 'green', state: 'published', id: level.body.id as string, secret: levelSecret });

    const period = { from: new Date(Date.now() - 7 * 86_400_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    for (const [tlp, publish] of [['green', false], ['clear', true], ['green', true], ['amber', true]] as const) {
      const secret = `Geheimwortbericht${tlp}${publish ? 'veroeffentlicht' : 'entwurf'}${run}`;
      const report = await send('post', '/api/v1/situation-reports', { ...period, tlp }, 201);
      await send('patch', `/api/v1/situation-reports/${report.id}`, { sections: { assessment: { de: `Bewertung ${secret}` }, recommendations: { de: `Empfehlung ${secret}` } } }, 200);
      if (publish) await send('post', `/api/v1/situation-reports/${report.id}/publish`, {}, 200);
      objects.push({ key: `report ${tlp} ${publish ? 'published' : 'draft'}`, kind: 'report', tlp, state: publish ? 'published' : 'draft', id: report.id, secret });
    }

    // Everyone sees CLEAR: once the marker arrived live, everything published before it has been decided.
    const marker = await send('post', '/api/v1/advisories', advisoryBody({ title: { de: `Marker ${run}` }, tlp: 'CLEAR', products: [] }), 201);
    await send('post', `/api/v1/advisories/${marker.id}/publish`, {}, 200);
    await Promise.all([...live.values()].map((client) => client.waitFor((event) => event.payload.id === marker.id)));
    const deps = { mailer: createMailer(smtp.url, 'lagebild@test', createLogger('silent', false)), baseUrl: 'https://lagebild.test', settings: testConfig().settings, attachments: (ref: AttachmentRef) => reportAttachment(server.database.db, ref.id, ref.language) };
    for (;;) {
      const result = await processNotificationBatch(server.database.db, deps);
      expect(result.failed).to.equal(0);
      if (result.events === 0 && result.sent === 0) break;
    }
  });

  after(async () => {
    for (const client of live.values()) client.close();
    await server?.close();
    await smtp?.close();
    await hooks?.close();
    const size = CHANNELS.reduce((sum, channel) => sum + channel.personas.length * objects.filter((object) => object.kind === channel.kind).length, 0);
    process.stdout.write(`      leak matrix: ${cells} cells checked over ${channelsChecked.size} channels (matrix size ${size}: ${TLP_LEVELS.length} TLP labels × draft/published/revised × ${MATRIX_PERSONAS.length} user kinds × ${CHANNELS.length} channels)\n`);
  });

  for (const channel of CHANNELS) {
    it(`${channel.name}: every persona sees exactly the truth table's objects, and no content of the others`, async () => {
      const items = objects.filter((object) => object.kind === channel.kind);
      expect(items.length).to.be.greaterThan(0);
      const wrong: string[] = [];
      for (const persona of channel.personas) {
        const seen = await channel.observe(persona, items);
        for (const object of items) {
          const expected = channel.expected(object, persona);
          if (seen.visible.has(object.id) !== expected) wrong.push(`${object.key} → ${persona}: ${expected ? 'missing' : 'LEAKED'}`);
          if (!expected && seen.text.includes(object.secret)) wrong.push(`${object.key} → ${persona}: content LEAKED`);
          // RED content never leaves the platform by e-mail or webhook, not even to its recipients.
          if (expected && object.tlp === 'red' && (channel.name === 'e-mail' || channel.name === 'webhook') && seen.text.includes(object.secret)) wrong.push(`${object.key} → ${persona}: RED content in ${channel.name}`);
          // The audit trail names objects, it does not carry their content.
          if (channel.name === 'audit log' && seen.text.includes(object.secret)) wrong.push(`${object.key} → ${persona}: content in the audit log`);
          cells += 1;
        }
      }
      channelsChecked.add(channel.name);
      expect(wrong, `${channel.name}: ${wrong.length} wrong cells`).to.deep.equal([]);
    });
  }

  // The bell (notifications.events.ts, audience `user`): `notification.created` goes to the one user the
  // in-app notification is for — live and on replay — and to no one else, never to anonymous sockets.
  it('notification.created (the bell): each user receives exactly their own notifications, nobody else’s', async () => {
    const received = new Map<MatrixPersona, string[]>();
    for (const persona of [...USER_PERSONAS, 'anonymous'] as const) {
      const resumed = connectLive(server.url, { since: startSeq, reconnection: false, ...auth(persona) });
      await resumed.nextReady();
      resumed.close();
      const events = [...live.get(persona)!.received, ...resumed.received].filter((event) => event.type === 'notification.created');
      received.set(persona, [...new Set(events.map((event) => String(event.payload.id)))].sort());
      if (persona === 'anonymous') continue;
      const own = await getText(persona, '/api/v1/me/notifications?limit=200');
      expect(own.status).to.equal(200);
      const ids = (JSON.parse(own.text) as { items: { id: string }[] }).items.map((item) => item.id).sort();
      expect(ids.length, `${persona} has in-app notifications`).to.be.greaterThan(0);
      expect(received.get(persona), `${persona}: the bell's events are its own notifications`).to.deep.equal(ids);
    }
    expect(received.get('anonymous')).to.deep.equal([]);
    channelsChecked.add('notification.created');
  });
});
