/** The organisation module's public face. */
export { OrganisationModule } from './organisation.module';
export { OrganisationService, toUnitResponse } from './organisation.service';
export { ImportRejected, OrganisationImportService } from './import/organisation-import.service';
export { decodeUtf8 } from './import/import.controller';
export { ListAssignmentsQuery } from './dto/assignment.dto';
export { ListPeopleQuery } from './dto/person.dto';
export { ListUnitsQuery } from './dto/unit.dto';
export { PersonNamesService, namesForObligations, loadPersonNames, peopleOn } from './person-names';
export type { PersonNames } from './person-names';
export { UnitSliceQuery } from './dto/unit.dto';
export { Assignment } from './assignment.entity';
export { Enhed } from './enhed.entity';
export { EnhederService, implicitEnhed, toEnhedView } from './enheder.service';
export type { EnhedView } from './enheder.service';
export { CreateEnhedDto, EnhedPage, EnhedResponse, UpdateEnhedDto } from './dto/enhed.dto';
export { Person } from './person.entity';
export { Unit } from './unit.entity';
import { Assignment } from './assignment.entity';
import { Enhed } from './enhed.entity';
import { Person } from './person.entity';
import { Unit } from './unit.entity';

export const ORGANISATION_ENTITIES = [Unit, Person, Assignment, Enhed];
export { IMPORT_JOB, ImportJob } from './import/import.job';
