import { Module } from '@nestjs/common';
import { MeController } from './me.controller';
import { MeService } from './me.service';
import { OverblikService } from './overblik.service';

/** The caller's own view: their roles and upcoming obligations (and Mit overblik's counts and pages). */
@Module({
  controllers: [MeController],
  providers: [MeService, OverblikService],
  exports: [MeService, OverblikService],
})
export class MeModule {}
