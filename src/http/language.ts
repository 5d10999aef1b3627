import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { LANGUAGES, Language } from '../domain/text';
import { bothLanguages } from './validation-texts';

/**
 * The language to answer in, from Accept-Language (RFC 9110): the supported one the caller ranks highest, Danish for
 * any Danish tag (da, da-DK). English when the caller names neither: the API's callers are programs as often as people;
 * the pages always say which they want.
 */
export function languageOf(acceptLanguage: string | string[] | undefined): Language {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  if (!header) return 'en';
  let best: { language: Language; q: number } | undefined;
  for (const part of header.split(',')) {
    const [tag, ...parameters] = part.trim().toLowerCase().split(';');
    const primary = tag.trim().split('-')[0] as Language;
    if (!(LANGUAGES as readonly string[]).includes(primary)) continue;
    const q = Number(/^\s*q\s*=\s*([\d.]+)\s*$/.exec(parameters.find((p) => /^\s*q\s*=/.test(p)) ?? '')?.[1] ?? 1);
    if (Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { language: primary, q };
  }
  return best?.language ?? 'en';
}

/** The asker's language, for a route whose answer holds texts (a timeline, what a command recorded). */
export const AskerLanguage = createParamDecorator((_: unknown, context: ExecutionContext): Language =>
  languageOf(context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers['accept-language']),
);

/** `?language=da|en`, for what a browser opens by a link (a file to download), where the page cannot set a header. */
export class LanguageQuery {
  @ApiPropertyOptional({ enum: LANGUAGES, description: 'The language of the texts in the answer; default: Accept-Language' })
  @IsOptional()
  @IsIn(LANGUAGES, { message: bothLanguages({ da: 'skal være da eller en', en: 'must be da or en' }) })
  language?: Language;
}
