import { MetricReader } from '@opentelemetry/sdk-metrics';

/** A metric reader that exports nothing: a test reads the metrics on demand with `collect()`. */
export class PullReader extends MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}
