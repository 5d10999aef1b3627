import type { NextFunction, Request, Response } from 'express';
import { Metrics } from './metrics';

const CATCH_ALL = '/{*path}';

/** Counts and times every answer under its route template (`/api/v1/citizens/:citizenId/status`), never the raw URL. */
export function httpMetrics(metrics: Metrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const stopTimer = metrics.httpDuration.startTimer();
    response.on('finish', () => {
      // Nest answers unknown paths from a catch-all route: those count as one 'unmatched' route.
      const path: string | undefined = request.route?.path;
      const route = path && path !== CATCH_ALL ? `${request.baseUrl}${path}` : 'unmatched';
      stopTimer({ method: request.method, route });
      metrics.httpRequests.inc({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  };
}
