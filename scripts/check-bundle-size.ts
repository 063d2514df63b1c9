// npm run check:bundle — the first-load script budget of the web client (issue 18): the entry module
// of the built client/dist/index.html and every module it imports statically (what the browser must
// fetch before the first page renders), gzipped, must stay within 150 KB. Pages and heavy libraries
// are lazy chunks (client/src/app/routes.tsx, client/vite.config.ts); a static import of one of them
// from the shell breaks this check. Run after `npm run build:client`.
// Exit 0: within budget; 1: over budget; 2: no build found.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 150 * 1000;
const distDir = fileURLToPath(new URL('../client/dist', import.meta.url));
const indexHtml = join(distDir, 'index.html');

function assetPath(url: string): string {
  return join(distDir, url.replace(/^\//, ''));
}

/** Static `import … from "./x.js"` and `export … from "./x.js"`, not the dynamic `import("./x.js")` of lazy chunks. */
function staticImports(code: string): string[] {
  const found: string[] = [];
  const pattern = /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'](\.\.?\/[^"']+\.js)["']/g;
  for (const match of code.matchAll(pattern)) found.push(match[1] as string);
  return found;
}

function main(): number {
  if (!existsSync(indexHtml)) {
    console.error(`check-bundle-size: ${indexHtml} is missing; run \`npm run build:client\` first.`);
    return 2;
  }
  const html = readFileSync(indexHtml, 'utf8');
  const roots = [
    ...[...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1] as string),
    ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1] as string),
  ];
  if (roots.length === 0) {
    console.error('check-bundle-size: no module script in index.html');
    return 2;
  }
  const seen = new Set<string>();
  const queue = roots.map((url) => url.replace(/^\//, ''));
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(assetPath(file), 'utf8');
    for (const spec of staticImports(code)) queue.push(posix.join(posix.dirname(file), spec));
  }
  let total = 0;
  const rows: [string, number][] = [];
  for (const file of seen) {
    const size = gzipSync(readFileSync(assetPath(file))).length;
    total += size;
    rows.push([file, size]);
  }
  rows.sort((a, b) => b[1] - a[1]);
  for (const [file, size] of rows) console.log(`${(size / 1000).toFixed(2).padStart(8)} kB  ${file}`);
  const verdict = total <= BUDGET_BYTES ? 'within' : 'OVER';
  console.log(`first-load script: ${(total / 1000).toFixed(2)} kB gzipped (${verdict} the budget of ${BUDGET_BYTES / 1000} kB)`);
  return total <= BUDGET_BYTES ? 0 : 1;
}

process.exitCode = main();
