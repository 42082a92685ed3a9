import { getMetadataStorage, ValidationError } from 'class-validator';

/** One refused field of a request, named as the API spells it (`participants[0].role`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * class-validator's errors as Danish messages that start with the field's
 * path. Messages written in a DTO (they are Danish already) are kept; the
 * library's English defaults are replaced by text built from the
 * constraint's own arguments, so nothing English reaches a user.
 */
export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const path = pathOf(prefix, error.property);
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field: path,
      message: ownMessage(error, constraint, message, path),
    }));
    return [...own, ...fieldProblems(error.children ?? [], path)];
  });
}

function pathOf(prefix: string, property: string): string {
  if (!prefix) return property;
  return /^\d+$/.test(property) ? `${prefix}[${property}]` : `${prefix}.${property}`;
}

function ownMessage(error: ValidationError, constraint: string, message: string, path: string): string {
  const danish = danishDefault(error, constraint, path);
  if (danish !== undefined) return danish;
  // A message the DTO wrote itself (Danish) names its property first; put the full path there.
  return message.startsWith(error.property) ? `${path}${message.slice(error.property.length)}` : `${path}: ${message}`;
}

/** The Danish text for a constraint whose message is still class-validator's English default, or undefined. */
function danishDefault(error: ValidationError, constraint: string, path: string): string | undefined {
  const message = error.constraints?.[constraint] ?? '';
  if (constraint === 'whitelistValidation') return `${path} er ikke et kendt felt`;
  if (constraint === 'nestedValidation' || constraint === 'unknownValue') return `${path} skal være et objekt`;
  // Nest's own refusal of a body that is no object (request-limits.ts refuses JSON ones first; this is the net).
  if (constraint === 'isObject' && /object is expected/.test(message)) return `${path} skal være et JSON-objekt ({ … })`;
  if (!isEnglishDefault(message)) return undefined;
  if (error.value === undefined || error.value === null) return `${path} mangler`;
  const meta = metadataOf(error, constraint);
  const args = meta?.constraints ?? [];
  const each = meta?.each || /^each value in /.test(message);
  const text = describe(constraint, args, message, each ? undefined : error.value);
  return each ? `Hvert element i ${path} ${text}` : `${path} ${text}`;
}

function isEnglishDefault(message: string): boolean {
  return /\b(must|should|each value in)\b/.test(message);
}

function describe(constraint: string, args: unknown[], message: string, value?: unknown): string {
  const n = (i = 0) => String(args[i] ?? message.match(/-?\d+(\.\d+)?/)?.[0] ?? '');
  // With stopAtFirstError a bound may be checked before the type: "abc" is not "greater than 500".
  if (['min', 'max'].includes(constraint) && value !== undefined && (typeof value !== 'number' || Number.isNaN(value))) return 'skal være et tal';
  if (['isLength', 'maxLength', 'minLength'].includes(constraint) && value !== undefined && typeof value !== 'string') return 'skal være en tekst';
  if (['arrayMaxSize', 'arrayMinSize'].includes(constraint) && value !== undefined && !Array.isArray(value)) return 'skal være en liste';
  switch (constraint) {
    case 'isIn':
    case 'isEnum': {
      const values = Array.isArray(args[0]) ? (args[0] as unknown[]) : typeof args[0] === 'object' && args[0] ? Object.values(args[0]) : [];
      return values.length > 0 ? `skal være en af: ${values.join(', ')}` : 'har en ugyldig værdi';
    }
    case 'isInt':
      return 'skal være et heltal';
    case 'isNumber':
      return 'skal være et tal';
    case 'min':
      return `må ikke være mindre end ${n()}`;
    case 'max':
      return `må ikke være større end ${n()}`;
    case 'isString':
      return 'skal være en tekst';
    case 'isBoolean':
      return 'skal være true eller false';
    case 'isArray':
      return 'skal være en liste';
    case 'isObject':
      return 'skal være et objekt';
    case 'isNotEmpty':
    case 'isDefined':
      return 'skal udfyldes';
    case 'isUUID':
      return 'henviser ikke til en gyldig post (forventer et UUID)';
    case 'isEmail':
      return 'skal være en gyldig e-mailadresse';
    case 'isLength': {
      const [min, max] = (args.length > 0 ? args : (message.match(/\d+/g) ?? []).map(Number)) as [number | undefined, number | undefined];
      if (min === undefined && max === undefined) return 'har en ugyldig længde';
      if (typeof min === 'number' && typeof max === 'number') return `skal være mellem ${min} og ${max} tegn`;
      if (typeof max === 'number') return `må højst være ${max} tegn`;
      return `skal være mindst ${min} tegn`;
    }
    case 'maxLength':
      return `må højst være ${n()} tegn`;
    case 'minLength':
      return `skal være mindst ${n()} tegn`;
    case 'arrayMaxSize':
      return `må højst have ${n()} elementer`;
    case 'arrayMinSize':
      return `skal have mindst ${n()} element${n() === '1' ? '' : 'er'}`;
    case 'arrayUnique':
      return 'må ikke indeholde det samme element to gange';
    default:
      return 'har en ugyldig værdi';
  }
}

function metadataOf(error: ValidationError, constraint: string) {
  const target = error.target?.constructor;
  if (!target) return undefined;
  return getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .find((m) => m.propertyName === error.property && (m.name === constraint || constraintName(m.constraintCls) === constraint));
}

function constraintName(cls: unknown): string | undefined {
  if (typeof cls !== 'function') return undefined;
  const metadata = getMetadataStorage().getTargetValidatorConstraints(cls as Function)[0];
  return metadata?.name;
}
