import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard, ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import { AuthenticatedRequest } from './principal';
import { RequestAuthenticator } from './request-authenticator';

/**
 * Limits requests per verified caller (the token's subject, whichever token they use), and everything
 * else per address: a different made-up token on every request must not open a new bucket each time.
 */
@Injectable()
export class RequestThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly authenticator: RequestAuthenticator,
  ) {
    super(options, storage, reflector);
  }

  /** The library's key without its SHA-256, there for stores outside the process: in memory the plain key does, for less work per request. */
  protected override generateKey(context: ExecutionContext, suffix: string, name: string): string {
    return `${context.getClass().name}-${context.getHandler().name}-${name}-${suffix}`;
  }

  /** The library types the request loosely; on Fastify it is this. */
  protected override async getTracker(loose: Record<string, unknown>): Promise<string> {
    const request = loose as unknown as AuthenticatedRequest;
    const principal = await this.authenticator.principalOf(request).catch(() => undefined);
    return principal ? `subject:${principal.subject}` : `address:${request.ip}`;
  }
}
