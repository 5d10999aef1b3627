import { Cpr, parseCpr } from '../cpr';
import { IsoDate, isIsoDate } from '../dates';
import type { CitizenProfile, ImportNemId, VisualImpairment } from '../citizen';
import type { Text } from '../text';

/**
 * The NemID register file, version 1 (docs/population-format.md): one holder per line, CSV with this
 * header or NDJSON after a header line. Each column is declared once here; the readers, the generator,
 * the documentation's table and the reject messages come from this declaration.
 */
export const REGISTER_FORMAT = { format: 'nemid-register', version: 1 } as const;

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: Text };
type Raw = unknown;

const missing = (raw: Raw) => raw === undefined || raw === null || raw === '';

function oneOf<const T extends string>(values: readonly T[]) {
  return {
    values,
    parse: (raw: Raw): Parsed<T> =>
      // The value is never echoed: a CPR number in the wrong column would end up in the reject list.
      typeof raw === 'string' && (values as readonly string[]).includes(raw)
        ? { ok: true, value: raw as T }
        : { ok: false, reason: { da: `skal være en af ${values.join(', ')}`, en: `must be one of ${values.join(', ')}` } },
  };
}

const yesOrNo = {
  values: ['true', 'false'] as const,
  parse: (raw: Raw): Parsed<boolean> => {
    if (raw === true || raw === 'true') return { ok: true, value: true };
    if (raw === false || raw === 'false') return { ok: true, value: false };
    return { ok: false, reason: { da: 'skal være true eller false', en: 'must be true or false' } };
  },
};

export const AUTHENTICATORS = ['code-card', 'code-app', 'key-fob'] as const;
export const PASSPORTS = ['none', 'danish', 'danish-chip-from-2012'] as const;
export const VISUAL_IMPAIRMENTS = ['none', 'partially-sighted', 'blind'] as const satisfies readonly VisualImpairment[];

export const REGISTER_FIELDS = {
  cpr: {
    description: 'CPR number, DDMMYY-SSSS or ten digits (modulus 11 is not checked: numbers from 2007-10-01 on may fail it)',
    parse: (raw: Raw): Parsed<Cpr> => {
      const parsed = parseCpr(raw);
      return parsed.ok ? { ok: true, value: parsed.cpr } : { ok: false, reason: parsed.reason };
    },
  },
  nemIdIssuedOn: {
    description: 'the day the NemID was issued, YYYY-MM-DD; the holder was 15 or older then',
    parse: (raw: Raw): Parsed<IsoDate> =>
      typeof raw === 'string' && isIsoDate(raw)
        ? { ok: true, value: raw }
        : { ok: false, reason: { da: 'skal være en dato, der findes, fx 2015-06-01', en: 'must be a calendar date such as 2015-06-01' } },
  },
  authenticator: { description: 'how the holder gets one-time codes', ...oneOf(AUTHENTICATORS) },
  nsisSubstantial: {
    description:
      'whether the registration already meets NSIS substantial (verified photo ID); if false the holder must update personal information before MitID',
    ...yesOrNo,
  },
  passport: {
    description: 'Danish passport held: none, danish, or danish-chip-from-2012 (a chip passport issued on or after 2012-01-01, which the code app can read)',
    ...oneOf(PASSPORTS),
  },
  digitalPostExempt: { description: 'exempt from Digital Post: letters go on paper', ...yesOrNo },
  residesAbroad: { description: 'no registered address in Denmark', ...yesOrNo },
  addressProtected: { description: 'name and address protection: a delivery address is needed before a new code card', ...yesOrNo },
  visualImpairment: { description: 'large print for the partially sighted; voice response for the blind', ...oneOf(VISUAL_IMPAIRMENTS) },
} as const;

export type RegisterColumn = keyof typeof REGISTER_FIELDS;
export const REGISTER_COLUMNS = Object.keys(REGISTER_FIELDS) as RegisterColumn[];

type ValueOf<C extends RegisterColumn> = (typeof REGISTER_FIELDS)[C]['parse'] extends (raw: Raw) => Parsed<infer T> ? T : never;
export type RegisterRow = { [C in RegisterColumn]: ValueOf<C> };
/** A row as the file spells it, before checking: what the generator writes. */
export type RegisterRecord = Record<RegisterColumn, string | boolean>;

export type RowCheck = { ok: true; row: RegisterRow } | { ok: false; field: string; reason: Text };

/** Checks a row's values by column, first problem first; `values` maps column names to what the file holds. */
export function checkRegisterRow(values: Record<string, unknown>): RowCheck {
  const row: Partial<Record<RegisterColumn, unknown>> = {};
  for (const column of REGISTER_COLUMNS) {
    const raw = values[column];
    if (missing(raw)) return { ok: false, field: column, reason: { da: 'mangler', en: 'is missing' } };
    const parsed = REGISTER_FIELDS[column].parse(raw);
    if (!parsed.ok) return { ok: false, field: column, reason: parsed.reason };
    row[column] = parsed.value;
  }
  return { ok: true, row: row as RegisterRow };
}

/** What the rules later need to know about the holder, from the register's facts. */
export function profileOf(row: RegisterRow): CitizenProfile {
  return {
    needsInfoUpdate: !row.nsisSubstantial,
    danishPassport: row.passport !== 'none',
    chipPassportFrom2012: row.passport === 'danish-chip-from-2012',
    digitalPostExempt: row.digitalPostExempt,
    residesAbroad: row.residesAbroad,
    addressProtected: row.addressProtected,
    visualImpairment: row.visualImpairment,
  };
}

/** The command that imports a checked row (the caller encrypts the CPR number: the domain holds no keys). */
export function importCommandData(row: RegisterRow, protectedCpr: string, source: { importId: string; line: number }): ImportNemId['data'] {
  return {
    cpr: row.cpr,
    protectedCpr,
    issuedOn: row.nemIdIssuedOn,
    authenticator: row.authenticator,
    profile: profileOf(row),
    source: { register: 'nemid', ...source },
  };
}

/** The column a rule's refusal is about, for the reject list. */
export const FIELD_OF_RULE: Record<string, RegisterColumn> = {
  'minimum-age-15': 'nemIdIssuedOn',
  'nemid-shut-down': 'nemIdIssuedOn',
  'one-nemid-per-person': 'cpr',
};
