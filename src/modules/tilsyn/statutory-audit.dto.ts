import { ApiProperty } from '@nestjs/swagger';
import type { CheckVerdict } from './statutory-audit';

const VERDICTS: CheckVerdict[] = ['ok', 'fejl', 'ikke_relevant'];

class R90Dto {
  @ApiProperty({ example: '2026-2027' }) cycle!: string;
  @ApiProperty({ description: 'Holdte anmeldte besøg i den nuværende cyklus' }) heldAnmeldt!: number;
  @ApiProperty({ description: 'Holdte uanmeldte besøg i den nuværende cyklus' }) heldUanmeldt!: number;
  @ApiProperty({ example: '2024-2025' }) previousCycle!: string;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Havde forrige cyklus et holdt besøg af hver slags (null: enheden fandtes ikke hele cyklussen)' }) previousCycleMet!: boolean | null;
  @ApiProperty({ enum: VERDICTS }) verdict!: CheckVerdict;
}

class R93Dto {
  @ApiProperty({ nullable: true, type: String, example: '2025-06-01' }) lastPublishedOn!: string | null;
  @ApiProperty({ example: '2027-06-01', description: 'Seneste offentliggørelse + 2 år, ellers enhedens åbning + 2 år' }) nextDueOn!: string;
  @ApiProperty({ enum: VERDICTS }) verdict!: CheckVerdict;
}

class R94Dto {
  @ApiProperty({ example: '2026/27' }) schoolYear!: string;
  @ApiProperty({ description: 'Forpligtelsens tilstand, eller mangler' }) state!: string;
  @ApiProperty({ nullable: true, type: String }) dueOn!: string | null;
  @ApiProperty({ enum: VERDICTS }) verdict!: CheckVerdict;
}

class R95Dto {
  @ApiProperty() openCases!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Dage siden beslutningen for den ældste åbne sag' }) oldestOpenDays!: number | null;
  @ApiProperty({ nullable: true, type: String }) oldestOpenSince!: string | null;
}

class R96Dto {
  @ApiProperty() overdueHandleplaner!: number;
  @ApiProperty() overdueOrienteringer!: number;
  @ApiProperty({ description: 'Bemærkningsvinduer lukket uden bemærkninger ("ingen bemærkninger")' }) closedWithoutComments!: number;
  @ApiProperty({ enum: VERDICTS }) verdict!: CheckVerdict;
}

/** The audit's statutory checks of one enhed or school (R93–R96). */
export class StatutoryAuditRowDto {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty({ format: 'uuid', description: 'Tilsynsenhedens id (den implicitte enhed: enhedens id); for en skole skolens id' }) enhedId!: string;
  @ApiProperty() enhedName!: string;
  @ApiProperty({ type: R90Dto, nullable: true }) r90!: R90Dto | null;
  @ApiProperty({ type: R93Dto, nullable: true }) r93!: R93Dto | null;
  @ApiProperty({ type: R94Dto, nullable: true }) r94!: R94Dto | null;
  @ApiProperty({ type: R95Dto, nullable: true }) r95!: R95Dto | null;
  @ApiProperty({ type: R96Dto, nullable: true }) r96!: R96Dto | null;
}
