import { ValidationOptions, registerDecorator } from 'class-validator';
import { CPR_SHAPE_REFUSED, containsCprShape, parseCpr } from '../domain/cpr';
import { isIsoDate } from '../domain/dates';
import { bothLanguages } from './validation-texts';

/** A CPR number; the reason names what is wrong ("day 32 does not exist ...") and never echoes the value. */
export function IsCpr(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCpr',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => parseCpr(value).ok,
        defaultMessage: (args) => {
          const result = parseCpr(args?.value);
          return bothLanguages(result.ok ? { da: 'er ikke et CPR-nummer', en: 'is not a CPR number' } : result.reason);
        },
      },
    });
}

/** A calendar date YYYY-MM-DD that exists. */
export function IsCalendarDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isIsoDate(value),
        defaultMessage: () => bothLanguages({ da: 'skal være en dato, der findes, skrevet ÅÅÅÅ-MM-DD', en: 'must be a date that exists, as YYYY-MM-DD' }),
      },
    });
}

/**
 * Every id and free-text field a user sets: nothing shaped like a CPR number, real date or not,
 * since such fields end up in stream names, lists and records that staff read.
 */
export function NoCprNumber(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: NO_CPR_NUMBER,
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !containsCprShape(value),
        defaultMessage: () => bothLanguages(CPR_SHAPE_REFUSED),
      },
    });
}

export const NO_CPR_NUMBER = 'noCprNumber';
