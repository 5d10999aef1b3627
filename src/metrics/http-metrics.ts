import type { FastifyReply, FastifyRequest } from 'fastify';
import { Metrics } from './metrics';

/** Counts and times every answer under its route template (`/api/v1/citizens/:citizenId/openings`), never the raw URL. */
export function countAnswers(metrics: Metrics) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    // Requests no route matched count as one 'unmatched' route.
    const route = request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched');
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
  };
}
