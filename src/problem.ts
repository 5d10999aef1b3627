/** RFC 9457 problem details. `errors` lists every invalid field with its reason. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: { field: string; reason: string }[];
  rule?: string;
}

/** An error that says what it means to an HTTP caller; the problem filter needs to know nothing of its module. */
export interface CarriesProblem {
  problem(): ProblemDetails;
  /** Response headers the problem needs (e.g. WWW-Authenticate for a 401). */
  headers?(): Record<string, string>;
}

export const carriesProblem = (error: unknown): error is CarriesProblem =>
  typeof error === 'object' && error !== null && typeof (error as Partial<CarriesProblem>).problem === 'function';

export const problemType = (name: string) => `urn:overgang:problem:${name}`;

/** A 400 naming fields and their reasons. */
export function invalidFields(errors: { field: string; reason: string }[]): ProblemDetails {
  return { type: problemType('validation'), title: 'Invalid request', status: 400, detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors };
}
