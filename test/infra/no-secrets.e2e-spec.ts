import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { listRepoFiles, readRepoFile } from './support/repo-files.js';

// Everything that describes the deployment: none of it may carry a credential. Secrets live in the
// azd environment (.azure/, git-ignored) and reach Azure as a secure parameter.
const DEPLOYMENT_FILES = [
  ...listRepoFiles('infra'),
  ...listRepoFiles('scripts/azd'),
  ...listRepoFiles('scripts/release'),
  ...listRepoFiles('.github'),
  '.ci/run',
  'azure.yaml',
  '.vscode/mcp.json',
  '.webappignore',
];

/** Secret-looking text in a file: each finding names the rule, never the text itself. */
function findSecrets(text: string): string[] {
  const findings: string[] = [];
  // Base64 of 24+ random bytes (a signing key, an access key): long, mixed case, digits, and as
  // varied as random text (paths and URLs, which also match the alphabet, are not).
  const withoutUrls = text.replace(/https?:\/\/\S+/g, '');
  for (const [candidate] of withoutUrls.matchAll(
    /[A-Za-z0-9+/_-]{32,}={0,2}/g,
  )) {
    const digits = candidate.replace(/\D/g, '').length;
    const mixed = /[a-z]/.test(candidate) && /[A-Z]/.test(candidate);
    if (digits >= 2 && mixed && entropy(candidate) > 4.2)
      findings.push('base64 key');
  }
  if (/\b[0-9a-f]{40,}\b/i.test(text)) findings.push('hex key');
  if (
    /(AccountKey|SharedAccessKey|InstrumentationKey|AccessKey)\s*=\s*[^\s;'"$]/i.test(
      text,
    )
  )
    findings.push('key assignment');
  if (
    /\b(password|passwd|pwd|client[_-]?secret)\b\s*[:=]\s*['"]?[^\s'"$<{]{4,}/i.test(
      text,
    )
  )
    findings.push('password');
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text))
    findings.push('private key');
  if (
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.test(text)
  )
    findings.push('tenant/client/subscription id');
  return findings;
}

/** Shannon entropy in bits per character. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  return -[...counts.values()].reduce(
    (sum, n) => sum + (n / text.length) * Math.log2(n / text.length),
    0,
  );
}

describe('no secret literal in the deployment files', () => {
  it('covers the infra, hooks, release scripts and workflow', () => {
    expect(DEPLOYMENT_FILES).toEqual(
      expect.arrayContaining([
        'infra/main.bicep',
        'infra/main.parameters.json',
        'scripts/release/lib.sh',
        '.github/workflows/release.yml',
      ]),
    );
  });

  it.each(DEPLOYMENT_FILES)('%s has none', (path) => {
    expect(findSecrets(readRepoFile(path))).toEqual([]);
  });

  it('recognises secrets (the check above can fail)', () => {
    // Fixed stand-ins for random keys: random samples made this test fail now and then (a key
    // with fewer than two digits, say), and a check that can fail by chance proves nothing.
    const bytes = (n: number) =>
      createHash('sha512').update('sample').digest().subarray(0, n);
    const samples = [
      `HANDLE_SIGNING_KEYS=k20260101:${bytes(32).toString('base64')}`,
      `REDIS_PASSWORD: ${bytes(24).toString('hex')}`,
      `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${bytes(8).toString('hex')}`,
      `APPLICATIONINSIGHTS_CONNECTION_STRING=InstrumentationKey=0f8fad5b-d9cb-469f-a165-70867728950e`,
      `password: 'hunter2-${bytes(4).toString('hex')}'`,
    ];
    for (const sample of samples)
      expect({ sample, found: findSecrets(sample).length > 0 }).toEqual({
        sample,
        found: true,
      });
  });
});
