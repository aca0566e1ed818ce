import { getMetadataStorage, type ValidationError } from 'class-validator';

type Rule = ReturnType<
  ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']
>[number];

/**
 * One sentence saying what the variable `error` is about expects, built from its class-validator
 * rules (or the failed rule's own `{ message }` when it has one). It names the variable
 * and the rule, never the value: a value may be a secret.
 */
export function expectation(
  cls: new () => object,
  error: ValidationError,
): string {
  const property = error.property;
  const rules = getMetadataStorage()
    .getTargetValidationMetadatas(cls, '', true, false)
    .filter((m) => m.propertyName === property);
  // A rule with its own message: class-validator has rendered it into the failed constraint.
  const custom = rules.find(
    (m) => m.message && m.name && error.constraints?.[m.name],
  );
  if (custom?.name) return error.constraints![custom.name];
  const rule = (name: string): Rule | undefined =>
    rules.find((m) => m.name === name);
  const [min, max] = [rule('min'), rule('max')].map(
    (m) => m?.constraints?.[0] as number | undefined,
  );
  const numeric = rule('isInt') ? 'an integer' : rule('isNumber') && 'a number';
  if (numeric) {
    if (min !== undefined && max !== undefined)
      return `${property} must be ${numeric} from ${min} to ${max}`;
    if (min !== undefined) return `${property} must be ${numeric} ≥ ${min}`;
    if (max !== undefined) return `${property} must be ${numeric} ≤ ${max}`;
    return `${property} must be ${numeric}`;
  }
  const isIn = rule('isIn');
  if (isIn)
    return `${property} must be one of: ${(isIn.constraints[0] as unknown[]).join(', ')}`;
  if (rule('isUrl')) return `${property} must be an http:// or https:// URL`;
  if (rule('isBoolean')) return `${property} must be true or false`;
  if (rule('matches')) return `${property} is not in the expected format`;
  if (rule('isString')) return `${property} must be text`;
  return `${property} is invalid`;
}
