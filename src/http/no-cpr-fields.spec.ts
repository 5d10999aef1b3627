import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { NO_CPR_NUMBER } from './validators';
import { TRANSLATED_CONSTRAINTS, reasonOf } from './validation-texts';

/** Every request class the controllers validate lives in a controller or a DTO file. */
function loadRequestClasses(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) loadRequestClasses(path);
    // Every request class the API declares, found by walking the folders: an import could miss a new one.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    else if (/\.(dto|controller)\.ts$/.test(entry.name)) require(path);
  }
}

const STRING_CONSTRAINTS = new Set(['isString', 'matches', 'length', 'maxLength', 'minLength']);

describe('no CPR number in ids and free text', () => {
  it('every string field a request can set refuses CPR-shaped content (except the fields that are a CPR number)', () => {
    loadRequestClasses(join(__dirname, '..'));
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<object, ValidationMetadata[]> };
    const constraintName = (metadata: ValidationMetadata) =>
      metadata.constraintCls ? getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls)[0]?.name : metadata.type;
    const stringFields: string[] = [];
    const unguarded: string[] = [];
    for (const [target, metadatas] of storage.validationMetadatas) {
      const byProperty = new Map<string, Set<string | undefined>>();
      for (const metadata of metadatas) {
        byProperty.set(metadata.propertyName, (byProperty.get(metadata.propertyName) ?? new Set()).add(constraintName(metadata)));
      }
      for (const [property, names] of byProperty) {
        if (![...names].some((name) => name !== undefined && STRING_CONSTRAINTS.has(name)) || names.has('isCpr')) continue;
        const field = `${(target as { name: string }).name}.${property}`;
        stringFields.push(field);
        if (!names.has(NO_CPR_NUMBER)) unguarded.push(field);
      }
    }
    // The walk itself must see the fields this rule is about.
    expect(stringFields).toEqual(
      expect.arrayContaining(['StartCampaignBody.campaignId', 'MoveDeadlineBody.reason', 'RecordOpeningDto.reason', 'DeliveryAddressDto.street']),
    );
    expect(unguarded).toEqual([]);
  });

  it('every field check a request class makes says what is wrong in Danish too: its own message in both languages, or a library message translated here', () => {
    loadRequestClasses(join(__dirname, '..'));
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<object, ValidationMetadata[]> };
    const untranslated: string[] = [];
    let checked = 0;
    const OWN_VALIDATORS = new Set(['isCpr', 'isCalendarDate', NO_CPR_NUMBER]);
    for (const [target, metadatas] of storage.validationMetadatas) {
      for (const metadata of metadatas) {
        // Conditions say nothing themselves; our own validators give both languages (validators.spec.ts).
        if (metadata.type === 'conditionalValidation' || metadata.type === 'isDefined') continue;
        const name = metadata.constraintCls ? getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls)[0]?.name : metadata.type;
        if (name === undefined || OWN_VALIDATORS.has(name)) continue;
        const own = typeof metadata.message === 'string' ? metadata.message : undefined;
        const translated = own !== undefined ? reasonOf(name, own).da !== own : TRANSLATED_CONSTRAINTS.has(name);
        if (!translated) untranslated.push(`${(target as { name: string }).name}.${metadata.propertyName}: ${name}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(untranslated).toEqual([]);
  });
});
