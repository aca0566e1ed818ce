import {
  type ArgumentMetadata,
  Injectable,
  type PipeTransform,
} from '@nestjs/common';

/**
 * Trims every string of a tool's arguments. zod's `.trim()` is a transform, which a JSON Schema
 * cannot carry (the package refuses such a schema at boot), so the trimming happens here, after
 * the arguments passed their schema and before `execute` sees them. The arguments reach a pipe as
 * `metadata.type === 'body'`; anything else (the call context) passes through unchanged.
 */
@Injectable()
export class TrimStringsPipe implements PipeTransform {
  transform(value: unknown, { type }: ArgumentMetadata): unknown {
    if (type !== 'body' || typeof value !== 'object' || value === null)
      return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [
        key,
        typeof v === 'string' ? v.trim() : v,
      ]),
    );
  }
}
