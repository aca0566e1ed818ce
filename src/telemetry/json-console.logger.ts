import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import { SERVER_PACKAGE as PACKAGE } from '../server-package.js';

/** Masked wherever they appear in a logged object: never log a secret, a handle or tool arguments. */
const REDACTED_KEYS = [
  'arguments',
  'handle',
  'requestState',
  'authorization',
  'cookie',
  'password',
  'secret',
  'token',
  'connectionString',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'HANDLE_SIGNING_KEYS',
  'REDIS_URL',
];

const SEVERITY: Readonly<Record<LogLevel, SeverityNumber>> = {
  verbose: SeverityNumber.TRACE,
  debug: SeverityNumber.DEBUG,
  log: SeverityNumber.INFO,
  warn: SeverityNumber.WARN,
  error: SeverityNumber.ERROR,
  fatal: SeverityNumber.FATAL,
};

type JsonLogOptions = Parameters<ConsoleLogger['getJsonLogObject']>[1];

/**
 * The server's logger: one JSON object per line on stdout/stderr, with `trace_id`/`span_id` when
 * written inside a request span. While telemetry runs, each record also goes to the OpenTelemetry
 * logs API, so Application Insights files it under the request's operation id (`traces` table).
 */
export class JsonConsoleLogger extends ConsoleLogger {
  private readonly otel = logs.getLogger(PACKAGE.name, PACKAGE.version);

  /** @param logLevels the levels to print (default: Nest's, all but none). */
  constructor(logLevels?: LogLevel[]) {
    super({
      json: true,
      redact: REDACTED_KEYS,
      ...(logLevels ? { logLevels } : {}),
    });
  }

  protected override getJsonLogObject(
    message: unknown,
    options: JsonLogOptions,
  ): ReturnType<ConsoleLogger['getJsonLogObject']> {
    const record = super.getJsonLogObject(message, options);
    const span = trace.getActiveSpan()?.spanContext();
    if (span && isSpanContextValid(span)) {
      record.trace_id = span.traceId;
      record.span_id = span.spanId;
    }
    return record;
  }

  protected override printAsJson(
    message: unknown,
    options: JsonLogOptions,
  ): void {
    super.printAsJson(message, options);
    const { error } = options;
    this.otel.emit({
      severityNumber: SEVERITY[options.logLevel],
      severityText: options.logLevel,
      body:
        typeof message === 'string'
          ? message
          : this.stringifyMessage(message, options.logLevel),
      attributes: {
        ...(options.context ? { 'code.namespace': options.context } : {}),
        ...(error
          ? {
              'exception.type': error.name,
              'exception.message': error.message,
              'exception.stacktrace': error.stack,
            }
          : {}),
      },
    });
  }
}
