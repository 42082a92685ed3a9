import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LocalDate } from '../../../workflows/domain';
import { SkoleudviklingGenerator } from './skoleudvikling.generator';
import { TilsynsrapportService } from './tilsynsrapport.service';

/**
 * The scheduler's statutory step (R74): the cycles of the law, generated
 * beside the learning loops and never from them. Returns how many
 * obligations were created.
 */
@Injectable()
export class StatutoryScheduler {
  constructor(
    private readonly skoleudvikling: SkoleudviklingGenerator,
    private readonly tilsynsrapporter: TilsynsrapportService,
  ) {}

  async generate(em: EntityManager, today: LocalDate): Promise<number> {
    return (await this.skoleudvikling.generate(em, today)) + (await this.tilsynsrapporter.generate(em, today));
  }
}
