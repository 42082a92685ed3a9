import type { Refusal } from '../../../workflows/machine-support';
import { refusalMessage } from '../../../workflows/machine-support';
import { AppError, ConflictError, RuleError } from '../../common/errors';

/** A statechart's refusal as the API answers it: 422 naming the rule, or 409 naming state and event. */
export function refusalError(refusal: Refusal): AppError {
  if (refusal.kind === 'rule') return new RuleError(refusal.rule, refusal.message);
  return new ConflictError(refusalMessage(refusal), { state: refusal.state, event: refusal.event });
}
