import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AssignmentRole } from '../../../workflows/domain';
import { NotFoundError } from '../../common/errors';
import type { CurrentUser } from '../auth/auth.guard';
import type { Obligation } from './engine.entities';

/**
 * Who may see and act on a unit's obligations, read from the assignments
 * (never from the token). Outside one's scope a resource does not exist: 404.
 */
@Injectable()
export class AccessService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The roles the person holds or has held at the unit. */
  async rolesAt(personId: string, unitId: string): Promise<Set<AssignmentRole>> {
    const rows: { role: AssignmentRole }[] = await this.db.query(`SELECT DISTINCT role FROM assignment WHERE person_id = $1 AND unit_id = $2`, [personId, unitId]);
    return new Set(rows.map((r) => r.role));
  }

  async assertCanSeeUnit(user: CurrentUser, unitId: string): Promise<void> {
    const visible = user.admin
      ? (await this.db.query(`SELECT 1 FROM unit WHERE id = $1`, [unitId])).length > 0
      : (await this.rolesAt(user.personId, unitId)).size > 0;
    if (!visible) throw new NotFoundError('Enheden findes ikke');
  }

  /** Seeing an obligation: admin, anyone with a role at the unit, or its responsible person. */
  async assertCanSee(user: CurrentUser, o: Obligation): Promise<Set<AssignmentRole>> {
    const roles = user.admin ? new Set<AssignmentRole>() : await this.rolesAt(user.personId, o.unitId);
    if (!user.admin && roles.size === 0 && o.responsiblePersonId !== user.personId) throw new NotFoundError('Forpligtelsen findes ikke');
    return roles;
  }

  /**
   * Booking and confirming: the unit's leader, the board contact (R71: for a
   * selvejende unit), the chef, the obligation's responsible person, or an admin.
   */
  async assertCanAct(user: CurrentUser, o: Obligation): Promise<void> {
    const roles = await this.assertCanSee(user, o);
    if (user.admin || o.responsiblePersonId === user.personId) return;
    if (roles.has('leader') || roles.has('chef') || roles.has('board')) return;
    throw new NotFoundError('Forpligtelsen findes ikke');
  }
}
