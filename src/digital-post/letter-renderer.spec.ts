import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { pdfText } from '../../test/support/pdf-text';
import { MEMO_REFERENCE_DIR, memoDocuments, memoProblems, memoRecipient } from '../../test/support/memo-validator';
import { CitizenProfile } from '../domain/citizen';
import { MAX_LABEL_LENGTH, MAX_NOTIFICATION_LENGTH, MemoLimitExceeded, renderMemo } from './memo';
import { LetterRenderer, LetterToRender } from './letter-renderer';
import { messageUuidFor } from './message-uuid';
import { CAMPAIGN_KINDS } from '../domain/campaign';
import { letterTextsFor } from '../domain/notices';

const profile: CitizenProfile = {
  needsInfoUpdate: true,
  danishPassport: false,
  digitalPostExempt: false,
  residesAbroad: false,
  addressProtected: false,
  visualImpairment: 'none',
};
const letter = (overrides: Partial<CitizenProfile> = {}, deliveryAddressLines?: string[]): LetterToRender => ({
  letterId: '5f1c7a36-5d0c-5b1e-9d8a-4b6f8f0c2e11',
  kind: 'update-info-letter',
  decidedAt: '2021-10-04T08:15:30.123Z',
  decidedOn: '2021-10-04',
  recipient: { cpr: '0707614285', profile: { ...profile, ...overrides }, deliveryAddressLines },
});

const DEADLINE = '2022-10-31';

describe('letters', () => {
  let renderer: LetterRenderer;
  beforeAll(async () => {
    renderer = await LetterRenderer.create({ cvr: '34051178' });
  });

  it('the official examples pass the structure check (the check itself is sound)', () => {
    const minimum = readFileSync(join(MEMO_REFERENCE_DIR, 'MeMo_Minimum_Example.xml'), 'utf8');
    // The examples are MeMo 1.2; everything but the version attributes must hold for them too.
    expect(memoProblems(minimum)).toEqual(['not MeMo 1.1 (memoVersion 1.1, memoSchVersion 1.1.0)']);
  });

  it('the structure check finds a wrong order, a bad UUID and an over-long notification', async () => {
    const good = (await renderer.render(letter())).body.toString('utf8');
    const swapped = good.replace(/(<memo:label>.*?<\/memo:label>)(<memo:notification>.*?<\/memo:notification>)/, '$2$1');
    expect(memoProblems(swapped).join()).toMatch(/out of order/);
    expect(memoProblems(good.replace(/<memo:messageUUID>[^<]*/, '<memo:messageUUID>not-a-uuid')).join()).toMatch(/version-4 UUID/);
    expect(memoProblems(good.replace(/<memo:notification>[^<]*/, `<memo:notification>${'x'.repeat(151)}`)).join()).toMatch(/notification longer/);
  });

  it('renders every Digital Post variant as a valid MeMo 1.1 message', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CAMPAIGN_KINDS),
        fc.constantFrom('none', 'partially-sighted', 'blind'),
        fc.uuid(),
        async (kind, visualImpairment, letterId) => {
          const rendered = await renderer.render({
            ...letter({ visualImpairment: visualImpairment as CitizenProfile['visualImpairment'] }),
            kind,
            deadline: DEADLINE,
            letterId,
          });
          expect(rendered.form).toBe('digital-post');
          expect(memoProblems(rendered.body.toString('utf8'))).toEqual([]);
        },
      ),
    );
  }, 60_000);

  it('addresses the citizen by CPR number and names the file by message UUID only', async () => {
    const rendered = await renderer.render(letter());
    expect(memoRecipient(rendered.body.toString('utf8'))).toBe('0707614285');
    expect(rendered.fileName).toBe(`${messageUuidFor(letter().letterId)}.xml`);
    expect(rendered.fileName).not.toMatch(/0707614285/);
  });

  it('the letter is in Danish with an English version, with the how-to from the source pages', async () => {
    const documents = memoDocuments((await renderer.render(letter())).body.toString('utf8'));
    expect(Object.keys(documents).sort()).toEqual(['da', 'en']);
    expect(documents.da).toMatch(/lang="da"/);
    expect(documents.da).toMatch(/pas med chip udstedt 1\. januar 2012/);
    expect(documents.da).toMatch(/NFC/);
    expect(documents.da).toMatch(/Borgerservice/);
    expect(documents.en).toMatch(/keeps working/);
  });

  it('a notice names the deadline in force, in Danish and in English', async () => {
    const reminder = await renderer.render({ ...letter(), kind: 'deadline-reminder', deadline: DEADLINE });
    const xml = reminder.body.toString('utf8');
    expect(xml).toContain('<memo:label>Husk at skifte fra NemID til MitID senest 31. oktober 2022</memo:label>');
    expect(xml).toContain('<memo:messageCode>deadline-reminder</memo:messageCode>');
    const documents = memoDocuments(xml);
    expect(documents.da).toMatch(/Fristen for at skifte er 31\. oktober 2022/);
    expect(documents.en).toMatch(/The deadline for moving is 31 October 2022/);
    const moved = memoDocuments((await renderer.render({ ...letter(), kind: 'deadline-reminder', deadline: '2022-06-30' })).body.toString('utf8'));
    expect(moved.da).toMatch(/30\. juni 2022/);
  });

  it('keep-nemid: holders without a Danish passport are told to keep NemID', async () => {
    const documents = memoDocuments((await renderer.render({ ...letter(), kind: 'keep-nemid', deadline: DEADLINE })).body.toString('utf8'));
    expect(documents.da).toMatch(/fortsat bruge dit NemID indtil videre/);
    expect(documents.en).toMatch(/because you do not have a Danish passport/);
  });

  it('partially-sighted-gets-large-print: a larger font in the document', async () => {
    const normal = memoDocuments((await renderer.render(letter())).body.toString('utf8'));
    const large = memoDocuments((await renderer.render(letter({ visualImpairment: 'partially-sighted' }))).body.toString('utf8'));
    expect(normal.da).toMatch(/font-size:12pt/);
    expect(large.da).toMatch(/font-size:20pt/);
  });

  it('a re-rendered letter is byte for byte the same, with the same message UUID', async () => {
    expect((await renderer.render(letter())).body.equals((await renderer.render(letter())).body)).toBe(true);
  });

  it('message UUIDs follow the version-4 pattern and differ per letter', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), (a, b) => {
        expect(messageUuidFor(a)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        if (a !== b) expect(messageUuidFor(a)).not.toBe(messageUuidFor(b));
      }),
    );
  }, 60_000);

  it('label and notification of every kind fit the MeMo limits, and longer ones are refused', () => {
    for (const kind of CAMPAIGN_KINDS) {
      for (const language of ['da', 'en'] as const) {
        // The longest date a notice can name: 30. september / 30 September.
        const texts = letterTextsFor(kind, '2022-09-30')[language];
        expect(texts.label.length).toBeLessThanOrEqual(MAX_LABEL_LENGTH);
        expect(texts.notification.length).toBeLessThanOrEqual(MAX_NOTIFICATION_LENGTH);
      }
    }
    const message = { ...baseMessage(), notification: 'n'.repeat(151) };
    expect(() => renderMemo(message)).toThrow(MemoLimitExceeded);
  });

  it('escapes text, so a label with markup stays text', () => {
    const xml = renderMemo({ ...baseMessage(), label: 'A & B <c>' });
    expect(xml).toContain('<memo:label>A &amp; B &lt;c&gt;</memo:label>');
    expect(memoProblems(xml)).toEqual([]);
  });

  describe('paper', () => {
    it('exempt-from-digital-post-gets-paper: a PDF addressed through the CPR register, naming the birth date, never the CPR number', async () => {
      const rendered = await renderer.render(letter({ digitalPostExempt: true }));
      expect(rendered).toMatchObject({ form: 'paper', contentType: 'application/pdf' });
      const text = await pdfText(rendered.body);
      expect(text).toMatch(/Til modtageren født 7\. juli 1961/);
      expect(text).toMatch(/folkeregisteradressen/);
      expect(text).not.toMatch(/4285/);
      expect(text).toMatch(/4\. oktober 2021/);
      expect(text).toMatch(/Opdater dine oplysninger i NemID/);
      expect(text).toMatch(/English version/);
    });

    it('address-protected-paper-to-delivery-address: the registered delivery address, not the CPR number', async () => {
      const rendered = await renderer.render(letter({ digitalPostExempt: true, addressProtected: true }, ['Søren Ærø', 'Postboks 17', '2300 København S']));
      const text = await pdfText(rendered.body);
      expect(text).toMatch(/Søren Ærø/);
      expect(text).toMatch(/2300 København S/);
      expect(text).not.toMatch(/4285|født/);
    });

    it('a paper notice prints the notice text and its deadline', async () => {
      const text = await pdfText((await renderer.render({ ...letter({ digitalPostExempt: true }), kind: 'final-warning', deadline: DEADLINE })).body);
      expect(text).toMatch(/Sidste påmindelse: skift til MitID senest 31\. oktober 2022/);
      expect(text).toMatch(/Final reminder: move to MitID by 31 October 2022/);
    });

    it('a large-print paper letter has a larger font', async () => {
      const fontSizes = (pdf: Buffer) => [...pdf.toString('latin1').matchAll(/\/F\d+ (\d+) Tf/g)].map((m) => Number(m[1]));
      const normal = await renderer.render(letter({ digitalPostExempt: true }));
      const large = await renderer.render(letter({ digitalPostExempt: true, visualImpairment: 'partially-sighted' }));
      expect(Math.max(...fontSizes(large.body))).toBeGreaterThan(Math.max(...fontSizes(normal.body)));
    });
  });
});

function baseMessage() {
  return {
    messageUUID: messageUuidFor('x'),
    messageID: 'x',
    messageCode: 'update-info-letter',
    label: 'label',
    notification: 'notification',
    mandatory: false,
    legalNotification: false,
    sender: { cvr: '34051178', label: 'Digitaliseringsstyrelsen' },
    recipient: { cpr: '0707614285' },
    createdDateTime: '2021-10-04T08:15:30Z',
    mainDocument: { id: 'd', label: 'l', files: [{ encodingFormat: 'text/plain', filename: 'a.txt', language: 'da', contentBase64: 'YQ==' }] },
    additionalDocuments: [],
  };
}
