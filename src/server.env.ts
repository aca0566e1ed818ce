import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { EnvInt } from './config/env-transforms.js';

/** Where and how the HTTP server listens. */
export class ServerEnvironment {
  @EnvInt() @IsInt() @Min(0) @Max(65535) PORT = 8000;

  @IsOptional() @IsString() HOST = '0.0.0.0';

  /**
   * Idle keep-alive in ms. Longer than any balancer in front (App Service's front end: ~230 s,
   * reference/azure.md; nginx: 60 s), or the balancer reuses a socket we just closed and its
   * request fails (reference/ecosystem.md §6).
   */
  @EnvInt() @IsInt() @Min(1000) HTTP_KEEP_ALIVE_TIMEOUT_MS = 245_000;
}
