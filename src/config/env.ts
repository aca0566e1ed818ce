/** An environment: variable names to their values, as `process.env` holds them. */
export type Env = Readonly<Record<string, string | undefined>>;
