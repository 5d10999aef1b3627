import { existsSync } from 'node:fs';
import { parseConnectionString, type QueryOptions } from '@eventstore/db-client/dist/Client/parseConnectionString';

/**
 * EVENT_STORE_URL as `@eventstore/db-client` 6.2.1 reads it. The check runs the client's own parser, so a
 * string that passes here starts the client; what the parser only warns about (an unknown option, which it
 * ignores, and `tlsVerifyCert=false`, which it does not support) is refused here instead of being lost in a
 * warning. Messages never repeat the string: it may hold a password.
 */

/** KurrentDB's documentation writes `kurrentdb://`; client 6 reads the same string as `esdb://`. */
const SCHEMES: Record<string, string> = { 'kurrentdb://': 'esdb://', 'kurrentdb+discover://': 'esdb+discover://' };

/** The options the client reads from a connection string (its parser's list, spelled as it spells them). */
export const CONNECTION_OPTIONS = [
  'connectionName',
  'defaultDeadline',
  'discoveryInterval',
  'gossipTimeout',
  'keepAliveInterval',
  'keepAliveTimeout',
  'maxDiscoverAttempts',
  'nodePreference',
  'throwOnAppendFailure',
  'tls',
  'tlsCAFile',
  'tlsVerifyCert',
  'userCertFile',
  'userKeyFile',
] as const satisfies readonly (keyof QueryOptions)[];

/** The parser compares option names without case, `-` or `_`. */
const flat = (key: string) => key.toLowerCase().replace(/[_-]/g, '');
/** Files the client loads when it is built: a missing one stops the start, so it is named here. */
const FILE_OPTIONS = new Set<string>(['tlsCAFile', 'userCertFile', 'userKeyFile']);
const KNOWN = new Map<string, string>(CONNECTION_OPTIONS.map((option) => [flat(option), option]));

/** The string the client is given: a `kurrentdb` scheme in the client's spelling, everything else as written. */
export function clientConnectionString(url: string): string {
  const trimmed = url.trim();
  const scheme = Object.keys(SCHEMES).find((prefix) => trimmed.startsWith(prefix));
  return scheme ? SCHEMES[scheme] + trimmed.slice(scheme.length) : trimmed;
}

/** What is wrong with a connection string, in one line without the string itself; undefined when the client reads it. */
export function eventStoreUrlProblem(url: string): string | undefined {
  const connectionString = clientConnectionString(url);
  if (!/^esdb(\+discover)?:\/\//.test(connectionString)) return 'must start with esdb://, esdb+discover://, kurrentdb:// or kurrentdb+discover://';
  const query = connectionString.includes('?') ? connectionString.slice(connectionString.indexOf('?') + 1) : '';
  for (const pair of query.split('&').filter(Boolean)) {
    const [key, value = ''] = pair.split('=');
    const option = KNOWN.get(flat(key));
    if (!option) return `unknown option "${key}" (the client would ignore it); known: ${CONNECTION_OPTIONS.join(', ')}`;
    if (option === 'tlsVerifyCert' && value.trim() === 'false') {
      return 'tlsVerifyCert=false is not supported by the client and would be ignored: give the CA with tlsCAFile=/path/ca.crt (or NODE_EXTRA_CA_CERTS)';
    }
    if (FILE_OPTIONS.has(option) && !existsSync(decodeURIComponent(value))) return `${option}: no file at ${decodeURIComponent(value)}`;
  }
  try {
    parseConnectionString(connectionString);
    return undefined;
  } catch (error) {
    const expected = (error as { expected?: unknown }).expected;
    return `the client cannot read it${typeof expected === 'string' ? ` (expected ${expected})` : ''}: esdb://[user:password@]host[:port][,host[:port]...][?option=value&...]`;
  }
}
