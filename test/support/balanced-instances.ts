import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { waitFor } from './wait-for.js';

// Variable specifiers: the load runner's modules are plain JavaScript, loaded as they are shipped.
const NGINX_MODULE: string = '../../loadtest/local/nginx.mjs';

interface NginxModule {
  ensureNginx: (log?: (line: string) => void) => string;
  startNginx: (
    bin: string,
    dir: string,
    port: number,
    upstreams: number[],
  ) => { stop(): Promise<void> };
}

/** Server processes behind the local round-robin nginx, as `npm run loadtest:local` runs them. */
export interface BalancedInstances {
  /** The balancer's origin, `http://127.0.0.1:PORT`. */
  readonly baseUrl: string;
  readonly instances: readonly ServerProcess[];
  /** Their `WEBSITE_INSTANCE_ID`s, in start order. */
  readonly instanceIds: readonly string[];
  stop(): Promise<void>;
}

/**
 * Starts `count` instances of the built server (`node dist/main.js`, instance ids `<prefix>-1`…)
 * and nginx (the load runner's config: round robin, keep-alive, loopback Host kept) in front.
 * Needs nginx installed (`requireTool('nginx', …)`).
 */
export async function startBalancedInstances(
  count: number,
  prefix: string,
  env: Record<string, string> = {},
): Promise<BalancedInstances> {
  const { ensureNginx, startNginx } = (await import(
    NGINX_MODULE
  )) as NginxModule;
  const instanceIds = Array.from(
    { length: count },
    (_, i) => `${prefix}-${i + 1}`,
  );
  const instances = await Promise.all(
    instanceIds.map((id) =>
      startServerProcess({ ...env, WEBSITE_INSTANCE_ID: id }),
    ),
  );
  const dir = mkdtempSync(join(tmpdir(), 'balanced-instances-'));
  const port = await freePort();
  const nginx = startNginx(
    ensureNginx(),
    dir,
    port,
    instances.map((i) => i.port),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await nginx.stop();
    await Promise.all(instances.map((i) => i.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      () =>
        fetch(`${baseUrl}/healthz`).then(
          (res) => res.ok,
          () => false, // not listening yet
        ),
      { what: `nginx to answer /healthz on :${port}` },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, instances, instanceIds, stop };
}
