import { AssetIndex, matchProducts, matchProductsNaive, type AffectedProduct, type MatchableAsset } from '../server/matching/engine.js';
import { cpeKeyOf, matchKeyOf } from '../server/matching/normalize.js';

const ORGANIZATIONS = 10_000;
const ITEMS_PER_ORG = 50;
const RUNS = 11;

// A municipal mix: 2,000 distinct products of 400 vendors, versions spread over three release lines.
const VENDORS = Array.from({ length: 400 }, (_, i) => (i === 0 ? 'Citrix' : `Vendor ${i}`));
function productName(vendor: number, product: number): string {
  return vendor === 0 && product === 0 ? 'NetScaler ADC' : `Product ${vendor}-${product}`;
}

/** 10,000 organizations × 50 items, generated deterministically in memory. */
function inventory(): MatchableAsset[] {
  const assets: MatchableAsset[] = [];
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
  for (let org = 0; org < ORGANIZATIONS; org += 1) {
    for (let item = 0; item < ITEMS_PER_ORG; item += 1) {
      const vendor = next() % VENDORS.length;
      const product = next() % 5;
      const version = `${12 + (next() % 3)}.${next() % 4}-${next() % 60}.${next() % 50}`;
      const name = productName(vendor, product);
      const cpe = item % 10 === 0 ? `cpe:2.3:a:${VENDORS[vendor]!.toLowerCase().replace(' ', '_')}:${name.toLowerCase().replaceAll(' ', '_')}:${version}:*:*:*:*:*:*:*` : null;
      assets.push({ id: `${org}-${item}`, organizationId: `org-${org}`, vendor: VENDORS[vendor]!, product: name, version, cpe, matchKey: matchKeyOf(VENDORS[vendor]!, name), cpeKey: cpeKeyOf(cpe) ?? null });
    }
  }
  return assets;
}

/** One advisory with 20 affected-product ranges. */
function advisoryProducts(): AffectedProduct[] {
  return Array.from({ length: 20 }, (_, i) => {
    const vendor = i % 10;
    return { vendor: VENDORS[vendor]!, product: productName(vendor, i % 5), versions: [{ from: `${12 + (i % 3)}.0`, below: `${12 + (i % 3)}.2-30.0` }] };
  });
}

function time<T>(fn: () => T): { ms: number; result: T } {
  const started = process.hrtime.bigint();
  const result = fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

/**
 * Matching one advisory (20 ranges) against 10,000 organizations × 50 inventory items: the indexed
 * engine (index built once, as the database's key indexes are) against the naive nested loop.
 */
export async function runMatchBenchmark(): Promise<void> {
  const assets = inventory();
  const products = advisoryProducts();
  const build = time(() => new AssetIndex(assets));
  const indexed: number[] = [];
  let hits = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const measured = time(() => matchProducts(products, build.result));
    indexed.push(measured.ms);
    hits = measured.result.length;
  }
  const naive = time(() => matchProductsNaive(products, assets));
  if (naive.result.length !== hits) throw new Error(`index (${hits}) and nested loop (${naive.result.length}) disagree`);
  const affectedOrgs = new Set(naive.result.map((match) => match.organizationId)).size;
  indexed.sort((a, b) => a - b);
  const median = indexed[Math.floor(RUNS / 2)]!;
  await Promise.resolve();
  process.stdout.write(
    [
      `${ORGANIZATIONS} organizations × ${ITEMS_PER_ORG} items = ${assets.length} assets; 20 affected-product ranges; ${hits} affected assets in ${affectedOrgs} organizations`,
      `index build (once, like the DB indexes): ${build.ms.toFixed(1)} ms`,
      `indexed matching: median ${median.toFixed(2)} ms of ${RUNS} runs (target ≤ 100 ms)`,
      `baseline nested loop: ${naive.ms.toFixed(0)} ms`,
      `speed-up: ${(naive.ms / median).toFixed(0)}×`,
    ].join('\n') + '\n',
  );
}
