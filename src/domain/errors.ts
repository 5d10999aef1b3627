import { Text } from './text';

/**
 * Typed business errors. The HTTP layer maps them to problem+json: InvalidCommand -> 400,
 * RuleViolated -> 409, NotFound -> 404, Forgotten -> 410 (malformed input is refused before the domain, with a 400).
 * Each says what is wrong in both languages; the message is the English one. Never a CPR number.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'invalid' | 'rule-violated' | 'not-found' | 'forgotten';
  constructor(readonly text: Text) {
    super(text.en);
  }
}

/** A field is well-formed but cannot be accepted (it depends on the clock or on another field): HTTP 400 naming the field. */
export class InvalidCommand extends DomainError {
  readonly kind = 'invalid';
  constructor(
    readonly field: string,
    readonly reason: Text,
  ) {
    super({ da: `${field}: ${reason.da}`, en: `${field}: ${reason.en}` });
  }
}

/** A command was well-formed but a rule from the source pages refuses it. `rule` is a stable kebab-case name. */
export class RuleViolated extends DomainError {
  readonly kind = 'rule-violated';
  constructor(
    readonly rule: string,
    text: Text,
  ) {
    super(text);
  }
}

export class NotFound extends DomainError {
  readonly kind = 'not-found';
}

/** The citizen's personal data was erased: what was asked for existed and cannot be read any more (HTTP 410). */
export class Forgotten extends DomainError {
  readonly kind = 'forgotten';
}
