/** The organisation module's public face. */
export { OrganisationModule } from './organisation.module';
export { OrganisationService, toUnitResponse } from './organisation.service';
export { OrganisationImportService } from './import/organisation-import.service';
export { PersonNamesService, namesForObligations, loadPersonNames, peopleOn } from './person-names';
export type { PersonNames } from './person-names';
export { UnitSliceQuery } from './dto/unit.dto';
export { Assignment } from './assignment.entity';
export { Person } from './person.entity';
export { Unit } from './unit.entity';
import { Assignment } from './assignment.entity';
import { Person } from './person.entity';
import { Unit } from './unit.entity';

export const ORGANISATION_ENTITIES = [Unit, Person, Assignment];
