import { CampaignKind } from '../domain/campaign';
import { CitizenProfile } from '../domain/citizen';
import { IsoDate } from '../domain/dates';
import { LetterForm, SENDER_NAME, letterFormFor, letterTextsFor, longDate } from '../domain/notices';
import { renderHtmlLetter } from './html-letter';
import { MemoFile, renderMemo } from './memo';
import { messageUuidFor } from './message-uuid';
import { PaperLetterTemplate } from './paper-letter';
import { parseCpr } from '../domain/cpr';

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
  /** Notices: the deadline they name (from the NoticeSent event). */
  deadline?: IsoDate;
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

/** A letter as its reader sees it: the HTML document of the Digital Post message, or the paper letter's PDF. */
export interface LetterDocument {
  form: LetterForm;
  contentType: 'text/html; charset=utf-8' | 'application/pdf';
  /** Named by the message UUID: never a CPR number. */
  fileName: string;
  body: Buffer;
}

const variantKey = (kind: CampaignKind, deadline: IsoDate | undefined, largePrint: boolean) => `${kind}/${deadline ?? '-'}/${largePrint ? 'large' : 'normal'}`;

interface DigitalVariant {
  label: string;
  notification: string;
  title: string;
  danish: MemoFile;
  english: MemoFile;
  englishTitle: string;
}

interface Variant {
  digital: DigitalVariant;
  paper: PaperLetterTemplate;
}

/**
 * Turns a decided letter into what a channel delivers: a MeMo message with an HTML document
 * (Danish, with an English version) for Digital Post, or a PDF for citizens exempt from it.
 * Documents are the same for every recipient of a variant (kind, deadline named, print size),
 * so each variant is laid out and encoded once, when its first letter comes.
 */
export class LetterRenderer {
  private readonly variants = new Map<string, Promise<Variant>>();

  private constructor(private readonly sender: { cvr: string }) {}

  /** The update-info letter's variants are prepared up front: a national campaign starts with them. */
  static async create(sender: { cvr: string }): Promise<LetterRenderer> {
    const renderer = new LetterRenderer(sender);
    await Promise.all([false, true].map((largePrint) => renderer.variant('update-info-letter', undefined, largePrint)));
    return renderer;
  }

  private variant(kind: CampaignKind, deadline: IsoDate | undefined, largePrint: boolean): Promise<Variant> {
    const key = variantKey(kind, deadline, largePrint);
    let variant = this.variants.get(key);
    if (!variant) {
      variant = layOutVariant(kind, deadline, largePrint);
      // A failed layout is not cached: the next letter tries again.
      variant.catch(() => this.variants.delete(key));
      this.variants.set(key, variant);
    }
    return variant;
  }

  /** The document in the message, byte for byte as delivered: the HTML in the chosen language, or the PDF (which has no other language). */
  async document(letter: LetterToRender, language: 'da' | 'en'): Promise<LetterDocument> {
    const { recipient } = letter;
    const decision = letterFormFor(recipient.profile, recipient.deliveryAddressLines !== undefined);
    if (decision.form === 'paper') {
      const rendered = await this.render(letter);
      return { form: 'paper', contentType: 'application/pdf', fileName: rendered.fileName, body: rendered.body };
    }
    const { digital } = await this.variant(letter.kind, letter.deadline, decision.largePrint);
    const file = language === 'en' ? digital.english : digital.danish;
    const fileName = `${messageUuidFor(letter.letterId)}-${language}.html`;
    return { form: 'digital-post', contentType: 'text/html; charset=utf-8', fileName, body: Buffer.from(file.contentBase64, 'base64') };
  }

  async render(letter: LetterToRender): Promise<RenderedLetter> {
    const { recipient } = letter;
    const decision = letterFormFor(recipient.profile, recipient.deliveryAddressLines !== undefined);
    const messageUUID = messageUuidFor(letter.letterId);
    const variant = await this.variant(letter.kind, letter.deadline, decision.largePrint);
    if (decision.form === 'paper') {
      const addressLines = decision.addressedTo === 'delivery-address' ? recipient.deliveryAddressLines! : registerAddressedLines(recipient.cpr);
      const body = variant.paper.fill({ addressLines, date: longDate(letter.decidedOn, 'da'), reference: `Ref. ${messageUUID}` });
      return { messageUUID, form: 'paper', largePrint: decision.largePrint, fileName: `${messageUUID}.pdf`, contentType: 'application/pdf', body };
    }
    const { digital } = variant;
    const xml = renderMemo({
      messageUUID,
      messageID: letter.letterId,
      messageCode: letter.kind,
      label: digital.label,
      notification: digital.notification,
      mandatory: false,
      legalNotification: false,
      sender: { cvr: this.sender.cvr, label: SENDER_NAME },
      recipient: { cpr: recipient.cpr },
      createdDateTime: new Date(letter.decidedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      mainDocument: { id: `${letter.letterId}-da`, label: digital.title, files: [digital.danish] },
      additionalDocuments: [{ id: `${letter.letterId}-en`, label: digital.englishTitle, files: [digital.english] }],
    });
    return {
      messageUUID,
      form: 'digital-post',
      largePrint: decision.largePrint,
      fileName: `${messageUUID}.xml`,
      contentType: 'application/xml',
      body: Buffer.from(xml),
    };
  }
}

async function layOutVariant(kind: CampaignKind, deadline: IsoDate | undefined, largePrint: boolean): Promise<Variant> {
  const texts = letterTextsFor(kind, deadline);
  const file = (language: 'da' | 'en'): MemoFile => ({
    encodingFormat: 'text/html',
    filename: `${kind}-${language}.html`,
    language,
    contentBase64: Buffer.from(renderHtmlLetter(texts[language], language, largePrint)).toString('base64'),
  });
  return {
    digital: {
      label: texts.da.label,
      notification: texts.da.notification,
      title: texts.da.title,
      danish: file('da'),
      english: file('en'),
      englishTitle: texts.en.title,
    },
    paper: await PaperLetterTemplate.create(texts, largePrint),
  };
}

/**
 * The address window of a paper letter to someone without a delivery address. Physical post goes through KOMBIT's
 * remote print ("fjernprint"), which addresses it by CPR number from the CPR register as it prints: Overgang holds no
 * registered address. The window names the recipient by birth date only, never the full CPR number.
 */
export function registerAddressedLines(cpr: string): string[] {
  const parsed = parseCpr(cpr);
  const born = parsed.ok ? longDate(parsed.cpr.birthDate, 'da') : 'ukendt dato';
  return [`Til modtageren født ${born}`, 'på folkeregisteradressen,', 'som Digital Post sætter på ved udskrivning'];
}
