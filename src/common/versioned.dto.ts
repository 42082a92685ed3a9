import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Min } from 'class-validator';

/** Optimistic concurrency: send the version you read; a stale one answers 409. */
export class Versioned {
  @ApiPropertyOptional({ description: 'Versionen du læste; ved en ældre version svares 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
