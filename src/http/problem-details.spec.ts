import { ServiceUnavailableException } from '@nestjs/common';
import { problemFor } from './problem-details';

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
});
