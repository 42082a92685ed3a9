import { ForbiddenException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { NotFoundError } from '../../common/errors';
import type { CurrentUser } from '../auth';
import type { Obligation } from './obligation.entities';
import { canActOn, canSeeObligation, type RoleInOffice, visibleTo } from './visibility';

/**
 * Who may see and act on what, read from the database (never from the
 * token). Outside one's scope a resource does not exist: 404, and lists
 * simply leave it out.
 */
@Injectable()
export class AccessService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** R6: the roles the user holds at the unit today. */
  async rolesToday(user: CurrentUser, unitId: string): Promise<RoleInOffice[]> {
    if (user.admin || !user.personId) return [];
    const rows: { role: RoleInOffice }[] = await this.db.query(
      `SELECT DISTINCT role FROM assignment WHERE unit_id = $1 AND person_id = $2 AND role IN ('chef', 'leader', 'board')
         AND valid_from <= $3 AND (valid_to IS NULL OR valid_to >= $3)`,
      [unitId, user.personId, this.clock.today()],
    );
    return rows.map((r) => r.role);
  }

  /** A unit is visible to admins, to anyone with a role there, and to anyone with a visible obligation there. */
  async assertCanSeeUnit(user: CurrentUser, unitId: string): Promise<void> {
    const [row] = user.admin
      ? await this.db.query(`SELECT 1 FROM unit WHERE id = $1`, [unitId])
      : await this.db.query(
          `SELECT 1 WHERE EXISTS (SELECT 1 FROM assignment WHERE unit_id = $1 AND person_id = $2)
              OR EXISTS (SELECT 1 FROM obligation o WHERE o.unit_id = $1 AND ${visibleTo('o', '$2')})`,
          [unitId, user.personId],
        );
    if (!row) throw new NotFoundError('Enheden findes ikke');
  }

  /** SQL filter for obligation lists (alias `o`): nothing for admins. `todayParam` names today's date (R6). */
  listFilter(user: CurrentUser, param: string, todayParam?: string): string {
    return user.admin ? 'true' : visibleTo('o', param, todayParam);
  }

  /**
   * Seeing and acting on one obligation (booking, confirming): admins, its
   * chef and leader on the due date, its responsible person (the board contact
   * for the board's duties) and the next-layer leader of an R51 follow-up.
   * Cancelling, waiving and reopening are further limited to admins by R71.
   */
  async assertCanSee(user: CurrentUser, o: Obligation): Promise<void> {
    if (canSeeObligation(user, o)) return;
    if (!canSeeObligation(user, o, await this.rolesToday(user, o.unitId))) throw new NotFoundError('Forpligtelsen findes ikke');
  }

  /** Booking and confirming: see canActOn. Someone who may see but not act gets 403. */
  async assertCanAct(user: CurrentUser, o: Obligation): Promise<void> {
    const rolesToday = await this.rolesToday(user, o.unitId);
    if (!canSeeObligation(user, o, rolesToday)) throw new NotFoundError('Forpligtelsen findes ikke');
    if (!canActOn(user, o, rolesToday)) throw new ForbiddenException('Du kan se forpligtelsen, men det er ikke dig, der booker eller bekræfter den');
  }
}
