import { Assignment } from '../modules/organisation/assignment.entity';
import { Person } from '../modules/organisation/person.entity';
import { Unit } from '../modules/organisation/unit.entity';

export const ENTITIES = [Unit, Person, Assignment];
