// @secvisogram/csaf-validator-lib ships no typings (STACK.md "CSAF validator").
declare module '@secvisogram/csaf-validator-lib/validate.js' {
  export type CsafTest = ((doc: unknown) => unknown) & { name: string };
  export type CsafTestResult = { name: string; isValid: boolean; errors: { instancePath: string; message: string }[]; warnings: unknown[]; infos: unknown[] };
  export default function validate(tests: CsafTest[], doc: unknown): Promise<{ isValid: boolean; tests: CsafTestResult[] }>;
}
declare module '@secvisogram/csaf-validator-lib/basic.js' {
  import type { CsafTest } from '@secvisogram/csaf-validator-lib/validate.js';
  const tests: Record<string, CsafTest>;
  export = tests;
}
