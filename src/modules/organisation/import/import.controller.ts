import { BadRequestException, Controller, Post, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import { acceptJob, JobAccepted } from '../../jobs';
import { ImportJob } from './import.job';
import { AdminOnly, User } from '../../auth';
import type { CurrentUser } from '../../auth';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { decodeSpreadsheetText } from '../../../common/spreadsheet-text';

const MAX_FILE_BYTES = 20 * 1024 * 1024;

interface UploadedCsv {
  originalname: string;
  buffer: Buffer;
}

@ApiTags('organisation')
@ApiBearerAuth()
@AdminOnly()
@Controller('api/v1/import')
export class ImportController {
  constructor(private readonly importJob: ImportJob) {}

  @Post()
  @ApiOperation({
    summary: 'Importér hele organisationen fra CSV (alt eller intet) som et job',
    description:
      'multipart/form-data med filerne `units`, `people` og `enheder` (tilsynsenheder, R4), hver for sig valgfri, mindst én. Samme filer igen ændrer intet. ' +
      'Svarer 202 med jobbets adresse (Location og body); GET /api/v1/jobs/:id giver fremdriften (rækker), og til sidst antal oprettede, ændrede og ' +
      'uændrede enheder, personer, tildelinger og tilsynsenheder, eller hver fejl med fil, linje og kolonne (errors). Manglende eller ulæselige filer (tegnsæt) afvises straks med 400.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { units: { type: 'string', format: 'binary' }, people: { type: 'string', format: 'binary' }, enheder: { type: 'string', format: 'binary' } },
    },
  })
  @ApiAcceptedResponse({ type: JobAccepted, description: 'Importen er lagt i kø' })
  @UseInterceptors(
    FileFieldsInterceptor([{ name: 'units', maxCount: 1 }, { name: 'people', maxCount: 1 }, { name: 'enheder', maxCount: 1 }], {
      limits: { fileSize: MAX_FILE_BYTES, files: 3, fields: 0 },
    }),
  )
  async import(@User() user: CurrentUser, @UploadedFiles() files: { units?: UploadedCsv[]; people?: UploadedCsv[]; enheder?: UploadedCsv[] } = {}, @Res({ passthrough: true }) res?: Response) {
    const units = files.units?.[0];
    const people = files.people?.[0];
    const enheder = files.enheder?.[0];
    if (!units && !people && !enheder) throw new BadRequestException('Send mindst én af filerne "units", "people" og "enheder" som multipart/form-data');
    const job = await this.importJob.start({
      files: {
        units: units && { name: units.originalname || 'units.csv', text: decodeUtf8(units) },
        people: people && { name: people.originalname || 'people.csv', text: decodeUtf8(people) },
        enheder: enheder && { name: enheder.originalname || 'enheder.csv', text: decodeUtf8(enheder) },
      },
      source: 'import (API)',
    }, user.personId);
    return acceptJob(res!, job.id);
  }
}

export function decodeUtf8(file: UploadedCsv): string {
  const decoded = decodeSpreadsheetText(file.buffer);
  if (!decoded.ok) throw new BadRequestException(`${file.originalname}: ${decoded.problem}`);
  return decoded.text;
}
