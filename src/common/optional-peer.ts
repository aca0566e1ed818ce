/**
 * The error for an optional peer dependency the configuration needs but the application did not
 * install (`ERR_MODULE_NOT_FOUND` for that package); any other load failure is returned as is.
 * @param name the npm package.
 * @param setting the setting that made it necessary, named in the message.
 */
export function missingPeer(
  name: string,
  setting: string,
  err: unknown,
): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const message = err instanceof Error ? err.message : '';
  if (code !== 'ERR_MODULE_NOT_FOUND' || !message.includes(`'${name}'`))
    return err instanceof Error ? err : new Error(String(err));
  return new Error(
    `${setting} needs the package ${name}, an optional peer dependency of @stateless-mcp/nest: npm install ${name}`,
    { cause: err },
  );
}
