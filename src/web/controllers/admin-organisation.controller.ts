import { BadRequestException, Controller, Get, Post, Query, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminOnly, type CurrentUser, User } from '../../modules/auth';
import { ListAssignmentsQuery } from '../../modules/organisation';
import { ListPeopleQuery } from '../../modules/organisation';
import { ListUnitsQuery } from '../../modules/organisation';
import { decodeUtf8 } from '../../modules/organisation';
import { ImportJob } from '../../modules/organisation';
import { OrganisationService } from '../../modules/organisation';
import { AGE_AREA_OPTIONS, ASSIGNMENT_ROLE_OPTIONS, GOVERNANCE_LABELS, GOVERNANCE_OPTIONS, UNIT_TYPE_LABELS, UNIT_TYPE_OPTIONS, withAll } from '../admin-labels';
import { nonEmpty, refusalErrors, str, validateInput } from '../admin-forms';
import { AdminLookups } from '../admin-lookups';
import { ROLE_LABELS } from '../labels';
import { WebPage } from '../web-auth';

const PAGE_SIZE = 50;
const MAX_FILE_BYTES = 20 * 1024 * 1024;

interface UploadedCsv {
  originalname: string;
  buffer: Buffer;
}

/** The page links of a list: previous/next with the same filters. */
function paging(filters: Record<string, string>, offset: number, total: number, path: string) {
  const link = (o: number) => `${path}?${new URLSearchParams({ ...nonEmpty(filters), ...(o > 0 && { offset: String(o) }) }).toString()}`;
  return {
    from: total === 0 ? 0 : offset + 1,
    to: Math.min(offset + PAGE_SIZE, total),
    total,
    previous: offset > 0 ? link(Math.max(0, offset - PAGE_SIZE)) : null,
    next: offset + PAGE_SIZE < total ? link(offset + PAGE_SIZE) : null,
  };
}

function offsetOf(raw: unknown): number {
  const n = Number(str(raw));
  return Number.isInteger(n) && n >= 0 && n <= 1_000_000 ? n : 0;
}

/**
 * The organisation (units, people, assignments) and its CSV import, through
 * OrganisationService and OrganisationImportService like the API.
 */
@ApiExcludeController()
@AdminOnly()
@WebPage()
@Controller('organisation')
export class AdminOrganisationController {
  constructor(
    private readonly organisation: OrganisationService,
    private readonly importJob: ImportJob,
    private readonly lookups: AdminLookups,
  ) {}

  @Get()
  async units(@Query() raw: Record<string, unknown>, @Res() res: Response) {
    const filters = { q: str(raw.q), type: str(raw.type), ageArea: str(raw.ageArea), governance: str(raw.governance), district: str(raw.district) };
    const offset = offsetOf(raw.offset);
    const { value, errors } = await validateInput(ListUnitsQuery, { ...nonEmpty(filters), limit: PAGE_SIZE, offset }, {}, { q: 'Søg' });
    const page = errors.length ? { items: [], total: 0 } : await this.organisation.listUnits(value);
    return res.status(errors.length ? 400 : 200).render('pages/admin/enheder', {
      title: 'Organisation: enheder – Kvalitetsloop',
      section: 'enheder',
      filters,
      errors,
      units: page.items.map((u) => ({ ...u, typeLabel: UNIT_TYPE_LABELS[u.type], governanceLabel: GOVERNANCE_LABELS[u.governance] })),
      paging: paging(filters, offset, page.total, '/organisation'),
      options: {
        type: withAll(UNIT_TYPE_OPTIONS),
        ageArea: withAll(AGE_AREA_OPTIONS),
        governance: withAll(GOVERNANCE_OPTIONS),
        district: withAll((await this.lookups.districts()).map((d) => ({ value: d, text: d }))),
      },
    });
  }

  @Get('personer')
  async people(@Query() raw: Record<string, unknown>, @Res() res: Response) {
    const filters = { q: str(raw.q) };
    const offset = offsetOf(raw.offset);
    const { value, errors } = await validateInput(ListPeopleQuery, { ...nonEmpty(filters), limit: PAGE_SIZE, offset }, {}, { q: 'Søg' });
    const page = errors.length ? { items: [], total: 0 } : await this.organisation.listPeople(value);
    return res.status(errors.length ? 400 : 200).render('pages/admin/personer', {
      title: 'Organisation: personer – Kvalitetsloop',
      section: 'personer',
      filters,
      errors,
      people: page.items,
      paging: paging(filters, offset, page.total, '/organisation/personer'),
    });
  }

  @Get('tildelinger')
  async assignments(@Query() raw: Record<string, unknown>, @Res() res: Response) {
    const filters = { q: str(raw.q), role: str(raw.role), activeOn: str(raw.activeOn) };
    const offset = offsetOf(raw.offset);
    const { value, errors } = await validateInput(
      ListAssignmentsQuery,
      { ...nonEmpty(filters), limit: PAGE_SIZE, offset },
      {},
      { q: 'Søg', role: 'Rolle', activeOn: 'Gælder på dato' },
    );
    const page = errors.length ? { items: [], total: 0 } : await this.organisation.listAssignments(value);
    const units = await this.lookups.unitNames(page.items.map((a) => a.unitId));
    const people = await this.lookups.personNames(page.items.map((a) => a.personId));
    return res.status(errors.length ? 400 : 200).render('pages/admin/tildelinger', {
      title: 'Organisation: tildelinger – Kvalitetsloop',
      section: 'tildelinger',
      filters,
      errors,
      assignments: page.items.map((a) => ({ ...a, unit: units.get(a.unitId), person: people.get(a.personId), roleLabel: ROLE_LABELS[a.role] })),
      paging: paging(filters, offset, page.total, '/organisation/tildelinger'),
      options: { role: withAll(ASSIGNMENT_ROLE_OPTIONS) },
    });
  }

  @Get('import')
  importForm(@Res() res: Response) {
    return res.render('pages/admin/import', { title: 'Organisation: import – Kvalitetsloop', section: 'import' });
  }

  /**
   * Starts the same all-or-nothing import job as POST /api/v1/import (issue
   * 15: the whole country takes minutes) and leads to the job's page, which
   * counts rows and, when the files are refused, lists every problem with
   * file, line and column. Missing or unreadable files (encoding) are refused
   * here at once. The CSRF token comes in the action's query (the body is
   * parsed only here).
   */
  @Post('import')
  @UseInterceptors(FileFieldsInterceptor([{ name: 'units', maxCount: 1 }, { name: 'people', maxCount: 1 }, { name: 'enheder', maxCount: 1 }], { limits: { fileSize: MAX_FILE_BYTES, files: 3, fields: 0 } }))
  async import(@User() user: CurrentUser, @UploadedFiles() files: { units?: UploadedCsv[]; people?: UploadedCsv[]; enheder?: UploadedCsv[] } = {}, @Res() res: Response) {
    const model = { title: 'Organisation: import – Kvalitetsloop', section: 'import' };
    // An empty file input still sends a part without content: treat it as "no file".
    const units = files.units?.[0]?.buffer.length ? files.units[0] : undefined;
    const people = files.people?.[0]?.buffer.length ? files.people[0] : undefined;
    const enheder = files.enheder?.[0]?.buffer.length ? files.enheder[0] : undefined;
    if (!units && !people && !enheder) {
      return res.status(400).render('pages/admin/import', { ...model, errors: [{ field: 'units', text: 'Vælg mindst én fil: enheder (units.csv), personer (people.csv) eller tilsynsenheder (enheder.csv)' }] });
    }
    try {
      const job = await this.importJob.start({
        files: {
          units: units && { name: units.originalname || 'units.csv', text: decodeUtf8(units) },
          people: people && { name: people.originalname || 'people.csv', text: decodeUtf8(people) },
          enheder: enheder && { name: enheder.originalname || 'enheder.csv', text: decodeUtf8(enheder) },
        },
        source: 'import (web)',
      }, user.personId);
      return res.redirect(303, `/job/${job.id}`);
    } catch (error) {
      if (error instanceof BadRequestException) {
        return res.status(400).render('pages/admin/import', { ...model, errors: [{ field: 'units', text: error.message }] });
      }
      const refusal = refusalErrors(error);
      return res.status(refusal.status).render('pages/admin/import', { ...model, errors: refusal.errors });
    }
  }
}

