import { ServiceUnavailableException } from '@nestjs/common';
import { errorCodes } from 'fastify';
import { inLanguage } from './problem';
import { problemFor as bilingualProblemFor } from './problem-details';

const problemFor = (exception: unknown) => inLanguage(bilingualProblemFor(exception), 'en');

describe('problemFor', () => {
  it('says which health checks are down and why, instead of an object printed as text', () => {
    const failedHealthCheck = new ServiceUnavailableException({
      status: 'error',
      info: {},
      error: { eventStore: { status: 'down', message: 'the event store does not answer' } },
      details: { eventStore: { status: 'down', message: 'the event store does not answer' } },
    });
    expect(problemFor(failedHealthCheck)).toEqual({
      type: 'about:blank',
      title: 'Service unavailable',
      status: 503,
      detail: 'down: eventStore (the event store does not answer)',
    });
  });

  it('never prints an object as "[object Object]"', () => {
    const problem = problemFor(new ServiceUnavailableException({ reason: { nested: true } }));
    expect(problem.detail).toBe('service unavailable');
  });

  it("answers Fastify's own refusals with their status, in words that quote neither the URL nor the body", () => {
    const badUrl = new errorCodes.FST_ERR_BAD_URL('/api/v1/citizens/160168-2195%E0');
    expect(problemFor(badUrl)).toEqual({ type: 'about:blank', title: 'Bad request', status: 400, detail: 'the path holds a malformed percent-encoding' });
    expect(problemFor(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE())).toMatchObject({ status: 413, detail: 'the body is larger than the limit' });
    expect(problemFor(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE('text/plain'))).toMatchObject({ status: 415, detail: 'send the body as application/json' });
    expect(problemFor(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH())).toMatchObject({
      status: 400,
      detail: 'the body is not as long as its Content-Length says',
    });
  });

  it('gives an unknown 4xx refusal of the framework its status and a general reason; anything else is a 500', () => {
    expect(problemFor(Object.assign(new Error('quoting 160168-2195'), { code: 'FST_ERR_SOMETHING_NEW', statusCode: 400 }))).toMatchObject({
      status: 400,
      detail: 'the request could not be read',
    });
    expect(problemFor(Object.assign(new Error('disk full'), { code: 'ENOSPC', statusCode: 500 }))).toMatchObject({ status: 500 });
  });
});
