// Types for the jslib module k6 fetches at run time (https://jslib.k6.io), so the script type-checks
// offline. Shape from the k6-summary 0.1.0 sources: textSummary(data, options) → string.
declare module 'https://jslib.k6.io/k6-summary/0.1.0/index.js' {
  /** Options of k6's end-of-test text summary. */
  export interface TextSummaryOptions {
    indent?: string;
    enableColors?: boolean;
  }
  /** Renders k6's normal end-of-test summary from the handleSummary data. */
  export function textSummary(
    data: unknown,
    options?: TextSummaryOptions,
  ): string;
}
