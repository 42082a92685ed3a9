import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { AdminOnly, User } from '../auth';
import type { CurrentUser } from '../auth';
import { uuidParam as uuid } from '../../common/uuid.pipe';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AssignmentPage, AssignmentResponse, CreateAssignmentDto, ListAssignmentsQuery, UpdateAssignmentDto } from './dto/assignment.dto';
import { CreatePersonDto, ListPeopleQuery, PersonPage, PersonResponse, UpdatePersonDto } from './dto/person.dto';
import { CloseDto, CreateUnitDto, ListUnitsQuery, UnitPage, UnitResponse, UpdateUnitDto } from './dto/unit.dto';
import { OrganisationService } from './organisation.service';


@ApiTags('organisation')
@ApiBearerAuth()
@AdminOnly()
@Controller('api/v1')
export class OrganisationController {
  constructor(private readonly organisation: OrganisationService) {}

  @Get('units')
  @ApiOperation({ summary: 'Enheder (dagtilbud, skoler, FU-områder)' })
  @ApiOkResponse({ type: UnitPage })
  listUnits(@Query() query: ListUnitsQuery) {
    return this.organisation.listUnits(query);
  }

  @Post('units')
  @ApiOkResponse({ type: UnitResponse })
  createUnit(@Body() dto: CreateUnitDto, @User() user: CurrentUser) {
    return this.organisation.createUnit(dto, undefined, user.personId);
  }

  @Get('units/:id')
  @ApiOkResponse({ type: UnitResponse })
  getUnit(@Param('id', uuid) id: string) {
    return this.organisation.getUnit(id);
  }

  @Patch('units/:id')
  @ApiOkResponse({ type: UnitResponse })
  updateUnit(@Param('id', uuid) id: string, @Body() dto: UpdateUnitDto, @User() user: CurrentUser) {
    return this.organisation.updateUnit(id, dto, user.personId);
  }

  @Post('units/:id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Luk en enhed pr. en dato (historikken bevares)' })
  @ApiOkResponse({ type: UnitResponse })
  closeUnit(@Param('id', uuid) id: string, @Body() dto: CloseDto, @User() user: CurrentUser) {
    return this.organisation.closeUnit(id, dto.date, user.personId);
  }

  @Get('people')
  @ApiOkResponse({ type: PersonPage })
  listPeople(@Query() query: ListPeopleQuery) {
    return this.organisation.listPeople(query);
  }

  @Post('people')
  @ApiOkResponse({ type: PersonResponse })
  createPerson(@Body() dto: CreatePersonDto, @User() user: CurrentUser) {
    return this.organisation.createPerson(dto, undefined, user.personId);
  }

  @Get('people/:id')
  @ApiOkResponse({ type: PersonResponse })
  getPerson(@Param('id', uuid) id: string) {
    return this.organisation.getPerson(id);
  }

  @Patch('people/:id')
  @ApiOkResponse({ type: PersonResponse })
  updatePerson(@Param('id', uuid) id: string, @Body() dto: UpdatePersonDto, @User() user: CurrentUser) {
    return this.organisation.updatePerson(id, dto, user.personId);
  }

  @Get('assignments')
  @ApiOkResponse({ type: AssignmentPage })
  listAssignments(@Query() query: ListAssignmentsQuery) {
    return this.organisation.listAssignments(query);
  }

  @Post('assignments')
  @ApiOperation({ summary: 'Ny tildeling; en ny chef/leder afløser den forrige dagen før (R1)' })
  @ApiOkResponse({ type: AssignmentResponse })
  createAssignment(@Body() dto: CreateAssignmentDto, @User() user: CurrentUser) {
    return this.organisation.createAssignment(dto, user.personId);
  }

  @Patch('assignments/:id')
  @ApiOperation({ summary: 'Ret en tildelings periode (R1: ingen overlap med en anden chef/leder)' })
  @ApiOkResponse({ type: AssignmentResponse })
  updateAssignment(@Param('id', uuid) id: string, @Body() dto: UpdateAssignmentDto, @User() user: CurrentUser) {
    return this.organisation.updateAssignment(id, dto, user.personId);
  }

  @Post('assignments/:id/close')
  @HttpCode(200)
  @ApiOkResponse({ type: AssignmentResponse })
  closeAssignment(@Param('id', uuid) id: string, @Body() dto: CloseDto, @User() user: CurrentUser) {
    return this.organisation.closeAssignment(id, dto.date, user.personId);
  }
}
