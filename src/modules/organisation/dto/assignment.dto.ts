import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ASSIGNMENT_ROLES } from '../../../../workflows/domain';
import type { AssignmentRole, LocalDate } from '../../../../workflows/domain';
import { PageQuery } from '../../../common/pagination';
import { IsLocalDate } from '../../../common/validation';

export class CreateAssignmentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'unitId skal være et UUID' })
  unitId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'personId skal være et UUID' })
  personId!: string;

  @ApiProperty({ enum: ASSIGNMENT_ROLES, description: 'chef, leader, subLeader (næste ledelseslag) eller board (bestyrelseskontakt)' })
  @IsIn(ASSIGNMENT_ROLES)
  role!: AssignmentRole;

  @ApiProperty({ example: '2024-08-01' })
  @IsLocalDate()
  validFrom!: LocalDate;

  @ApiPropertyOptional({ description: 'Sidste dag (inklusive)' })
  @IsOptional()
  @IsLocalDate()
  validTo?: LocalDate;
}

export class UpdateAssignmentDto {
  @ApiPropertyOptional({ example: '2024-08-01', description: 'Rettet startdato' })
  @IsOptional()
  @IsLocalDate()
  validFrom?: LocalDate;

  @ApiPropertyOptional({ example: '2025-07-31', nullable: true, type: String, description: 'Rettet sidste dag (inklusive); null gør den åben' })
  @IsOptional()
  @IsLocalDate()
  validTo?: LocalDate | null;
}

export class ListAssignmentsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'unitId skal være et UUID' })
  unitId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'personId skal være et UUID' })
  personId?: string;

  @ApiPropertyOptional({ enum: ASSIGNMENT_ROLES })
  @IsOptional()
  @IsIn(ASSIGNMENT_ROLES)
  role?: AssignmentRole;

  @ApiPropertyOptional({ description: 'Kun tildelinger, der gælder denne dato' })
  @IsOptional()
  @IsLocalDate()
  activeOn?: LocalDate;

  @ApiPropertyOptional({ description: 'Søg i enhedens navn og kode og personens navn og e-mail' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class AssignmentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ enum: ASSIGNMENT_ROLES }) role!: AssignmentRole;
  @ApiProperty() validFrom!: LocalDate;
  @ApiProperty({ nullable: true, type: String }) validTo!: LocalDate | null;
}

export class AssignmentPage {
  @ApiProperty({ type: [AssignmentResponse] }) items!: AssignmentResponse[];
  @ApiProperty() total!: number;
}
