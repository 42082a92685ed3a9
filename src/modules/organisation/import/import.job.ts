import { Injectable, OnModuleInit } from '@nestjs/common';
import { BadInputError } from '../../../common/errors';
import { JobsService } from '../../jobs';
import { ImportFiles, ImportRejected, OrganisationImportService } from './organisation-import.service';

/** The organisation's CSV import through the API as a job: 10,000 units and 45,000 people lines take minutes. */
export const IMPORT_JOB = 'organisationsimport';

export interface ImportJobInput {
  files: ImportFiles;
  /** For the audit trail (R81): how the files came in. */
  source: string;
}

/** Refused files: the job's errors are the problems, each with file, line and column. */
class ImportRefused extends BadInputError {
  constructor(rejected: ImportRejected) {
    super(rejected.message);
    Object.assign(this.details, { problems: rejected.problems });
  }
}

@Injectable()
export class ImportJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly importer: OrganisationImportService,
  ) {}

  onModuleInit(): void {
    this.jobs.register<ImportJobInput, unknown>(
      IMPORT_JOB,
      async (input, context) => {
        // The import's own progress callback is synchronous: write at most every 250 ms, never wait on it.
        let pending: Promise<void> = Promise.resolve();
        await context.progress(0, 1);
        try {
          // All or nothing in one transaction, keyed rows: a rerun after a crash writes the same
          // organisation (its counts then say "unchanged" for what the lost attempt committed).
          const result = await this.importer.import(input.files, (done, total) => {
            pending = pending.then(() => context.progress(done, total)).catch(() => undefined);
          }, { actor: context.startedBy, source: input.source });
          await pending;
          return result;
        } catch (error) {
          if (error instanceof ImportRejected) throw new ImportRefused(error);
          throw error;
        }
      },
      // Rejected files are refused at once; only a lost attempt is retried.
      { retryLimit: 2 },
    );
  }

  start(input: ImportJobInput, actorId: string): Promise<{ id: string }> {
    return this.jobs.enqueue<ImportJobInput>(IMPORT_JOB, input, actorId);
  }
}
