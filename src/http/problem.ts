import { Language, Text, joined } from '../domain/text';

/** RFC 9457 problem details as sent, in the asker's language. `errors` lists every invalid field with its reason. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: { field: string; reason: string }[];
  rule?: string;
}

export interface FieldProblem {
  field: string;
  reason: Text;
}

/** What an error means to its caller, in both languages: the asker's is chosen as it is sent. */
export interface Problem {
  type: string;
  title: Text;
  status: number;
  detail: Text;
  errors?: FieldProblem[];
  rule?: string;
}

/** An error that says what it means to an HTTP caller; the problem filter needs to know nothing of its module. */
export interface CarriesProblem {
  problem(): Problem;
  /** Response headers the problem needs (e.g. WWW-Authenticate for a 401). */
  headers?(): Record<string, string>;
}

export const carriesProblem = (error: unknown): error is CarriesProblem =>
  typeof error === 'object' && error !== null && typeof (error as Partial<CarriesProblem>).problem === 'function';

const PROBLEM_TYPE_PREFIX = 'urn:overgang:problem:';
export const problemType = (name: string) => `${PROBLEM_TYPE_PREFIX}${name}`;
/** The name a problem type was made from (`concurrency-conflict`); undefined for a type of another kind. */
export const problemName = (type: string): string | undefined => (type.startsWith(PROBLEM_TYPE_PREFIX) ? type.slice(PROBLEM_TYPE_PREFIX.length) : undefined);

/** The titles of the statuses the service answers with. */
export const TITLES = {
  400: { da: 'Ugyldig forespørgsel', en: 'Bad request' },
  401: { da: 'Ikke logget ind', en: 'Unauthenticated' },
  403: { da: 'Ingen adgang', en: 'Forbidden' },
  404: { da: 'Findes ikke', en: 'Not found' },
  405: { da: 'Metoden findes ikke her', en: 'Method not allowed' },
  409: { da: 'Konflikt', en: 'Conflict' },
  410: { da: 'Slettet', en: 'Gone' },
  413: { da: 'For stor', en: 'Payload too large' },
  415: { da: 'Indholdstypen understøttes ikke', en: 'Unsupported media type' },
  429: { da: 'For mange forespørgsler', en: 'Too many requests' },
  431: { da: 'For store headerfelter', en: 'Request header fields too large' },
  500: { da: 'Intern fejl', en: 'Internal error' },
  503: { da: 'Tjenesten er ikke tilgængelig', en: 'Service unavailable' },
  507: { da: 'Ikke plads på disken', en: 'Insufficient storage' },
} as const satisfies Record<number, Text>;

/** A 400 naming fields and their reasons. */
export function invalidFields(errors: FieldProblem[]): Problem {
  return {
    type: problemType('validation'),
    title: { da: 'Ugyldig forespørgsel', en: 'Invalid request' },
    status: 400,
    detail: joined(errors.map(({ field, reason }) => ({ da: `${field}: ${reason.da}`, en: `${field}: ${reason.en}` }))),
    errors,
  };
}

/** The problem as sent to one asker. */
export function inLanguage(problem: Problem, language: Language): ProblemDetails {
  const { type, status, rule, errors } = problem;
  return {
    type,
    title: problem.title[language],
    status,
    detail: problem.detail[language],
    ...(errors ? { errors: errors.map(({ field, reason }) => ({ field, reason: reason[language] })) } : {}),
    ...(rule ? { rule } : {}),
  };
}
