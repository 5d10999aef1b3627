import { RETIREMENT_REASON_NAMES, VISUAL_IMPAIRMENT_NAMES } from '../../../src/domain/citizen/labels';
import type { RetirementReason, VisualImpairment } from '../../../src/domain/citizen/events';
import type { Text } from '../../../src/domain/text';
import type { TextKey } from '../i18n';

/**
 * The desk's commands as the API takes them: each field is one property of the command's request body, so a form
 * is built from the command it sends (and a test holds the two together against the API's own description).
 */
export type FieldSpec =
  | { name: string; kind: 'text'; label: TextKey; value?: string; optional?: true }
  | { name: string; kind: 'date'; label: TextKey; optional?: true }
  | { name: string; kind: 'number'; label: TextKey; min: number }
  | { name: string; kind: 'yes-no'; label: TextKey; value: boolean }
  | { name: string; kind: 'choice'; label: TextKey; options: readonly { value: string; name: Text }[]; optional?: TextKey }
  | { name: string; kind: 'fixed'; value: string }
  | { name: 'documents'; kind: 'documents' }
  | { name: 'witness'; kind: 'witness' };

export interface DeskCommand {
  /** The form's heading and its button. */
  title: TextKey;
  /** Under /api/v1/citizens/{citizenId}/; issuing a NemID is /api/v1/citizens itself. */
  path: string;
  fields: FieldSpec[];
}

const named = <T extends string>(names: Record<T, Text>) => (Object.entries(names) as [T, Text][]).map(([value, name]) => ({ value, name }));

const VISUAL_IMPAIRMENTS = named<VisualImpairment>(VISUAL_IMPAIRMENT_NAMES);
const RETIREMENT_REASONS = named<RetirementReason>(RETIREMENT_REASON_NAMES);

/** A new NemID at the desk: the person, their documents and how their identity was confirmed. */
export const ISSUE_NEMID: DeskCommand = {
  title: 'deskIssue',
  path: '',
  fields: [
    { name: 'cpr', kind: 'text', label: 'cpr' },
    { name: 'documents', kind: 'documents' },
    {
      name: 'securityQuestions',
      kind: 'choice',
      label: 'securityQuestions',
      options: [
        { value: 'passed', name: { da: 'besvaret korrekt', en: 'answered correctly' } },
        { value: 'failed', name: { da: 'ikke besvaret korrekt', en: 'not answered correctly' } },
      ],
    },
    { name: 'livingInDenmarkSince', kind: 'date', label: 'livingInDenmarkSince', optional: true },
    { name: 'witness', kind: 'witness' },
    { name: 'danishCitizen', kind: 'yes-no', label: 'danishCitizen', value: true },
    { name: 'residesAbroad', kind: 'yes-no', label: 'residesAbroad', value: false },
    {
      name: 'holdsDanishPassport',
      kind: 'choice',
      label: 'holdsDanishPassport',
      optional: 'holdsDanishPassport.unknown',
      options: [
        { value: 'true', name: { da: 'ja', en: 'yes' } },
        { value: 'false', name: { da: 'nej', en: 'no' } },
      ],
    },
    { name: 'digitalPostExempt', kind: 'yes-no', label: 'digitalPostExempt', value: false },
    { name: 'addressProtected', kind: 'yes-no', label: 'addressProtected', value: false },
    { name: 'visualImpairment', kind: 'choice', label: 'visualImpairment', options: VISUAL_IMPAIRMENTS },
  ],
};

/** What the desk does for a holder, in the order a visit usually goes. */
export const DESK_ACTIONS: DeskCommand[] = [
  {
    title: 'deskDeliveryAddress',
    path: 'delivery-address',
    fields: [
      { name: 'street', kind: 'text', label: 'street' },
      { name: 'postalCode', kind: 'text', label: 'postalCode' },
      { name: 'city', kind: 'text', label: 'city' },
      { name: 'country', kind: 'text', label: 'country', value: 'DK', optional: true },
    ],
  },
  { title: 'deskCodeCard', path: 'code-cards', fields: [] },
  { title: 'deskCodeApp', path: 'code-app-activations', fields: [{ name: 'codesLeftOnCard', kind: 'number', label: 'codesLeftOnCard', min: 0 }] },
  { title: 'deskTemporaryPassword', path: 'temporary-passwords', fields: [] },
  {
    title: 'deskInfoUpdate',
    path: 'info-updates',
    fields: [
      { name: 'channel', kind: 'fixed', value: 'citizen-service' },
      { name: 'documents', kind: 'documents' },
    ],
  },
  { title: 'deskMitId', path: 'mitid', fields: [{ name: 'route', kind: 'fixed', value: 'citizen-service' }] },
  { title: 'deskRetire', path: 'retirement', fields: [{ name: 'reason', kind: 'choice', label: 'retirementReason', options: RETIREMENT_REASONS }] },
];
