/** Liveness: 200 while the process can serve. App Service's health check probes it. */
export const LIVENESS_PATH = '/healthz';

/** Readiness: 503 while a dependency is down or the instance is shutting down (slot-swap warm-up). */
export const READINESS_PATH = '/readyz';
