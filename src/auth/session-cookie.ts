import { parse, serialize } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The pages' sign-in: the same bearer token the API takes, kept in a cookie scripts cannot read
 * (HttpOnly), sent only to this site (SameSite=Lax, Path=/) and, in production, only over HTTPS.
 */
export const SESSION_COOKIE = 'overgang-session';

/**
 * Requests that change something and are signed in by the cookie must carry this header. A page of
 * this site sends it; a form or link on another site cannot (a custom header needs CORS, which is off).
 */
export const PAGE_REQUEST_HEADER = 'x-overgang-page';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionTokenOf(request: Pick<FastifyRequest, 'headers'>): string | undefined {
  const header = request.headers.cookie;
  return header ? parse(header)[SESSION_COOKIE] : undefined;
}

/** Whether a cookie-signed request may go ahead: reads always, changes only from the pages. */
export function sentByPage(request: Pick<FastifyRequest, 'headers' | 'method'>): boolean {
  return SAFE_METHODS.has(request.method) || request.headers[PAGE_REQUEST_HEADER] === '1';
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean): void {
  reply.header('Set-Cookie', serialize(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', secure, expires: expiresAt }));
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.header('Set-Cookie', serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', path: '/', secure, expires: new Date(0) }));
}
