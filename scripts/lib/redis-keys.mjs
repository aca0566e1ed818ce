// Cleans up after a run that used its own key prefix on a shared Redis (the conformance run and the
// tasks bench): ioredis, loaded only when a run used Redis.

/** Deletes every key under `prefix` on the Redis at `url`. */
export async function deleteKeys(url, prefix) {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
