/**
 * Pages a sign-in may return to: a path of this site, never another origin. No `//` or `\` at the
 * start (browsers read both as "another host"), no scheme, only characters a page path uses.
 */
export const RETURN_PATH = /^\/(?![/\\])[A-Za-z0-9/_.?=&%-]{0,200}$/;

export const isReturnPath = (value: string | null | undefined): value is string => typeof value === 'string' && RETURN_PATH.test(value);
