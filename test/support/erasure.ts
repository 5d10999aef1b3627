import { TWO_NON_PHOTO_IDS, issueNemIdBody } from './requests';
import type { TestApp } from './test-app';
import { until } from './until';

/** Two non-photo IDs: the holder must update personal information, and gets the letter asking for it. */
export const needingUpdate = (cpr: string) => issueNemIdBody({ cpr, documents: TWO_NON_PHOTO_IDS });

/** A holder from the desk with a delivery address and a letter, moved to MitID and retired; their id and letter. */
export async function retiredHolder(t: TestApp, cpr: string): Promise<{ citizenId: string; letterId: string }> {
  const desk = t.as('citizen-service');
  const { citizenId } = (await desk.post('/api/v1/citizens').send(needingUpdate(cpr)).expect(201)).body;
  await desk.post(`/api/v1/citizens/${citizenId}/delivery-address`).send({ street: 'Vestergade 1', postalCode: '8000', city: 'Aarhus' }).expect(201);
  await desk.post(`/api/v1/citizens/${citizenId}/update-info-letters`).send({ campaignId: 'desk-letter' }).expect(201);
  // Delivered before anything else happens, as it would be long before a NemID is retired.
  const [letter] = await until(
    async () => (await (await t.asCitizen(citizenId)).get('/api/v1/me/notices').expect(200)).body,
    (notices: { letterId: string; delivery: string }[]) => notices[0]?.delivery === 'delivered',
    20_000,
  );
  expect(letter.delivery).toBe('delivered');
  const { letterId } = letter;
  await desk.post(`/api/v1/citizens/${citizenId}/mitid`).send({ route: 'citizen-service' }).expect(201);
  await desk.post(`/api/v1/citizens/${citizenId}/retirement`).send({ reason: 'migrated' }).expect(201);
  return { citizenId, letterId };
}
