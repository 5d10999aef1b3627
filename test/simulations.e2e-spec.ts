import { TestApp, startApp } from './support/test-app';
import { until } from './support/until';

jest.setTimeout(180_000);

/** A simulation from the agency's side of the API: started, followed, its report read in both languages. */
describe('POST /api/v1/simulations: a proposed deadline beside the real schedule, in the background', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  }, 60_000);
  afterAll(() => t.close(), 60_000);

  it('runs the comparison in a process of its own, one at a time, and serves its report', async () => {
    const started = await t.as('agency').post('/api/v1/simulations').send({ citizens: 100, seed: 3, deadline: '2022-08-31' }).expect(202);
    expect(started.body).toMatchObject({ status: 'running', citizens: 100, seed: 3, deadline: '2022-08-31', schedules: ['proposed', 'real'] });
    const id = started.body.id as string;
    // One at a time: the second is refused with the reason, in the asker's language.
    const second = await t.as('agency').post('/api/v1/simulations').set('Accept-Language', 'da').send({}).expect(409);
    expect(second.body).toMatchObject({
      type: 'urn:overgang:problem:simulation-running',
      detail: 'en simulering kører allerede; start den næste, når den er færdig',
    });

    expect(started.body.progress).toBe(0);
    // While it runs: the share of days done, never going back; once done, the report instead.
    const seen: number[] = [];
    const done = await until(
      async () => {
        const job = (await t.as('agency').get(`/api/v1/simulations/${id}`)).body as { status: string; progress?: number; report?: { da: string; en: string } };
        if (job.progress !== undefined) seen.push(job.progress);
        return job;
      },
      (job) => job.status !== 'running',
      150_000,
    );
    expect(done.status).toBe('done');
    expect(done.progress).toBeUndefined();
    expect(seen.every((p, i) => p >= 0 && p <= 1 && (i === 0 || p >= seen[i - 1]))).toBe(true);
    const da = await t.as('agency').get(done.report!.da).expect(200);
    expect(da.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(da.text).toContain('<h1>proposed mod real</h1>');
    expect((await t.as('agency').get(done.report!.en).expect(200)).text).toContain('<h1>proposed against real</h1>');
    const chart = await t.as('agency').get(`/api/v1/simulations/${id}/files/wait.da.png`).expect(200);
    expect(chart.headers['content-type']).toBe('image/png');
    expect((await t.as('agency').get(`/api/v1/simulations/${id}/files/proposed/index.en.html`).expect(200)).text).toContain('deadline 2022-08-31');
    const listed = (await t.as('agency').get('/api/v1/simulations').expect(200)).body as { id: string }[];
    expect(listed.map((job) => job.id)).toContain(id);
  });

  it.each([
    ['a file outside the report', 'files/..%2Fjob.json'],
    ['a file of another kind', 'files/index.js'],
    ['a folder that is not a schedule', 'files/secrets/index.html'],
  ])('answers 404 for %s', async (_, path) => {
    const [job] = (await t.as('agency').get('/api/v1/simulations').expect(200)).body as { id: string }[];
    const response = await t.as('agency').get(`/api/v1/simulations/${job?.id ?? 'none'}/${path}`);
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('refuses what it cannot run, naming the field and why', async () => {
    const response = await t.as('agency').post('/api/v1/simulations').send({ citizens: 5, deadline: '2022-02-30' }).expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['citizens', 'deadline']);
  });
});

describe('a simulation running when the service stops', () => {
  it('is stopped with it, and listed as interrupted when the service starts again', async () => {
    const first = await startApp();
    const { id } = (await first.as('agency').post('/api/v1/simulations').send({ citizens: 100_000 }).expect(202)).body as { id: string };
    await first.close();
    const again = await startApp(undefined, { dataDir: first.dataDir });
    try {
      const job = await again.as('agency').get(`/api/v1/simulations/${id}`).expect(200);
      expect(job.body).toMatchObject({ id, status: 'interrupted', citizens: 100_000 });
      // A new one may start: nothing is left running.
      await again.as('agency').post('/api/v1/simulations').send({ citizens: 100 }).expect(202);
    } finally {
      await again.close();
    }
  }, 120_000);
});
