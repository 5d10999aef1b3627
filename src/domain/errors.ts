/**
 * Typed business errors. The HTTP layer maps them to problem+json:
 * InvalidInput -> 400, RuleViolated -> 409, NotFound -> 404.
 * Messages never contain a CPR number.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'invalid-input' | 'rule-violated' | 'not-found';
}

export class InvalidInput extends DomainError {
  readonly kind = 'invalid-input';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** A command was well-formed but a rule from the source pages refuses it. `rule` is a stable kebab-case name. */
export class RuleViolated extends DomainError {
  readonly kind = 'rule-violated';
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

export class NotFound extends DomainError {
  readonly kind = 'not-found';
}
