import { PipeTransform } from '@nestjs/common';
import { RequestValidationFailed } from '../http/problem-details';
import { CITIZEN_ID_PATTERN } from '../personal-data/personal-data-protector';

/** A citizenId in a path: the id the API gave when the NemID was issued, or a 400 that says so. */
export class CitizenIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!CITIZEN_ID_PATTERN.test(value)) {
      throw new RequestValidationFailed([
        {
          field: 'citizenId',
          reason: {
            da: 'skal være det id på 32 tegn, der blev givet, da NemID blev udstedt',
            en: 'must be the 32-character id returned when the NemID was issued',
          },
        },
      ]);
    }
    return value;
  }
}
