// `npm test` builds first (its `pretest`), unless the caller already built this checkout and says so
// with SKIP_TEST_BUILD=1 (.ci/run and the release workflow build, lint and then test). Chosen over
// comparing timestamps of src/ and dist/, which a checkout, a branch switch or a copied tree can
// make lie; the build's outputs must still be there, or it builds anyway.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const OUTPUTS = [
  'dist/main.js',
  'dist-client/cli.js',
  'packages/nest/dist/index.js',
];

if (process.env.SKIP_TEST_BUILD === '1') {
  const missing = OUTPUTS.filter((f) => !existsSync(f));
  if (missing.length === 0) {
    console.error('pretest: SKIP_TEST_BUILD=1, using the existing build');
    process.exit(0);
  }
  console.error(
    `pretest: SKIP_TEST_BUILD=1 but ${missing.join(', ')} missing: building`,
  );
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const build = spawnSync(npm, ['run', 'build'], { stdio: 'inherit' });
process.exit(build.status ?? 1);
