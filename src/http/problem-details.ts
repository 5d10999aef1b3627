import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
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

/** Fastify's own refusals, in our words: its messages can quote the caller's URL or body. */
const FRAMEWORK_ERRORS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'the body is larger than the limit',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'send the body as application/json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'the body is not as long as its Content-Length says',
  FST_ERR_BAD_URL: 'the path holds a malformed percent-encoding',
};

/** A failed /health check (terminus): which indicators are down and why, e.g. "eventStore (the event store does not answer)". */
function healthFailures(response: unknown): string | undefined {
  const result = response as { status?: unknown; error?: Record<string, { message?: unknown }> } | null;
  if (typeof result !== 'object' || result === null || result.status !== 'error' || typeof result.error !== 'object' || result.error === null) return undefined;
  return Object.entries(result.error)
    .map(([name, check]) => (typeof check?.message === 'string' ? `${name} (${check.message})` : name))
    .join(', ');
}

/** Nest's answer to a path no route serves; its message quotes the caller's URL. */
const NO_SUCH_ROUTE = /^Cannot [A-Z]+ /;

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
  const frameworkError = exception as { code?: unknown; statusCode?: unknown };
  if (!(exception instanceof HttpException) && typeof frameworkError?.code === 'string' && typeof frameworkError.statusCode === 'number') {
    const status = frameworkError.statusCode;
    if (status >= 400 && status < 500) {
      return { type: 'about:blank', title: statusTitle(status), status, detail: FRAMEWORK_ERRORS[frameworkError.code] ?? 'the request could not be read' };
    }
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const failedChecks = healthFailures(response);
    if (failedChecks) return { type: 'about:blank', title: statusTitle(status), status, detail: `down: ${failedChecks}` };
    const message = typeof response === 'object' && response !== null && 'message' in response ? (response as { message: unknown }).message : response;
    // An object without a message (terminus and others) would print as "[object Object]": say the status instead.
    const text = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : statusTitle(status).toLowerCase();
    const detail = NO_SUCH_ROUTE.test(text) ? 'there is no such route; the API is described at /api/docs' : text;
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
    const request = http.getRequest<FastifyRequest>();
    const response = http.getResponse<FastifyReply>();
    const problem = { ...problemFor(exception), instance: problemInstance(request) };
    if (problem.status >= 500) {
      this.logger.error({ reqId: request.id, err: exception }, 'unhandled error');
    }
    if (carriesProblem(exception)) for (const [name, value] of Object.entries(exception.headers?.() ?? {})) response.header(name, value);
    sendProblem(response, problem);
  }
}

/** The occurrence, named by the request's id (also in the request log and the X-Request-Id header), never by the caller's URL. */
export function problemInstance(request: Pick<FastifyRequest, 'id'>): string {
  return `urn:overgang:request:${request.id}`;
}

export function sendProblem(reply: FastifyReply, problem: ProblemDetails): void {
  reply.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}
