/**
 * Interop wrapper for `ae-cvss-calculator` (Apache-2.0), used for table-based CVSS 4.0 scoring.
 *
 * The package ships a webpack UMD bundle flagged `__esModule`. Node's native ESM loader exposes
 * such a CommonJS module only as `default`, whereas CommonJS transpilation (tsx when a file is
 * loaded through `require`) and bundlers (Vite/esbuild for the client) expose the named exports
 * directly. A plain default import therefore works in one environment and is `undefined` in the
 * other; resolving the shape at runtime keeps this module isomorphic.
 */
import * as cvssNamespace from 'ae-cvss-calculator';

/** The library's exports (`Cvss3P0`, `Cvss3P1`, `Cvss4P0`, …). */
export type CvssLibrary = typeof cvssNamespace;

/** The resolved library exports, whichever way the module loader presented them. */
export const cvssLibrary: CvssLibrary =
  'Cvss4P0' in cvssNamespace ? cvssNamespace : (cvssNamespace as unknown as { default: CvssLibrary }).default;
