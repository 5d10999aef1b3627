import { Controller, Get, HttpCode, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { commandContextOf } from '../streams/command-context';
import { Roles } from '../auth/roles';
import { RegisterFileFormat } from '../domain/population';
import { ImportListItem, ImportView, importView, rejectsCsv } from './import-view';
import { ReadModelStore } from '../projection-engine/read-model-store';
import { populationImports } from '../../projections/population-imports';
import { FILE_NAME_HEADER, fileNameOf } from './upload-file-name';
import { PopulationImports, UnsupportedUpload } from './population-imports';
import { Language } from '../domain/text';
import { AskerLanguage, LanguageQuery } from '../http/language';
import { REGISTER_UPLOAD } from '../http/register-upload';

const FORMAT_OF_MEDIA_TYPE: Record<string, RegisterFileFormat | undefined> = { 'text/csv': 'csv', 'application/x-ndjson': 'ndjson' };

@ApiTags('population')
@Roles('agency')
@Controller('api/v1/population/imports')
export class PopulationController {
  constructor(
    private readonly imports: PopulationImports,
    private readonly readModels: ReadModelStore,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Upload a NemID register file (docs/population-format.md), streamed; it is checked whole, then imported in the background',
    description:
      'A file that is not a register file (wrong header, binary, not UTF-8) is refused whole with 400 and nothing is imported. The same file again is the same import: 200 once it is complete.',
  })
  @ApiConsumes(...REGISTER_UPLOAD.mediaTypes)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiAcceptedResponse({ type: ImportView, description: 'Importing; follow it at the Location' })
  @ApiOkResponse({ type: ImportView, description: 'This file was imported before; nothing new is recorded' })
  @ApiPayloadTooLargeResponse({ description: 'Larger than POPULATION_UPLOAD_LIMIT_MIB' })
  @ApiHeader({ name: FILE_NAME_HEADER, required: false, description: "The file's name, percent-encoded (encodeURIComponent): the import is listed by it" })
  async upload(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImportView> {
    const name = fileNameOf(request.headers[FILE_NAME_HEADER]);
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!(REGISTER_UPLOAD.mediaTypes as readonly string[]).includes(mediaType))
      throw new UnsupportedUpload({
        da: `send registerfilen som ${REGISTER_UPLOAD.mediaTypes.join(', ')}`,
        en: `send the register file as ${REGISTER_UPLOAD.mediaTypes.join(', ')}`,
      });
    const state = await this.imports
      .accept({
        body: request.body as Readable,
        contentEncoding: request.headers['content-encoding'],
        format: FORMAT_OF_MEDIA_TYPE[mediaType],
        name,
        context: commandContextOf(principal, 'agency'),
      })
      .catch((error: unknown) => {
        // The rest of a refused upload (up to gigabytes) is not read: the connection closes after the answer, so the
        // next request on it is never read from the middle of this one.
        response.header('Connection', 'close');
        throw error;
      });
    response.status(state.status === 'completed' ? 200 : 202).header('Location', `${REGISTER_UPLOAD.path}/${state.importId}`);
    return importView(state);
  }

  @Get()
  @ApiOperation({ summary: 'Every import, newest first: file, who started it and when, its counts and status' })
  @ApiOkResponse({ type: [ImportListItem] })
  list(): ImportListItem[] {
    const rows: ImportListItem[] = [];
    let after: string | undefined;
    do {
      const page = this.readModels.of(populationImports).find({}, { after, limit: 500 });
      for (const row of page.items) {
        if (row.import)
          rows.push({
            ...importView(row.import, this.imports.waitingSince(row.importId) ? 'disk-full' : null),
            startedAt: row.startedAt!,
            startedBy: row.startedBy!,
          });
      }
      after = page.next ?? undefined;
    } while (after !== undefined);
    return rows.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
  }

  @Get(':importId')
  @ApiOperation({ summary: 'An import: rows read, imported, already present, rejected, rate and time left' })
  @ApiOkResponse({ type: ImportView })
  @ApiNotFoundResponse()
  async view(@Param('importId') importId: string): Promise<ImportView> {
    return importView(await this.imports.view(importId), this.imports.waitingSince(importId) ? 'disk-full' : null);
  }

  @Get(':importId/rejects')
  @ApiOperation({ summary: 'The rejected rows as CSV: line, field, reason (never the CPR number)' })
  @ApiOkResponse({ content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse()
  async rejects(@Param('importId') importId: string, @Query() query: LanguageQuery, @AskerLanguage() asker: Language): Promise<StreamableFile> {
    await this.imports.view(importId);
    return new StreamableFile(Readable.from(rejectsCsv(this.imports.importer.rejects(importId), query.language ?? asker)), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="rejects-${importId}.csv"`,
    });
  }
}
