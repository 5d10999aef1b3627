/** MeMo v1.1 (../shared/reference/memo/, docs/facts.md "Digital Post and MeMo"). */
export const MEMO_NAMESPACE = 'https://DigitalPost.dk/MeMo-1';
export const MEMO_VERSION = '1.1';
export const MEMO_SCHEMA_VERSION = '1.1.0';
export const MAX_LABEL_LENGTH = 256;
export const MAX_NOTIFICATION_LENGTH = 150;

export interface MemoFile {
  encodingFormat: string;
  filename: string;
  /** Two-letter language code. */
  language: string;
  /** Already base64: documents are shared by many letters, so callers encode them once. */
  contentBase64: string;
}

export interface MemoDocument {
  id: string;
  label: string;
  files: MemoFile[];
}

export interface MemoMessage {
  messageUUID: string;
  messageID: string;
  messageCode: string;
  label: string;
  notification: string;
  mandatory: boolean;
  legalNotification: boolean;
  sender: { cvr: string; label: string };
  recipient: { cpr: string };
  /** ISO-8601 instant in UTC. */
  createdDateTime: string;
  mainDocument: MemoDocument;
  additionalDocuments: MemoDocument[];
}

export class MemoLimitExceeded extends Error {}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
export const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);

const element = (name: string, value: string) => `<memo:${name}>${escapeXml(value)}</memo:${name}>`;

function files(document: MemoDocument): string {
  return document.files
    .map(
      (file) =>
        `<memo:File>${element('encodingFormat', file.encodingFormat)}${element('filename', file.filename)}${element('language', file.language)}<memo:content>${file.contentBase64}</memo:content></memo:File>`,
    )
    .join('');
}

function checkLength(field: string, value: string, max: number): void {
  if (value.length > max) throw new MemoLimitExceeded(`MeMo ${field} is ${value.length} characters; at most ${max} allowed`);
}

/**
 * Renders by template rather than through a DOM builder: a campaign renders thousands of
 * messages a second and the structure is fixed. Every value is escaped; the order of the
 * header elements is the schema's (MeMo_Full_Example.xml).
 */
export function renderMemo(message: MemoMessage): string {
  checkLength('label', message.label, MAX_LABEL_LENGTH);
  checkLength('notification', message.notification, MAX_NOTIFICATION_LENGTH);
  if (!message.createdDateTime.endsWith('Z')) throw new MemoLimitExceeded('MeMo createdDateTime must be in UTC (end in Z)');
  const main = message.mainDocument;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<memo:Message xmlns:memo="${MEMO_NAMESPACE}" memoVersion="${MEMO_VERSION}" memoSchVersion="${MEMO_SCHEMA_VERSION}">` +
    `<memo:MessageHeader>` +
    element('messageType', 'DIGITALPOST') +
    element('messageUUID', message.messageUUID) +
    element('messageID', message.messageID) +
    element('messageCode', message.messageCode) +
    element('label', message.label) +
    element('notification', message.notification) +
    element('mandatory', String(message.mandatory)) +
    element('legalNotification', String(message.legalNotification)) +
    `<memo:Sender>${element('senderID', message.sender.cvr)}${element('idType', 'CVR')}${element('label', message.sender.label)}</memo:Sender>` +
    `<memo:Recipient>${element('recipientID', message.recipient.cpr)}${element('idType', 'CPR')}</memo:Recipient>` +
    `</memo:MessageHeader>` +
    `<memo:MessageBody>` +
    element('createdDateTime', message.createdDateTime) +
    `<memo:MainDocument>${element('mainDocumentID', main.id)}${element('label', main.label)}${files(main)}</memo:MainDocument>` +
    message.additionalDocuments
      .map((d) => `<memo:AdditionalDocument>${element('additionalDocumentID', d.id)}${element('label', d.label)}${files(d)}</memo:AdditionalDocument>`)
      .join('') +
    `</memo:MessageBody>` +
    `</memo:Message>\n`
  );
}
