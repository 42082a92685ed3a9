import { DynamicModule, Module } from '@nestjs/common';

/** E-mail digests (issue 10): one Danish digest per person, through the outbox. */
@Module({})
export class RemindersModule {
  static forRoot(_options: { cron: boolean }): DynamicModule {
    return { module: RemindersModule, controllers: [], providers: [] };
  }
}
