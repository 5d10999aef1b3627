import { ID_DOCUMENT_NAMES, PROFESSIONAL_WITNESS_NAMES } from '../../../src/domain/citizen/labels';
import type { IdDocumentKind, ProfessionalWitnessKind } from '../../../src/domain/citizen/identification';
import { h } from '../dom';
import { field, input, select } from '../forms';
import { pick, t } from '../i18n';
import type { FieldSpec } from './commands';

/** A control on the form and how to read its value into the request body. */
export interface Built {
  node: Node | null;
  read: () => unknown;
}

const checkbox = (name: string, label: string, checked = false) => {
  const box = h('input', { type: 'checkbox', checked });
  return { node: h('div', { class: 'field check', 'data-field': name }, h('label', {}, box, ' ', label), h('p', { class: 'field-error', hidden: true })), box };
};

const DOCUMENT_KINDS = Object.keys(ID_DOCUMENT_NAMES) as IdDocumentKind[];
/** The kinds whose one more fact the rules ask about, and that fact. */
const DOCUMENT_EXTRAS: Partial<Record<IdDocumentKind, 'provisional' | 'temporary' | 'schengenTravelDocument' | 'issuedOn'>> = {
  passport: 'provisional',
  'health-insurance-card': 'temporary',
  'national-id-card': 'schengenTravelDocument',
  'social-benefit-documentation': 'issuedOn',
};
const EXTRA_LABELS = {
  provisional: { da: 'Provisorisk pas', en: 'Provisional passport' },
  temporary: { da: 'Midlertidigt sundhedskort', en: 'Temporary health insurance card' },
  schengenTravelDocument: { da: 'Kan bruges som rejsedokument i Schengen', en: 'Usable as a travel document in Schengen' },
  issuedOn: { da: 'Udstedt den', en: 'Issued on' },
};

/** One ID document: its kind, whether it shows the CPR number, the issuing country, and the one more fact its kind needs. */
function documentRow(index: number, remove: () => void): Built {
  const prefix = `documents[${index}]`;
  const kind = select(
    DOCUMENT_KINDS.map((value) => ({ value, text: pick(ID_DOCUMENT_NAMES[value]) })),
    'passport',
  );
  const shows = checkbox(`${prefix}.showsCpr`, t('showsCpr'), true);
  const country = input({ maxlength: '2', autocomplete: 'off', value: 'DK' });
  const extras = Object.fromEntries(
    (['provisional', 'temporary', 'schengenTravelDocument'] as const).map((name) => [name, checkbox(`${prefix}.${name}`, pick(EXTRA_LABELS[name]))]),
  ) as Record<'provisional' | 'temporary' | 'schengenTravelDocument', ReturnType<typeof checkbox>>;
  const issuedOn = input({ type: 'date' });
  const issuedOnField = field(`${prefix}.issuedOn`, pick(EXTRA_LABELS.issuedOn), issuedOn);
  const showExtra = () => {
    const extra = DOCUMENT_EXTRAS[kind.value as IdDocumentKind];
    for (const [name, built] of Object.entries(extras)) (built.node as HTMLElement).hidden = extra !== name;
    issuedOnField.hidden = extra !== 'issuedOn';
  };
  kind.addEventListener('change', showExtra);
  showExtra();
  const node = h(
    'fieldset',
    { class: 'document' },
    h('legend', {}, t('document', { n: index + 1 })),
    field(`${prefix}.kind`, t('documentKind'), kind),
    shows.node,
    field(`${prefix}.issuingCountry`, t('issuingCountry'), country),
    Object.values(extras).map((built) => built.node),
    issuedOnField,
    index > 0 ? h('button', { type: 'button', class: 'link', onclick: remove }, t('removeDocument')) : null,
  );
  return {
    node,
    read: () => {
      const extra = DOCUMENT_EXTRAS[kind.value as IdDocumentKind];
      return {
        kind: kind.value,
        showsCpr: shows.box.checked,
        ...(country.value.trim() ? { issuingCountry: country.value.trim().toUpperCase() } : {}),
        ...(extra && extra !== 'issuedOn' ? { [extra]: extras[extra].box.checked } : {}),
        ...(extra === 'issuedOn' && issuedOn.value ? { issuedOn: issuedOn.value } : {}),
      };
    },
  };
}

function documents(): Built {
  const rows: Built[] = [];
  const list = h('div', { class: 'documents' });
  const redraw = () => list.replaceChildren(...rows.map((row) => row.node as Node));
  const add = () => {
    const row: Built = documentRow(rows.length, () => {
      rows.splice(rows.indexOf(row), 1);
      redraw();
    });
    rows.push(row);
    redraw();
  };
  add();
  const node = h(
    'fieldset',
    { 'data-field': 'documents' },
    h('legend', {}, t('documents')),
    list,
    h('button', { type: 'button', class: 'secondary', onclick: add }, t('addDocument')),
    h('p', { class: 'field-error', hidden: true }),
  );
  return { node, read: () => rows.map((row) => row.read()) };
}

const PROFESSIONS = Object.keys(PROFESSIONAL_WITNESS_NAMES) as ProfessionalWitnessKind[];

/** No witness, a private one or a professional one, and what the rules ask of each. */
function witness(): Built {
  const kind = select((['none', 'private', 'professional'] as const).map((value) => ({ value, text: t(`witness.${value}`) })));
  const dateOfBirth = input({ type: 'date' });
  const privateChecks = {
    hasDanishCprNumber: checkbox('witness.hasDanishCprNumber', t('witnessHasDanishCprNumber')),
    hasValidPhotoId: checkbox('witness.hasValidPhotoId', t('witnessHasValidPhotoId')),
    hasNemId: checkbox('witness.hasNemId', t('witnessHasNemId')),
  };
  const mitIdCreatedOn = input({ type: 'date' });
  const profession = select(PROFESSIONS.map((value) => ({ value, text: pick(PROFESSIONAL_WITNESS_NAMES[value]) })));
  const professionalChecks = {
    hasMitId: checkbox('witness.hasMitId', t('witnessHasMitId')),
    hasEmployeeId: checkbox('witness.hasEmployeeId', t('witnessHasEmployeeId')),
  };
  const employerCvr = input({ inputmode: 'numeric', maxlength: '8', autocomplete: 'off' });
  const privatePart = h(
    'div',
    {},
    field('witness.dateOfBirth', t('witnessDateOfBirth'), dateOfBirth),
    Object.values(privateChecks).map((c) => c.node),
    field('witness.mitIdCreatedOn', t('witnessMitIdCreatedOn'), mitIdCreatedOn),
  );
  const professionalPart = h(
    'div',
    {},
    field('witness.profession', t('witnessProfession'), profession),
    Object.values(professionalChecks).map((c) => c.node),
    field('witness.employerCvr', t('witnessEmployerCvr'), employerCvr),
  );
  const choose = () => {
    privatePart.hidden = kind.value !== 'private';
    professionalPart.hidden = kind.value !== 'professional';
  };
  kind.addEventListener('change', choose);
  choose();
  const node = h('fieldset', {}, h('legend', {}, t('witness')), field('witness.kind', t('witness'), kind), privatePart, professionalPart);
  return {
    node,
    read: () => {
      if (kind.value === 'private') {
        return {
          kind: 'private',
          dateOfBirth: dateOfBirth.value,
          ...Object.fromEntries(Object.entries(privateChecks).map(([name, c]) => [name, c.box.checked])),
          ...(mitIdCreatedOn.value ? { mitIdCreatedOn: mitIdCreatedOn.value } : {}),
        };
      }
      if (kind.value === 'professional') {
        return {
          kind: 'professional',
          profession: profession.value,
          ...Object.fromEntries(Object.entries(professionalChecks).map(([name, c]) => [name, c.box.checked])),
          employerCvr: employerCvr.value.trim(),
        };
      }
      return undefined;
    },
  };
}

/** A field of a command as a control, and its value as the request body holds it (undefined: left out). */
export function build(spec: FieldSpec, given: Record<string, string> = {}): Built {
  switch (spec.kind) {
    case 'text': {
      const control = input({ autocomplete: 'off', spellcheck: 'false', value: given[spec.name] ?? spec.value ?? '' });
      return { node: field(spec.name, t(spec.label), control), read: () => (control.value.trim() === '' && spec.optional ? undefined : control.value.trim()) };
    }
    case 'date': {
      const control = input({ type: 'date' });
      return { node: field(spec.name, t(spec.label), control), read: () => (control.value === '' && spec.optional ? undefined : control.value) };
    }
    case 'number': {
      const control = input({ type: 'number', min: String(spec.min), inputmode: 'numeric' });
      // A number when it reads as one; otherwise as typed, so the API names what is wrong with it.
      return {
        node: field(spec.name, t(spec.label), control),
        read: () => (control.value !== '' && Number.isFinite(Number(control.value)) ? Number(control.value) : control.value),
      };
    }
    case 'yes-no': {
      const control = select(
        [
          { value: 'true', text: t('yes') },
          { value: 'false', text: t('no') },
        ],
        String(spec.value),
      );
      return { node: field(spec.name, t(spec.label), control), read: () => control.value === 'true' };
    }
    case 'choice': {
      const control = select([
        ...(spec.optional ? [{ value: '', text: t(spec.optional) }] : []),
        ...spec.options.map((o) => ({ value: o.value, text: pick(o.name) })),
      ]);
      const typed = (value: string) => (value === 'true' ? true : value === 'false' ? false : value);
      return { node: field(spec.name, t(spec.label), control), read: () => (control.value === '' ? undefined : typed(control.value)) };
    }
    case 'fixed':
      return { node: null, read: () => spec.value };
    case 'documents':
      return documents();
    case 'witness':
      return witness();
    default: {
      const exhaustive: never = spec;
      throw new Error(`unknown field ${String(exhaustive)}`);
    }
  }
}
