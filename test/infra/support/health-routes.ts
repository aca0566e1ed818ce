// The app's health routes, which App Service probes: health check on liveness, warm-up (start and
// swap) on readiness. The health module does not export route constants yet; when it does, import
// them here. Until then health-routes.e2e-spec.ts proves the app really serves these paths.

/** Liveness: 200 while the process serves HTTP. */
export const LIVENESS_PATH = '/healthz';

/** Readiness: 200 when dependencies answer, 503 while not ready or draining. */
export const READINESS_PATH = '/readyz';
