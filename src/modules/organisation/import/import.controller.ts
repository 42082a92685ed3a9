import { BadRequestException, Controller, HttpCode, Post, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { AdminOnly, User } from '../../auth';
import type { CurrentUser } from '../../auth';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ImportRejected, OrganisationImportService } from './organisation-import.service';
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
  constructor(private readonly importer: OrganisationImportService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Importér hele organisationen fra CSV (alt eller intet)',
    description:
      'multipart/form-data med filerne `units`, `people` og `enheder` (tilsynsenheder, R4), hver for sig valgfri, mindst én. Samme filer igen ændrer intet. ' +
      'Svaret har `enheder` med, når filen `enheder` blev sendt.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { units: { type: 'string', format: 'binary' }, people: { type: 'string', format: 'binary' }, enheder: { type: 'string', format: 'binary' } },
    },
  })
  @ApiOkResponse({ description: 'Antal oprettede, ændrede og uændrede enheder, personer, tildelinger og tilsynsenheder' })
  @UseInterceptors(
    FileFieldsInterceptor([{ name: 'units', maxCount: 1 }, { name: 'people', maxCount: 1 }, { name: 'enheder', maxCount: 1 }], {
      limits: { fileSize: MAX_FILE_BYTES, files: 3, fields: 0 },
    }),
  )
  async import(@User() user: CurrentUser, @UploadedFiles() files: { units?: UploadedCsv[]; people?: UploadedCsv[]; enheder?: UploadedCsv[] } = {}) {
    const units = files.units?.[0];
    const people = files.people?.[0];
    const enheder = files.enheder?.[0];
    if (!units && !people && !enheder) throw new BadRequestException('Send mindst én af filerne "units", "people" og "enheder" som multipart/form-data');
    try {
      return await this.importer.import({
        units: units && { name: units.originalname || 'units.csv', text: decodeUtf8(units) },
        people: people && { name: people.originalname || 'people.csv', text: decodeUtf8(people) },
        enheder: enheder && { name: enheder.originalname || 'enheder.csv', text: decodeUtf8(enheder) },
      }, undefined, { actor: user.personId, source: 'import (API)' });
    } catch (error) {
      if (error instanceof ImportRejected) throw new BadRequestException({ message: error.message, errors: error.problems });
      throw error;
    }
  }
}

export function decodeUtf8(file: UploadedCsv): string {
  const decoded = decodeSpreadsheetText(file.buffer);
  if (!decoded.ok) throw new BadRequestException(`${file.originalname}: ${decoded.problem}`);
  return decoded.text;
}
