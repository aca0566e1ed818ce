import { IsIn, IsOptional, IsString } from 'class-validator';

/** Where list changes travel between instances: Redis pub/sub whenever the Redis backend is on. */
export class SubscriptionsEnvironment {
  @IsOptional() @IsIn(['signed', 'redis']) HANDLE_BACKEND?: 'signed' | 'redis';
  @IsOptional() @IsString() REDIS_URL?: string;
  @IsOptional() @IsString() REDIS_KEY_PREFIX = 'mcp:';
}
