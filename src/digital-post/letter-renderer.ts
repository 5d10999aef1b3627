import { CampaignKind, CAMPAIGN_KINDS } from '../domain/campaign';
import { CitizenProfile } from '../domain/citizen';
import { IsoDate } from '../domain/dates';
import { LetterForm, SENDER_NAME, letterFormFor, letterTextsFor } from '../domain/notices';
import { renderHtmlLetter } from './html-letter';
import { MemoFile, renderMemo } from './memo';
import { messageUuidFor } from './message-uuid';
import { PaperLetterTemplate } from './paper-letter';

export interface LetterRecipient {
  /** Ten digits, decrypted just before rendering. */
  cpr: string;
  profile: CitizenProfile;
  /** Decrypted delivery address (address-protected citizens), as printed in the address window. */
  deliveryAddressLines?: string[];
}

export interface LetterToRender {
  /** Id of the event that decided the letter (UpdateInfoLetterSent): the letter's identity. */
  letterId: string;
  kind: CampaignKind;
  /** When the letter was decided (ISO instant): the message's createdDateTime, so a re-render is identical. */
  decidedAt: string;
  decidedOn: IsoDate;
  recipient: LetterRecipient;
}

export interface RenderedLetter {
  messageUUID: string;
  form: LetterForm;
  largePrint: boolean;
  /** Named by the message UUID: never a CPR number. */
  fileName: string;
  contentType: 'application/xml' | 'application/pdf';
  body: Buffer;
}

const DANISH_MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];
const danishLongDate = (date: IsoDate) => {
  const [year, month, day] = date.split('-').map(Number);
  return `${day}. ${DANISH_MONTHS[month - 1]} ${year}`;
};

const variantKey = (kind: CampaignKind, largePrint: boolean) => `${kind}/${largePrint ? 'large' : 'normal'}`;

interface DigitalVariant {
  label: string;
  notification: string;
  title: string;
  danish: MemoFile;
  english: MemoFile;
  englishTitle: string;
}

/**
 * Turns a decided letter into what a channel delivers: a MeMo message with an HTML document
 * (Danish, with an English version) for Digital Post, or a PDF for citizens exempt from it.
 * Documents are the same for every recipient of a variant, so they are encoded once.
 */
export class LetterRenderer {
  private constructor(
    private readonly sender: { cvr: string },
    private readonly digital: Map<string, DigitalVariant>,
    private readonly paper: Map<string, PaperLetterTemplate>,
  ) {}

  static async create(sender: { cvr: string }): Promise<LetterRenderer> {
    const digital = new Map<string, DigitalVariant>();
    const paper = new Map<string, PaperLetterTemplate>();
    for (const kind of CAMPAIGN_KINDS) {
      const texts = letterTextsFor(kind);
      for (const largePrint of [false, true]) {
        const file = (language: 'da' | 'en'): MemoFile => ({
          encodingFormat: 'text/html',
          filename: `${kind}-${language}.html`,
          language,
          contentBase64: Buffer.from(renderHtmlLetter(texts[language], language, largePrint)).toString('base64'),
        });
        digital.set(variantKey(kind, largePrint), {
          label: texts.da.label,
          notification: texts.da.notification,
          title: texts.da.title,
          danish: file('da'),
          english: file('en'),
          englishTitle: texts.en.title,
        });
        paper.set(variantKey(kind, largePrint), await PaperLetterTemplate.create(texts, largePrint));
      }
    }
    return new LetterRenderer(sender, digital, paper);
  }

  render(letter: LetterToRender): RenderedLetter {
    const { recipient } = letter;
    const decision = letterFormFor(recipient.profile, recipient.deliveryAddressLines !== undefined);
    const messageUUID = messageUuidFor(letter.letterId);
    const key = variantKey(letter.kind, decision.largePrint);
    if (decision.form === 'paper') {
      const addressLines =
        decision.addressedTo === 'delivery-address'
          ? recipient.deliveryAddressLines!
          : // Physical post addresses by CPR number from the register (KOMBIT "fjernprint").
            ['Modtager efter CPR-registeret', `Cpr-nr. ${recipient.cpr.slice(0, 6)}-${recipient.cpr.slice(6)}`];
      const body = this.paper.get(key)!.fill({ addressLines, date: danishLongDate(letter.decidedOn), reference: `Ref. ${messageUUID}` });
      return { messageUUID, form: 'paper', largePrint: decision.largePrint, fileName: `${messageUUID}.pdf`, contentType: 'application/pdf', body };
    }
    const variant = this.digital.get(key)!;
    const xml = renderMemo({
      messageUUID,
      messageID: letter.letterId,
      messageCode: letter.kind,
      label: variant.label,
      notification: variant.notification,
      mandatory: false,
      legalNotification: false,
      sender: { cvr: this.sender.cvr, label: SENDER_NAME },
      recipient: { cpr: recipient.cpr },
      createdDateTime: new Date(letter.decidedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      mainDocument: { id: `${letter.letterId}-da`, label: variant.title, files: [variant.danish] },
      additionalDocuments: [{ id: `${letter.letterId}-en`, label: variant.englishTitle, files: [variant.english] }],
    });
    return { messageUUID, form: 'digital-post', largePrint: decision.largePrint, fileName: `${messageUUID}.xml`, contentType: 'application/xml', body: Buffer.from(xml) };
  }
}
