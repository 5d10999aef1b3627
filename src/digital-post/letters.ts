import { PipeTransform, StreamableFile } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { validate as isUuid } from 'uuid';
import type { LetterDocument } from './letter-renderer';
import { RequestValidationFailed } from '../http/problem-details';
import { bothLanguages } from '../http/validation-texts';

export const LETTER_LANGUAGES = ['da', 'en'] as const;

export class LetterLanguageQuery {
  @ApiPropertyOptional({
    enum: LETTER_LANGUAGES,
    default: 'da',
    description: 'Digital Post letters carry a Danish document and an English version; a paper letter is one PDF',
  })
  @IsOptional()
  @IsIn(LETTER_LANGUAGES, { message: bothLanguages({ da: 'skal være da eller en', en: 'must be da or en' }) })
  language?: (typeof LETTER_LANGUAGES)[number];
}

/** A letter is named by the id of the event that decided it (the `letterId` of the letter lists). */
export class LetterIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUuid(value))
      throw new RequestValidationFailed([
        {
          field: 'letterId',
          reason: { da: 'skal være letterId for et brev i listen over breve', en: 'must be the letterId of a letter in the list of letters' },
        },
      ]);
    return value;
  }
}

/** The document shown inline (a browser opens it as the citizen received it), never cached: it holds personal data. */
export function letterFile(document: LetterDocument): StreamableFile {
  return new StreamableFile(document.body, {
    type: document.contentType,
    disposition: `inline; filename="${document.fileName}"`,
    length: document.body.length,
  });
}
