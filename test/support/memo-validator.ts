import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The official MeMo examples (docs/sources/memo/), the structure our messages are checked against. */
export const MEMO_REFERENCE_DIR = join(__dirname, '../../docs/sources/memo');

type Node = Record<string, unknown>;
const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: false });

const nameOf = (node: Node) => Object.keys(node).find((k) => k !== ':@')!;
const childrenOf = (node: Node) => (node[nameOf(node)] as Node[]).filter((n) => nameOf(n) !== '#text');
const textOf = (node: Node) => ((node[nameOf(node)] as Node[]).find((n) => '#text' in n)?.['#text'] as string | undefined) ?? '';
const child = (node: Node, name: string) => childrenOf(node).find((n) => nameOf(n) === name);
const names = (node: Node) => childrenOf(node).map(nameOf);

/** Element order of the full official example: ours must be a subsequence of it. */
let reference: Node | undefined;
function referenceOrder(path: string[]): string[] {
  reference ??= (parser.parse(readFileSync(join(MEMO_REFERENCE_DIR, 'MeMo_Full_Example.xml'), 'utf8').replace(/^\uFEFF/, '')) as Node[]).find(
    (n) => nameOf(n) === 'memo:Message',
  )!;
  let node: Node = reference;
  for (const name of path) node = child(node, name)!;
  return [...new Set(names(node))];
}

function isSubsequence(ours: string[], reference: string[]): boolean {
  let at = 0;
  for (const name of ours) {
    at = reference.indexOf(name, at);
    if (at === -1) return false;
    at++;
  }
  return true;
}

const UUID_V4 = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Every problem found in one message; empty when it has the structure of the official examples. */
export function memoProblems(xml: string): string[] {
  const problems: string[] = [];
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) return [`not well-formed XML: ${wellFormed.err.msg}`];
  const root = (parser.parse(xml) as Node[]).find((n) => nameOf(n) === 'memo:Message');
  if (!root) return ['no memo:Message root'];
  const attributes = (root[':@'] ?? {}) as Record<string, string>;
  if (attributes['@xmlns:memo'] !== 'https://DigitalPost.dk/MeMo-1') problems.push('wrong MeMo namespace');
  if (attributes['@memoVersion'] !== '1.1' || attributes['@memoSchVersion'] !== '1.1.0') problems.push('not MeMo 1.1 (memoVersion 1.1, memoSchVersion 1.1.0)');
  if (JSON.stringify(names(root)) !== JSON.stringify(['memo:MessageHeader', 'memo:MessageBody']))
    problems.push('root must hold MessageHeader then MessageBody');

  const header = child(root, 'memo:MessageHeader');
  const body = child(root, 'memo:MessageBody');
  if (!header || !body) return problems;
  const checkOrder = (node: Node, path: string[]) => {
    if (!isSubsequence(names(node), referenceOrder(path))) problems.push(`${path.join('/')}: elements out of order or unknown: ${names(node).join(', ')}`);
  };
  checkOrder(header, ['memo:MessageHeader']);
  for (const required of ['memo:messageType', 'memo:messageUUID', 'memo:label', 'memo:Sender', 'memo:Recipient']) {
    if (!child(header, required)) problems.push(`MessageHeader lacks ${required}`);
  }
  if (!['DIGITALPOST', 'NEMSMS'].includes(textOf(child(header, 'memo:messageType') ?? { x: [] }))) problems.push('messageType must be DIGITALPOST or NEMSMS');
  if (!UUID_V4.test(textOf(child(header, 'memo:messageUUID') ?? { x: [] }))) problems.push('messageUUID is not a version-4 UUID');
  const label = child(header, 'memo:label');
  if (label && textOf(label).length > 256) problems.push('label longer than 256');
  const notification = child(header, 'memo:notification');
  if (notification && textOf(notification).length > 150) problems.push('notification longer than 150');
  for (const flag of ['memo:mandatory', 'memo:legalNotification']) {
    const node = child(header, flag);
    if (node && !['true', 'false'].includes(textOf(node))) problems.push(`${flag} must be true or false`);
  }
  const sender = child(header, 'memo:Sender');
  if (sender) {
    checkOrder(sender, ['memo:MessageHeader', 'memo:Sender']);
    if (!/^\d{8}$/.test(textOf(child(sender, 'memo:senderID') ?? { x: [] })) || textOf(child(sender, 'memo:idType') ?? { x: [] }) !== 'CVR') {
      problems.push('Sender must be an 8-digit CVR number with idType CVR');
    }
  }
  const recipient = child(header, 'memo:Recipient');
  if (recipient) {
    checkOrder(recipient, ['memo:MessageHeader', 'memo:Recipient']);
    if (!/^\d{10}$/.test(textOf(child(recipient, 'memo:recipientID') ?? { x: [] })) || textOf(child(recipient, 'memo:idType') ?? { x: [] }) !== 'CPR') {
      problems.push('Recipient must be a 10-digit CPR number with idType CPR');
    }
  }

  checkOrder(body, ['memo:MessageBody']);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(textOf(child(body, 'memo:createdDateTime') ?? { x: [] }))) {
    problems.push('createdDateTime must be a UTC date-time ending in Z');
  }
  const main = child(body, 'memo:MainDocument');
  if (!main) return [...problems, 'MessageBody lacks MainDocument'];
  const documents = [main, ...childrenOf(body).filter((n) => nameOf(n) === 'memo:AdditionalDocument')];
  for (const document of documents) {
    checkOrder(document, ['memo:MessageBody', nameOf(document)]);
    const files = childrenOf(document).filter((n) => nameOf(n) === 'memo:File');
    if (files.length === 0) problems.push(`${nameOf(document)} has no File`);
    for (const file of files) {
      checkOrder(file, ['memo:MessageBody', 'memo:MainDocument', 'memo:File']);
      const fields = ['memo:encodingFormat', 'memo:filename', 'memo:language', 'memo:content'];
      if (JSON.stringify(names(file)) !== JSON.stringify(fields)) problems.push(`File must hold ${fields.join(', ')}`);
      if (!/^[a-z]{2}$/.test(textOf(child(file, 'memo:language') ?? { x: [] }))) problems.push('File language must be two letters');
      const content = textOf(child(file, 'memo:content') ?? { x: [] });
      if (!content || !BASE64.test(content)) problems.push('File content is not base64');
    }
  }
  return problems;
}

/** The decoded documents of a message, by language (for checks on the letter text). */
export function memoDocuments(xml: string): Record<string, string> {
  const root = (parser.parse(xml) as Node[]).find((n) => nameOf(n) === 'memo:Message')!;
  const body = child(root, 'memo:MessageBody')!;
  const result: Record<string, string> = {};
  for (const document of childrenOf(body).filter((n) => ['memo:MainDocument', 'memo:AdditionalDocument'].includes(nameOf(n)))) {
    for (const file of childrenOf(document).filter((n) => nameOf(n) === 'memo:File')) {
      result[textOf(child(file, 'memo:language')!)] = Buffer.from(textOf(child(file, 'memo:content')!), 'base64').toString('utf8');
    }
  }
  return result;
}

export function memoRecipient(xml: string): string {
  const root = (parser.parse(xml) as Node[]).find((n) => nameOf(n) === 'memo:Message')!;
  return textOf(child(child(child(root, 'memo:MessageHeader')!, 'memo:Recipient')!, 'memo:recipientID')!);
}
