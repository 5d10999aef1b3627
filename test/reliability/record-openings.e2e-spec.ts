import { TestApp, startApp } from '../support/test-app';
import { issueNemIdBody, openRecord } from '../support/requests';

const OPENINGS = 50;
const DESK_COMMANDS = 10;

describe('support opens a record while others work on it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  }, 60_000);
  afterAll(() => t.close(), 30_000);

  it(`${OPENINGS} concurrent openings of one citizen during desk commands: every opening is answered and recorded`, async () => {
    const issued = await t
      .as('citizen-service')
      .post('/api/v1/citizens')
      .send(issueNemIdBody({ cpr: '020390-1236' }))
      .expect(201);
    const citizenId: string = issued.body.citizenId;
    const desk = (async () => {
      const statuses: number[] = [];
      for (let i = 0; i < DESK_COMMANDS; i++) {
        statuses.push((await t.as('citizen-service').post(`/api/v1/citizens/${citizenId}/temporary-passwords`)).status);
      }
      return statuses;
    })();
    const openings = await Promise.all(
      Array.from({ length: OPENINGS }, (_, i) => openRecord(t.as('support'), citizenId, `Citizen called about letter number ${i}`)),
    );
    // Both settled before anything is asserted: a failed assertion must not leave requests running into the app's close.
    const deskStatuses = await desk;
    expect(openings.map((response) => response.status)).toEqual(Array(OPENINGS).fill(200));
    expect(deskStatuses).toEqual(Array(DESK_COMMANDS).fill(201));

    const log = await (await t.asCitizen(citizenId)).get('/api/v1/me/access-log').expect(200);
    expect(log.body).toHaveLength(OPENINGS);
    expect(new Set(log.body.map((entry: { reason: string }) => entry.reason))).toEqual(
      new Set(Array.from({ length: OPENINGS }, (_, i) => `Citizen called about letter number ${i}`)),
    );
  });
});
