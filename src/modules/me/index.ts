/** The me module's public face. */
export { MeModule } from './me.module';
export { MeService } from './me.service';
export type { UpcomingItem } from './dto/me.dto';
export { OVERBLIK_FILTERS, OverblikService } from './overblik.service';
export type { OverblikCounts, OverblikFilter } from './overblik.service';
