/**
 * Whether an environment is production: `NODE_ENV=production`, or any App Service instance
 * (`WEBSITE_INSTANCE_ID` is set by the platform, whatever the app settings say).
 */
export function isProduction(env: Readonly<Record<string, unknown>>): boolean {
  return env.NODE_ENV === 'production' || !!env.WEBSITE_INSTANCE_ID;
}

/**
 * A setting the app refuses to run without in production (`isProduction`), because its default only
 * suits a developer machine (an empty signing key list, no Redis URL). Declared with
 * `@RequiredInProduction()` on the env class that reads the setting, enforced by `validateEnv`, and
 * read by the infrastructure tests, which check that the deployment sets every one of them.
 */
export interface ProductionRequirement {
  /** Environment variable name (the decorated property). */
  readonly setting: string;
  /** Only required when these settings (after defaults) have these values. */
  readonly when?: Readonly<Record<string, string>>;
}

const requirements = new WeakMap<object, ProductionRequirement[]>();

/**
 * Marks an env class property as required in production, optionally only under conditions on other
 * properties of the same class, e.g. `@RequiredInProduction({ HANDLE_BACKEND: 'redis' })`.
 */
export const RequiredInProduction =
  (when?: Readonly<Record<string, string>>): PropertyDecorator =>
  (target, property) => {
    const list = requirements.get(target.constructor) ?? [];
    list.push({ setting: String(property), ...(when ? { when } : {}) });
    requirements.set(target.constructor, list);
  };

/** Every `@RequiredInProduction` declaration of an env class, in declaration order. */
export function productionRequirements(
  cls: abstract new () => object,
): readonly ProductionRequirement[] {
  return requirements.get(cls) ?? [];
}

/** Whether a requirement's conditions hold for a configuration (or an environment). */
export function requirementApplies(
  requirement: ProductionRequirement,
  values: Readonly<Record<string, unknown>>,
): boolean {
  return Object.entries(requirement.when ?? {}).every(
    ([name, value]) => values[name] === value,
  );
}

/** The settings of `config` that production requires and that are unset or empty. */
export function missingInProduction(config: object): string[] {
  const values = config as Record<string, unknown>;
  return productionRequirements(config.constructor as new () => object)
    .filter((r) => requirementApplies(r, values) && isEmpty(values[r.setting]))
    .map((r) => r.setting);
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}
