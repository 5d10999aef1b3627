import { EsdbEventStore } from '../src/event-store/esdb/esdb-event-store';
import { EsdbCitizenKeyStore } from '../src/personal-data/esdb-citizen-key-store';
import { describeCitizenKeyStoreContract } from './citizen-key-store.contract';
import { describeEventStoreContract } from './event-store.contract';
import { EventStoreDbServer, describeWithEventStoreDb, startEventStoreDb } from './support/eventstoredb';

jest.setTimeout(240_000);

describeWithEventStoreDb('EventStoreDB adapter (testcontainers)', () => {
  let server: EventStoreDbServer;

  beforeAll(async () => {
    server = await startEventStoreDb();
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
  }, 60_000);

  describeEventStoreContract(
    'EventStoreDB 24.10',
    async () => new EsdbEventStore({ connectionString: server.connectionString }),
    (store) => store.close(),
    { reappendAtOtherRevision: 'conflict' },
  );

  describeCitizenKeyStoreContract(
    'EventStoreDB 24.10',
    async () => new EsdbCitizenKeyStore(server.connectionString),
    (keys) => keys.close(),
  );
});
