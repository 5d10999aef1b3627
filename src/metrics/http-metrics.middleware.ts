import type { NextFunction, Request, Response } from 'express';
import { Metrics } from './metrics';

/** Counts and times every answer under its route template (`/api/v1/citizens/:citizenId/status`), never the raw URL. */
export function httpMetrics(metrics: Metrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const stopTimer = metrics.httpDuration.startTimer();
    response.on('finish', () => {
      const route = request.route?.path ? `${request.baseUrl}${request.route.path}` : 'unmatched';
      stopTimer({ method: request.method, route });
      metrics.httpRequests.inc({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  };
}
