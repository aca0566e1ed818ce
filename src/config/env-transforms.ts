import { Transform } from 'class-transformer';

/** Reads `1`, `true`, `yes`, `on` (any case) as true; anything else, or unset, as false. */
export const EnvBoolean = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? /^(1|true|yes|on)$/i.test(value.trim())
      : value === true,
  );

/** Reads a decimal integer; leaves an unset variable undefined so a default applies. */
export const EnvInt = () =>
  Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? undefined : Number(value),
  );

/** Splits a comma-separated list, trimming blanks away. */
export const EnvList = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value,
  );

/** Reads a decimal number (fractions allowed); leaves an unset variable undefined so a default applies. */
export const EnvNumber = () =>
  Transform(({ value }: { value: unknown }) =>
    value === undefined || (typeof value === 'string' && value.trim() === '')
      ? undefined
      : Number(value),
  );

/** Trims a string; an empty or blank value counts as unset (App Service keeps emptied settings). */
export const EnvTrimmed = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim() || undefined : value,
  );
