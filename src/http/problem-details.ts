import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, InvalidCommand } from '../domain/errors';
import { redactCprNumbers } from '../domain/cpr';
import { Text } from '../domain/text';
import { CarriesProblem, FieldProblem, Problem, TITLES, carriesProblem, inLanguage, invalidFields, problemType } from './problem';
import { languageOf } from './language';
import { reasonOf } from './validation-texts';

export type { ProblemDetails } from './problem';

const statusTitle = (status: number): Text => {
  const known = (TITLES as Record<number, Text>)[status];
  if (known) return known;
  const name = HttpStatus[status] ?? 'ERROR';
  const english = name.charAt(0) + name.slice(1).replace(/_/g, ' ').toLowerCase();
  return { da: english, en: english };
};

/** Thrown by the ValidationPipe's exceptionFactory and by controllers for malformed input. */
export class RequestValidationFailed extends HttpException implements CarriesProblem {
  constructor(readonly errors: FieldProblem[]) {
    super('invalid request', HttpStatus.BAD_REQUEST);
  }

  problem(): Problem {
    return invalidFields(this.errors);
  }
}

const MAX_FIELD_NAME_LENGTH = 64;

/** An unknown field's name is the caller's text: shown only shortened and without anything CPR-shaped. */
function fieldName(property: string): string {
  const name = redactCprNumbers(property);
  return name.length > MAX_FIELD_NAME_LENGTH ? `${name.slice(0, MAX_FIELD_NAME_LENGTH)}…` : name;
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const property = fieldName(error.property);
    const field = /^\d+$/.test(property) ? `${parent}[${property}]` : parent ? `${parent}.${property}` : property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      reason: reasonOf(constraint, message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message),
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

export function validationExceptionFactory(errors: ValidationError[]): RequestValidationFailed {
  return new RequestValidationFailed(flatten(errors));
}

/** Fastify's own refusals, in our words: its messages can quote the caller's URL or body. */
const FRAMEWORK_ERRORS: Record<string, Text> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { da: 'indholdet er større end grænsen', en: 'the body is larger than the limit' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { da: 'send indholdet som application/json', en: 'send the body as application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { da: 'indholdet er ikke så langt, som Content-Length siger', en: 'the body is not as long as its Content-Length says' },
  FST_ERR_BAD_URL: { da: 'stien indeholder en ugyldig procent-kodning', en: 'the path holds a malformed percent-encoding' },
};
const UNREADABLE: Text = { da: 'forespørgslen kunne ikke læses', en: 'the request could not be read' };

/** What a status means when the error says no more (Nest's and the libraries' own exceptions, in their words). */
const DETAILS_OF_STATUS: Record<number, Text> = {
  404: { da: 'den adresse findes ikke; API’et er beskrevet på /api/docs', en: 'there is no such route; the API is described at /api/docs' },
  413: FRAMEWORK_ERRORS.FST_ERR_CTP_BODY_TOO_LARGE,
  429: { da: 'for mange forespørgsler; prøv igen om lidt', en: 'too many requests; try again in a moment' },
};

/** A failed /health check (terminus): which indicators are down and why, e.g. "eventStore (the event store does not answer)". */
function healthFailures(response: unknown): string | undefined {
  const result = response as { status?: unknown; error?: Record<string, { message?: unknown }> } | null;
  if (typeof result !== 'object' || result === null || result.status !== 'error' || typeof result.error !== 'object' || result.error === null) return undefined;
  return Object.entries(result.error)
    .map(([name, check]) => (typeof check?.message === 'string' ? `${name} (${check.message})` : name))
    .join(', ');
}

const UNEXPECTED: Text = { da: 'der skete en uventet fejl; den er logget', en: 'an unexpected error occurred; it has been logged' };

/** What an error means to the caller: its own problem if it carries one, the domain's kinds, then the framework's errors. */
export function problemFor(exception: unknown): Problem {
  if (carriesProblem(exception)) return exception.problem();
  if (exception instanceof DomainError) {
    switch (exception.kind) {
      case 'invalid': {
        const { field, reason } = exception as InvalidCommand;
        return invalidFields([{ field, reason }]);
      }
      case 'rule-violated':
        return {
          type: problemType('rule-violated'),
          title: { da: 'Afvist af en regel', en: 'Refused by a rule' },
          status: 409,
          detail: exception.text,
          rule: (exception as DomainError & { rule: string }).rule,
        };
      case 'not-found':
        return { type: problemType('not-found'), title: TITLES[404], status: 404, detail: exception.text };
      case 'forgotten':
        return { type: problemType('citizen-forgotten'), title: TITLES[410], status: 410, detail: exception.text };
    }
  }
  const frameworkError = exception as { code?: unknown; statusCode?: unknown };
  if (!(exception instanceof HttpException) && typeof frameworkError?.code === 'string' && typeof frameworkError.statusCode === 'number') {
    const status = frameworkError.statusCode;
    if (status >= 400 && status < 500) {
      return { type: 'about:blank', title: statusTitle(status), status, detail: FRAMEWORK_ERRORS[frameworkError.code] ?? UNREADABLE };
    }
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const failedChecks = healthFailures(exception.getResponse());
    // For operators and their monitors: the checks' own words.
    if (failedChecks) return { type: 'about:blank', title: statusTitle(status), status, detail: { da: `nede: ${failedChecks}`, en: `down: ${failedChecks}` } };
    const title = statusTitle(status);
    return { type: 'about:blank', title, status, detail: DETAILS_OF_STATUS[status] ?? { da: title.da.toLowerCase(), en: title.en.toLowerCase() } };
  }
  return { type: 'about:blank', title: TITLES[500], status: 500, detail: UNEXPECTED };
}

/** Every error leaves as application/problem+json, in the asker's language; never with a stack trace or an echo of the input. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const response = http.getResponse<FastifyReply>();
    const problem = problemFor(exception);
    // A full disk and an unavailable dependency are said in /health and /metrics; each refusal is detail.
    if (problem.status === 503 || problem.status === 507)
      this.logger.debug({ reqId: request.id, status: problem.status, reason: problem.detail.en }, 'request refused');
    else if (problem.status >= 500) this.logger.error({ reqId: request.id, err: exception }, 'unhandled error');
    if (carriesProblem(exception)) for (const [name, value] of Object.entries(exception.headers?.() ?? {})) response.header(name, value);
    sendProblem(response, problem, request);
  }
}

/** The occurrence, named by the request's id (also in the request log and the X-Request-Id header), never by the caller's URL. */
export function problemInstance(request: Pick<FastifyRequest, 'id'>): string {
  return `urn:overgang:request:${request.id}`;
}

/** The problem in the asker's language (Accept-Language), named by the request. */
export function sendProblem(reply: FastifyReply, problem: Problem, request: Pick<FastifyRequest, 'id' | 'headers'>): void {
  const details = { ...inLanguage(problem, languageOf(request.headers['accept-language'])), instance: problemInstance(request) };
  reply
    .status(problem.status)
    .header('Content-Language', languageOf(request.headers['accept-language']))
    .type('application/problem+json')
    .send(JSON.stringify(details));
}
