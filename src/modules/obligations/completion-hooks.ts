import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ObligationKind } from '../../../workflows/domain';
import type { Obligation } from './obligation.entities';
import type { Actor, CompletionInput } from './completion-input';

/**
 * What a kind owned by a higher module (the statutory follow-up of tilsyn,
 * R95/R96) adds to confirming its obligations, without the obligations module
 * knowing that module. Both run inside the confirmation's transaction.
 */
export interface CompletionHook {
  /** Before anything is written; throw (a RuleError naming the rule) to refuse. */
  check?(em: EntityManager, o: Obligation, input: CompletionInput, actor: Actor): Promise<void>;
  /** After the obligation is saved as completed: follow-on obligations and state. */
  completed?(em: EntityManager, o: Obligation, input: CompletionInput, actor: Actor): Promise<void>;
}

/** The registry; a module registers its kinds when it starts (onModuleInit). */
@Injectable()
export class CompletionHooks {
  private readonly hooks = new Map<ObligationKind, CompletionHook>();

  register(kind: ObligationKind, hook: CompletionHook): void {
    if (this.hooks.has(kind)) throw new Error(`Forpligtelsestypen ${kind} har allerede en bekræftelseshandling`);
    this.hooks.set(kind, hook);
  }

  of(kind: ObligationKind): CompletionHook | undefined {
    return this.hooks.get(kind);
  }
}
