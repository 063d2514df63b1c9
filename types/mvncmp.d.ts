// mvncmp (Maven 3 ComparableVersion in JavaScript) ships no typings.
declare module 'mvncmp' {
  /** < 0 if a is older than b, 0 if equal, > 0 if newer. */
  export function compare(a: string, b: string): number;
  const mvncmp: { compare: typeof compare };
  export default mvncmp;
}
