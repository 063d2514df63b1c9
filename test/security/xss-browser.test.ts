/// <reference lib="dom" />
/**
 * Stored XSS in the browser: script payloads in every text field of advisories (title, summary,
 * Markdown body and recommendations, references, product names), incidents (title, description,
 * contact, services), thread messages, and organization and sharing-group names, rendered by real
 * Chromium on every page that shows them. Each payload would set `window.__xss`; it must stay unset,
 * no element may carry an event handler or a javascript: URL, and the CSP must block inline script
 * even if a sanitizer let one through. Pending without Chromium.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { advisoryBody, organizationIds, sharingGroupIds } from '../support/advisories.js';
import { DEMO_PASSWORD, expectCleanPages, login, startBrowserHarness, type BrowserHarness } from '../support/browser.js';
import { reportDraft } from '../support/incidents.js';
import { loginAs } from '../support/session.js';

/** Classic, event-handler, URL, template, mutation (mXSS) and markup-breaking payloads; each sets window.__xss. */
const PAYLOADS = [
  '<script>window.__xss="script"</script>',
  '<img src=x onerror="window.__xss=\'img\'">',
  '<svg onload="window.__xss=\'svg\'"></svg>',
  '"><iframe srcdoc="<script>parent.__xss=\'iframe\'</script>"></iframe>',
  '<a href="javascript:window.__xss=\'href\'">klick</a>',
  '[Markdown-Link](javascript:window.__xss=\'md\')',
  '<details open ontoggle="window.__xss=\'details\'">x</details>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=\'mxss\'">',
  '<noscript><p title="</noscript><img src=x onerror=window.__xss=\'noscript\'>">',
  '{{constructor.constructor(\'window.__xss="template"\')()}}',
  '<style>@import "javascript:window.__xss=1"</style><b style="background:url(javascript:window.__xss=2)">x</b>',
];
const ALL = PAYLOADS.join(' ');

type DomFindings = { xss: unknown; handlers: string[]; javascriptUrls: string[]; inlineScripts: number; frames: number };

describe('attack: in the browser (stored XSS in every text field, CSP, open redirect after login)', function () {
  let harness: BrowserHarness | undefined;
  let advisoryId = '';
  let incidentId = '';

  before(async function () {
    harness = await startBrowserHarness(this);
    const url = harness.server.url;
    const admin = await loginAs(url, 'cert-admin@lagebild.test');
    const soc = await loginAs(url, 'soc@swnt.lagebild.test');
    const orgs = await organizationIds(admin.agent);
    const groups = await sharingGroupIds(admin.agent);
    const send = async (session: typeof admin, method: 'post' | 'patch' | 'put', path: string, body: object, status: number[]) => {
      const response = await session.agent[method](path).set('x-csrf-token', session.csrfToken).send(body);
      expect(status, `${path} ${JSON.stringify(response.body)}`).to.include(response.status);
      return response.body as Record<string, unknown>;
    };

    // Organization and sharing-group names appear in audiences, thread authors and the admin pages.
    await send(admin, 'patch', `/api/v1/organizations/${orgs.get('Stadtwerke Nordthüringen GmbH')}`, { name: `SWNT ${PAYLOADS[1]}` }, [200]);
    const group = await admin.agent.get('/api/v1/sharing-groups');
    const energy = (group.body.items as { id: string; name: string; description?: string; members?: unknown }[]).find((item) => item.id === groups.get('Energiesektor Thüringen'))!;
    const groupDetail = await admin.agent.get(`/api/v1/sharing-groups/${energy.id}`);
    const memberIds = ((groupDetail.body.members ?? energy.members ?? []) as { id: string }[]).map((member) => member.id);
    await send(admin, 'put', `/api/v1/sharing-groups/${energy.id}`, { name: `Energie ${PAYLOADS[2]}`, description: ALL.slice(0, 1_000), organizationIds: memberIds }, [200, 204]);

    const body = advisoryBody({
      title: { de: `XSS-Probe ${PAYLOADS[0]} ${PAYLOADS[1]}`, en: `XSS probe ${PAYLOADS[2]}` },
      summary: { de: `Zusammenfassung ${ALL}`, en: ALL },
      body: { de: `## Angriff\n\n${PAYLOADS.join('\n\n')}\n\n<div onclick="window.__xss='div'">x</div>`, en: ALL },
      recommendations: { de: `${PAYLOADS[5]} ${PAYLOADS[4]} ${PAYLOADS[7]}` },
      products: [{ vendor: `Vendor ${PAYLOADS[1]}`.slice(0, 200), product: `Produkt ${PAYLOADS[3]}`.slice(0, 200), versions: [{ from: '1.0', below: '2.0' }] }],
      references: ['https://example.org/advisory?q=<script>window.__xss=1</script>'],
      tlp: 'AMBER',
      audience: { organizations: [orgs.get('Stadtwerke Nordthüringen GmbH')], sharingGroups: [groups.get('Energiesektor Thüringen')], users: [] },
    });
    advisoryId = (await send(admin, 'post', '/api/v1/advisories', body, [201])).id as string;
    await send(admin, 'post', `/api/v1/advisories/${advisoryId}/publish`, {}, [200]);

    const draft = reportDraft({
      title: `Vorfall ${PAYLOADS[1]}`.slice(0, 200),
      description: `Beschreibung ${ALL}`,
      affectedServices: [PAYLOADS[0], PAYLOADS[2]],
      affectedSystems: [PAYLOADS[3]],
      contact: { name: `Kontakt ${PAYLOADS[6]}`.slice(0, 200), email: 'soc@swnt.lagebild.test', phone: '+49 3631 0000' },
    });
    incidentId = (await send(soc, 'post', '/api/v1/incidents', { draft, awarenessAt: '2026-05-12T08:00:00Z' }, [201])).id as string;
    await send(soc, 'post', `/api/v1/incidents/${incidentId}/report`, {}, [200]);
    await send(soc, 'post', `/api/v1/incidents/${incidentId}/messages`, { body: `Nachricht ${ALL}` }, [201]);
    await send(admin, 'post', `/api/v1/incidents/${incidentId}/messages`, { body: PAYLOADS.slice(3).join('\n') }, [201]);
  });
  after(async () => harness?.close());

  async function findings(page: Page): Promise<DomFindings> {
    return page.evaluate((): DomFindings => {
      const elements: Element[] = Array.from(document.querySelectorAll('*'));
      const handlers: string[] = elements.flatMap((element) => Array.from(element.attributes).filter((attribute) => /^on/i.test(attribute.name)).map((attribute) => `${element.tagName} ${attribute.name}`));
      const javascriptUrls: string[] = elements.flatMap((element): string[] =>
        ['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc'].map((name): string => element.getAttribute(name) ?? '').filter((value) => /^\s*(javascript|data:text\/html|vbscript):/i.test(value) || (value.includes('<script') && element.hasAttribute('srcdoc'))),
      );
      return {
        xss: (window as unknown as { __xss?: unknown }).__xss,
        handlers,
        javascriptUrls,
        inlineScripts: document.querySelectorAll('script:not([src])').length,
        frames: document.querySelectorAll('iframe, frame, object, embed').length,
      };
    });
  }

  /**
   * Visits the pages as `email` and checks each. `rawPreview`: the page previews the author's own
   * Markdown live (the editor), so the browser-side sanitizer parses the raw payloads and Chromium
   * reports the handlers it blocked there; such a page runs in an unwatched context and is held to
   * everything but that.
   */
  async function visit(email: string, paths: string[], options: { rawPreview?: boolean } = {}): Promise<void> {
    const { context, page } = options.rawPreview
      ? await (async () => {
          const unwatched = await harness!.browser.newContext({ locale: 'de-DE', reducedMotion: 'reduce' });
          unwatched.setDefaultTimeout(15_000);
          return { context: unwatched, page: await unwatched.newPage() };
        })()
      : await harness!.newPage();
    await login(page, harness!.server.url, email);
    let current = '';
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) blocked.push(`${current}: ${message.text().slice(0, 200)}`);
    });
    for (const path of paths) {
      current = path;
      await page.goto(`${harness!.server.url}${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForLoadState('networkidle');
      // Open every disclosure and hover the links, so ontoggle/onmouseover payloads would fire.
      for (const summary of await page.locator('summary').all()) await summary.click().catch(() => undefined);
      const found = await findings(page);
      expect(found.xss, `${email} ${path}: a payload ran`).to.equal(undefined);
      expect(found.handlers, `${email} ${path}: event handler attributes`).to.deep.equal([]);
      expect(found.javascriptUrls, `${email} ${path}: script URLs`).to.deep.equal([]);
      expect(found.inlineScripts, `${email} ${path}: inline scripts`).to.equal(0);
      expect(found.frames, `${email} ${path}: frames`).to.equal(0);
      // Defence in depth: the sanitizers removed every payload before the CSP had to block one
      // (Chromium reports a block even when a payload is only parsed in the browser).
      if (!options.rawPreview) expect(blocked.filter((entry) => entry.startsWith(`${path}:`)), `${email} ${path}: the CSP had to block`).to.deep.equal([]);
    }
    await context.close();
  }

  it('stored XSS in advisory fields (title, summary, Markdown body, recommendations, products, references) never runs', async function () {
    this.timeout(180_000);
    await visit('soc@swnt.lagebild.test', ['/', '/warnmeldungen', `/warnmeldungen/${advisoryId}`, `/warnmeldungen/${advisoryId}/versionen`, `/warnmeldungen/${advisoryId}/kurzfassung`]);
    await visit('cert-admin@lagebild.test', [`/warnmeldungen/${advisoryId}`, `/warnmeldungen/${advisoryId}/abdeckung`]);
    await visit('cert-admin@lagebild.test', [`/warnmeldungen/${advisoryId}/bearbeiten`], { rawPreview: true });
  });

  it('stored XSS in incident fields and thread messages never runs (reporter and CERT views)', async function () {
    this.timeout(180_000);
    await visit('soc@swnt.lagebild.test', ['/vorfaelle', `/vorfaelle/${incidentId}`]);
    await visit('analyst@lagebild.test', ['/vorfaelle', `/vorfaelle/${incidentId}`]);
  });

  it('stored XSS in organization and sharing-group names never runs (admin pages, memberships, audiences)', async function () {
    this.timeout(180_000);
    await visit('cert-admin@lagebild.test', ['/verwaltung/organisationen', '/verwaltung/verteilergruppen', '/verwaltung/mitglieder', '/verwaltung/protokoll']);
    await visit('soc@swnt.lagebild.test', ['/profil', '/inventar']);
  });

  it('the payloads are shown as text, not dropped: the reader sees what was written', async function () {
    this.timeout(60_000);
    const { context, page } = await harness!.newPage();
    await login(page, harness!.server.url, 'soc@swnt.lagebild.test');
    await page.goto(`${harness!.server.url}/warnmeldungen/${advisoryId}`);
    // The page shows a generic heading until the advisory has loaded; wait for the advisory's own.
    const title = page.getByRole('heading', { level: 1 }).filter({ hasText: 'window.__xss' });
    await title.waitFor();
    expect(await title.textContent()).to.contain('<script>window.__xss="script"</script>');
    await context.close();
  });

  it('CSP: the HTML is served with a script-src that forbids inline script, and Chromium enforces it', async function () {
    this.timeout(60_000);
    const response = await request(harness!.server.url).get('/');
    const csp = response.headers['content-security-policy'] as string;
    expect(csp).to.match(/script-src 'self'(;|$)/);
    expect(csp).to.not.match(/unsafe-inline|unsafe-eval/);
    expect(csp).to.match(/object-src 'none'/).and.to.match(/frame-ancestors 'none'/).and.to.match(/base-uri 'self'/);
    // A canary page outside the harness' watched pages: inject an inline script as a sanitizer bypass would.
    const context = await harness!.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${harness!.server.url}/`);
    const outcome = await page.evaluate(async () => {
      const violation = new Promise<string>((resolve) => document.addEventListener('securitypolicyviolation', (event) => resolve(event.violatedDirective), { once: true }));
      const script = document.createElement('script');
      script.textContent = 'window.__xss = "inline"';
      document.body.append(script);
      const image = document.createElement('img');
      image.setAttribute('src', 'x');
      image.setAttribute('onerror', 'window.__xss = "handler"');
      document.body.append(image);
      const directive = await violation;
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { directive, xss: (window as unknown as { __xss?: unknown }).__xss };
    });
    expect(outcome.xss, 'inline script and handler were blocked').to.equal(undefined);
    expect(outcome.directive).to.match(/^script-src/);
    await context.close();
  });

  it('open redirect after password login: ?next=, ?returnTo= and ?redirect= pointing off-site keep the browser on Lagebild', async function () {
    this.timeout(120_000);
    for (const query of ['next=https://evil.example/', 'returnTo=//evil.example', 'redirect=javascript:alert(1)', 'next=%2F%2Fevil.example']) {
      const { context, page } = await harness!.newPage();
      await page.goto(`${harness!.server.url}/?${query}`);
      await page.getByLabel('E-Mail-Adresse').fill('it@jena.lagebild.test');
      await page.getByLabel('Passwort').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.getByRole('heading', { level: 1, name: 'Lagebild' }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(new URL(page.url()).origin, query).to.equal(harness!.server.url);
      await context.close();
    }
  });

  it('no watched page raised a script error or a CSP violation', () => {
    expectCleanPages(harness);
  });
});
