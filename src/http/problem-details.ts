import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import type { Request, Response } from 'express';
import { DomainError, InvalidCommand } from '../domain/errors';
import { redactCprNumbers } from '../domain/cpr';
import { CarriesProblem, ProblemDetails, carriesProblem, invalidFields, problemType } from '../problem';

export type { ProblemDetails } from '../problem';
const statusTitle = (status: number) => {
  const name = HttpStatus[status] ?? 'ERROR';
  return name.charAt(0) + name.slice(1).replace(/_/g, ' ').toLowerCase();
};

/** Thrown by the ValidationPipe's exceptionFactory and by controllers for malformed input. */
export class RequestValidationFailed extends HttpException implements CarriesProblem {
  constructor(readonly errors: { field: string; reason: string }[]) {
    super('invalid request', HttpStatus.BAD_REQUEST);
  }

  problem(): ProblemDetails {
    return invalidFields(this.errors);
  }
}

const MAX_FIELD_NAME_LENGTH = 64;

/** An unknown field's name is the caller's text: shown only shortened and without anything CPR-shaped. */
function fieldName(property: string): string {
  const name = redactCprNumbers(property);
  return name.length > MAX_FIELD_NAME_LENGTH ? `${name.slice(0, MAX_FIELD_NAME_LENGTH)}…` : name;
}

function flatten(errors: ValidationError[], parent = ''): { field: string; reason: string }[] {
  return errors.flatMap((error) => {
    const property = fieldName(error.property);
    const field = /^\d+$/.test(property) ? `${parent}[${property}]` : parent ? `${parent}.${property}` : property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      reason: constraint === 'whitelistValidation' ? 'is not a known field' : message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

export function validationExceptionFactory(errors: ValidationError[]): RequestValidationFailed {
  return new RequestValidationFailed(flatten(errors));
}

const PARSER_ERRORS: Record<string, string> = {
  'entity.parse.failed': 'the body is not valid JSON',
  'entity.too.large': 'the body is larger than the limit',
  'charset.unsupported': 'the body must be UTF-8',
  'encoding.unsupported': 'the body encoding is not supported',
};
/** zlib's refusal of a body that is not what its Content-Encoding says (body-parser passes it on untyped). */
const NOT_AS_ENCODED = 'the body is not encoded as its Content-Encoding says';

/** A failed /health check (terminus): which indicators are down and why, e.g. "eventStore (the event store does not answer)". */
function healthFailures(response: unknown): string | undefined {
  const result = response as { status?: unknown; error?: Record<string, { message?: unknown }> } | null;
  if (typeof result !== 'object' || result === null || result.status !== 'error' || typeof result.error !== 'object' || result.error === null) return undefined;
  return Object.entries(result.error)
    .map(([name, check]) => (typeof check?.message === 'string' ? `${name} (${check.message})` : name))
    .join(', ');
}

const ROUTER_MESSAGES: [RegExp, string][] = [
  [/^Cannot [A-Z]+ /, 'there is no such route; the API is described at /api/docs'],
  [/^Failed to decode param/, 'the path holds a malformed percent-encoding'],
];

/** What an error means to the caller: its own problem if it carries one, the domain's kinds, then the framework's errors. */
export function problemFor(exception: unknown): ProblemDetails {
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
          title: 'Refused by a rule',
          status: 409,
          detail: exception.message,
          rule: (exception as DomainError & { rule: string }).rule,
        };
      case 'not-found':
        return { type: problemType('not-found'), title: 'Not found', status: 404, detail: exception.message };
    }
  }
  const parserError = exception as { type?: unknown; status?: unknown; expose?: unknown; code?: unknown };
  const isParserError =
    !(exception instanceof HttpException) && (typeof parserError?.type === 'string' || parserError?.expose === true) && typeof parserError.status === 'number';
  if (isParserError && (parserError.status as number) >= 400 && (parserError.status as number) < 500) {
    // body-parser errors (malformed JSON, too large, wrong charset, undecodable encoding) carry their own status.
    // The parser's own message may quote the body (and so a CPR number): say it in our words.
    const status = parserError.status as number;
    const detail = PARSER_ERRORS[String(parserError.type)] ?? (typeof parserError.code === 'string' ? NOT_AS_ENCODED : 'the request body could not be read');
    return { type: 'about:blank', title: statusTitle(status), status, detail };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const failedChecks = healthFailures(response);
    if (failedChecks) return { type: 'about:blank', title: statusTitle(status), status, detail: `down: ${failedChecks}` };
    const message = typeof response === 'object' && response !== null && 'message' in response ? (response as { message: unknown }).message : response;
    // An object without a message (terminus and others) would print as "[object Object]": say the status instead.
    const text = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : statusTitle(status).toLowerCase();
    // Nest turns body-parser's SyntaxError into a 400 carrying the parser's message, which can quote the body;
    // Express's router quotes the caller's URL in its own messages.
    const detail = status === 400 && /JSON/.test(text) ? PARSER_ERRORS['entity.parse.failed'] : (ROUTER_MESSAGES.find(([pattern]) => pattern.test(text))?.[1] ?? text);
    return { type: 'about:blank', title: statusTitle(status), status, detail };
  }
  return { type: 'about:blank', title: 'Internal error', status: 500, detail: 'an unexpected error occurred; it has been logged' };
}

/** Every error leaves as application/problem+json; never with a stack trace or an echo of the input. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = { ...problemFor(exception), instance: problemInstance(request) };
    if (problem.status >= 500) {
      this.logger.error({ err: exception instanceof Error ? { name: exception.name, stack: exception.stack } : String(exception) }, 'unhandled error');
    }
    if (carriesProblem(exception)) for (const [name, value] of Object.entries(exception.headers?.() ?? {})) response.setHeader(name, value);
    sendProblem(response, problem);
  }
}

/** The occurrence, named by the request's id (also in the request log and the X-Request-Id header), never by the caller's URL. */
export function problemInstance(request: Request): string | undefined {
  const id = (request as Request & { id?: unknown }).id;
  return typeof id === 'string' ? `urn:overgang:request:${id}` : undefined;
}

export function sendProblem(response: Response, problem: ProblemDetails): void {
  response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}
