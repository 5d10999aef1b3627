import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { createHash } from 'node:crypto';

/** Limits requests per bearer token (a hash of it, so the token is never kept), or per address without one. */
@Injectable()
export class RequestThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, any>): Promise<string> {
    const authorization: unknown = request.headers?.authorization;
    if (typeof authorization === 'string' && authorization.length > 0) return `token:${createHash('sha256').update(authorization).digest('base64url')}`;
    return `address:${request.ip}`;
  }
}
