import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient } from '@eventstore/db-client';
import { CONNECTION_OPTIONS, clientConnectionString, eventStoreUrlProblem } from './event-store-url';

/** Against the client's own API: its parser and its constructor, which connect to nothing until a call is made. */
describe('EVENT_STORE_URL, as client 6.2.1 reads it', () => {
  const certs = mkdtempSync(join(tmpdir(), 'overgang-certs-'));
  // The client loads these when it is built: a real certificate and key, made here by openssl.
  const made = spawnSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-subj',
    '/CN=ops',
    '-days',
    '1',
    '-keyout',
    join(certs, 'user.key'),
    '-out',
    join(certs, 'user.crt'),
  ]);
  if (made.status !== 0) throw new Error(`openssl: ${made.stderr.toString()}`);
  copyFileSync(join(certs, 'user.crt'), join(certs, 'ca.crt'));
  afterAll(() => rmSync(certs, { recursive: true, force: true }));
  const accepted = [
    'esdb://localhost:2113?tls=false',
    'esdb://localhost',
    `esdb://admin:changeit@node1:2113,node2:2113,node3:2113?tls=true&tlsCAFile=${certs}/ca.crt`,
    'esdb+discover://cluster.internal:2113?nodePreference=leader',
    `esdb://ops:p%40ss@node1:2113?tls=true&userCertFile=${certs}/user.crt&userKeyFile=${certs}/user.key&defaultDeadline=10000`,
    'esdb://n1:2113?keepAliveInterval=10000&keepAliveTimeout=10000&gossipTimeout=5000&discoveryInterval=100&maxDiscoverAttempts=10',
    'esdb://n1:2113?connectionName=overgang&throwOnAppendFailure=true&tlsVerifyCert=true',
    'kurrentdb://localhost:2113?tls=false',
    'kurrentdb+discover://cluster.internal:2113',
  ];

  it.each(accepted)('every form the check accepts builds a client: %s', (url) => {
    expect(eventStoreUrlProblem(url)).toBeUndefined();
    const client = EventStoreDBClient.connectionString(clientConnectionString(url));
    expect(client).toBeInstanceOf(EventStoreDBClient);
    return client.dispose();
  });

  it('gives a kurrentdb scheme to the client in its own spelling, leaving the rest as written', () => {
    expect(clientConnectionString('kurrentdb://a:2113?tls=false')).toBe('esdb://a:2113?tls=false');
    expect(clientConnectionString(' kurrentdb+discover://c:2113 ')).toBe('esdb+discover://c:2113');
    expect(clientConnectionString('esdb://a:2113')).toBe('esdb://a:2113');
  });

  it('refuses an option the client would ignore, naming it, and the TLS switch it does not support, naming the way that works', () => {
    expect(eventStoreUrlProblem('esdb://a:2113?tls=false&requireLeader=true')).toMatch(/unknown option "requireLeader"/);
    expect(eventStoreUrlProblem('esdb://a:2113?tlsVerifyCert=false')).toMatch(/tlsCAFile=/);
    expect(eventStoreUrlProblem(`esdb://a:2113?tls=true&tlsCAFile=${certs}/missing.crt`)).toBe(`tlsCAFile: no file at ${certs}/missing.crt`);
  });

  it('refuses what the parser refuses, with what it expected and without repeating the string (it may hold a password)', () => {
    const problem = eventStoreUrlProblem('esdb://admin:secret@node1:notaport');
    expect(problem).toMatch(/expected port number/);
    expect(problem).not.toMatch(/secret/);
    expect(eventStoreUrlProblem('esdb://a:2113?nodePreference=nearest')).toMatch(/expected leader or follower/);
    expect(eventStoreUrlProblem('esdb://a:2113?tls=yes')).toMatch(/expected true or false/);
    expect(eventStoreUrlProblem('https://a:2113')).toMatch(/must start with esdb:\/\//);
  });

  it('lists every option the client reads', () => {
    expect(CONNECTION_OPTIONS).toHaveLength(14);
  });
});
