import { ValidationOptions, registerDecorator } from 'class-validator';
import { CPR_SHAPE_REFUSED, containsCprShape, parseCpr } from '../domain/cpr';
import { isIsoDate } from '../domain/dates';

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
          return result.ok ? 'is not a CPR number' : result.reason;
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
        defaultMessage: () => 'must be a date that exists, as YYYY-MM-DD',
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
        defaultMessage: () => CPR_SHAPE_REFUSED,
      },
    });
}

export const NO_CPR_NUMBER = 'noCprNumber';
