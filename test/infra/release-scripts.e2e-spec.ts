import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { FakeCommands } from './support/fake-commands.js';

const PRODUCTION = 'https://app-web-token.azurewebsites.net';
const STAGING = 'https://app-web-token-staging-ab12.azurewebsites.net';

// What `azd provision` leaves in the environment; the scripts read it first.
const DEPLOYED = {
  AZURE_RESOURCE_GROUP: 'rg-test',
  SERVICE_WEB_NAME: 'app-web-token',
  SERVICE_WEB_URI: PRODUCTION,
  SERVICE_WEB_STAGING_URI: STAGING,
  READY_ATTEMPTS: '2',
  READY_INTERVAL_SECONDS: '0',
};

/**
 * Stand-ins for the outside world. `curl` answers FAKE_HTTP_STATUS (200); the MCP client (`npm run
 * client`) fails for URLs containing FAKE_CLIENT_FAILS; azd has its App Service extension unless
 * FAKE_NO_AZD_EXTENSION is set; `az webapp deployment slot list` prints FAKE_SLOTS (staging).
 */
function fakeWorld(): FakeCommands {
  return new FakeCommands()
    .add('curl', 'printf %s "${FAKE_HTTP_STATUS:-200}"')
    .add(
      'npm',
      'case "$*" in *"${FAKE_CLIENT_FAILS:-no-such-url}"*) exit 1 ;; esac; exit 0',
    )
    .add(
      'azd',
      [
        'case "$1 $2" in',
        '  "env get-value") exit 1 ;;',
        '  "extension list") [ -n "${FAKE_NO_AZD_EXTENSION:-}" ] || echo "azure.appservice  App Service" ;;',
        '  "extension install") [ -z "${FAKE_NO_AZD_EXTENSION:-}" ] ;;',
        '  "deploy web") echo "azd deploy-slot ${AZD_DEPLOY_WEB_SLOT_NAME:-}" >> "$FAKE_LOG" ;;',
        'esac',
      ].join('\n'),
    )
    .add(
      'az',
      'case "$*" in *"slot list"*) printf "%s\\n" ${FAKE_SLOTS:-staging} ;; esac; exit 0',
    );
}

/** The calls that reach Azure or the MCP endpoint, in order, in a short form. */
function actions(fakes: FakeCommands): string[] {
  return fakes.calls().flatMap((call) => {
    const swap = / slot swap .*--action (\w+)/.exec(call);
    if (swap) return [`az ${swap[1]}`];
    const azd =
      /^azd appservice swap --service web --src (\S+) --dst (\S+)/.exec(call);
    if (azd) return [`azd swap ${azd[1]}->${azd[2]}`];
    const client = /^npm run --silent client -- (\S+)/.exec(call);
    if (client)
      return [
        `client ${client[1] === `${PRODUCTION}/mcp` ? 'production' : client[1] === `${STAGING}/mcp` ? 'staging' : client[1]}`,
      ];
    if (call.startsWith('azd deploy-slot '))
      return [call.replace('azd deploy-slot', 'deploy to')];
    if (call.startsWith('azd deploy ')) return [call];
    return [];
  });
}

describe('release scripts (against stand-ins for az, azd, curl and the MCP client)', () => {
  let fakes: FakeCommands;
  beforeEach(() => {
    fakes = fakeWorld();
  });
  afterEach(() => fakes.dispose());

  it('deploy-staging: azd deploy lands in the one staging slot, then waits for readiness', () => {
    const run = fakes.run('scripts/release/deploy-staging.sh', [], DEPLOYED);
    expect(run.status).toBe(0);
    expect(actions(fakes)).toEqual([
      'azd deploy web --no-prompt',
      'deploy to staging',
    ]);
    expect(fakes.calls()).toContain(
      `curl --silent --show-error --output /dev/null --write-out %{http_code} --max-time 30 ${STAGING}/readyz`,
    );
  });

  it('deploy-staging: refuses when azd would not pick staging (more slots, or slots ignored)', () => {
    expect(
      fakes.run('scripts/release/deploy-staging.sh', [], {
        ...DEPLOYED,
        FAKE_SLOTS: 'staging canary',
      }).status,
    ).not.toBe(0);
    expect(
      fakes.run('scripts/release/deploy-staging.sh', [], {
        ...DEPLOYED,
        AZD_DEPLOY_WEB_IGNORE_SLOTS: 'true',
      }).status,
    ).not.toBe(0);
    expect(actions(fakes)).toEqual([]);
  });

  it('smoke: checks readiness and liveness, then runs the project client against /mcp', () => {
    expect(
      fakes.run('scripts/release/smoke.sh', ['staging'], DEPLOYED).status,
    ).toBe(0);
    expect(actions(fakes)).toEqual(['client staging']);
    expect(
      fakes
        .calls()
        .filter((c) => c.startsWith('curl'))
        .map((c) => c.split(' ').pop()),
    ).toEqual([`${STAGING}/readyz`, `${STAGING}/healthz`]);
  });

  it('smoke: fails when the instance never becomes ready, without calling the client', () => {
    const run = fakes.run('scripts/release/smoke.sh', ['production'], {
      ...DEPLOYED,
      FAKE_HTTP_STATUS: '503',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/never became ready/);
    expect(actions(fakes)).toEqual([]);
  });

  it('swap: preview, smoke staging under production settings, complete, verify production', () => {
    expect(fakes.run('scripts/release/swap.sh', [], DEPLOYED).status).toBe(0);
    expect(actions(fakes)).toEqual([
      'az preview',
      'client staging',
      'az swap',
      'client production',
    ]);
  });

  it('swap: cancels the preview when staging fails under production settings', () => {
    const run = fakes.run('scripts/release/swap.sh', [], {
      ...DEPLOYED,
      FAKE_CLIENT_FAILS: STAGING,
    });
    expect(run.status).not.toBe(0);
    expect(actions(fakes)).toEqual([
      'az preview',
      'client staging',
      'az reset',
    ]);
  });

  it('swap: swaps straight back when production fails after the swap', () => {
    const run = fakes.run('scripts/release/swap.sh', [], {
      ...DEPLOYED,
      FAKE_CLIENT_FAILS: PRODUCTION,
    });
    expect(run.status).not.toBe(0);
    expect(actions(fakes)).toEqual([
      'az preview',
      'client staging',
      'az swap',
      'client production',
      'azd swap @main->staging',
      'client production',
    ]);
  });

  it('swap --direct: azd appservice swap, or az when the azd extension cannot be had', () => {
    expect(
      fakes.run('scripts/release/swap.sh', ['--direct'], DEPLOYED).status,
    ).toBe(0);
    expect(actions(fakes)).toEqual([
      'azd swap staging->@main',
      'client production',
    ]);
    fakes.dispose();
    fakes = fakeWorld();
    expect(
      fakes.run('scripts/release/swap.sh', ['--direct'], {
        ...DEPLOYED,
        FAKE_NO_AZD_EXTENSION: '1',
      }).status,
    ).toBe(0);
    expect(actions(fakes)).toEqual(['az swap', 'client production']);
  });

  it('rollback: swaps the previous release back and verifies production', () => {
    expect(fakes.run('scripts/release/rollback.sh', [], DEPLOYED).status).toBe(
      0,
    );
    expect(actions(fakes)).toEqual([
      'azd swap @main->staging',
      'client production',
    ]);
  });

  it('finds the site by its azd tags when azd has no outputs (a fresh CI runner)', () => {
    fakes.add(
      'az',
      [
        'case "$*" in',
        '  *"resource list"*) printf "rg-found\\tapp-found\\n" ;;',
        '  *"webapp show"*"--slot staging"*) echo app-found-staging.azurewebsites.net ;;',
        '  *"webapp show"*) echo app-found.azurewebsites.net ;;',
        'esac',
      ].join('\n'),
    );
    const run = fakes.run('scripts/release/rollback.sh', [], {
      AZURE_ENV_NAME: 'dev',
      READY_ATTEMPTS: '1',
      READY_INTERVAL_SECONDS: '0',
    });
    expect(run.status).toBe(0);
    expect(fakes.calls()).toContainEqual(
      expect.stringMatching(/^az resource list --tag azd-env-name=dev /),
    );
    expect(actions(fakes)).toEqual([
      'azd swap @main->staging',
      'client https://app-found.azurewebsites.net/mcp',
    ]);
  });
});
