import { DynamicModule, Global, Module } from '@nestjs/common';
import { CachedReadInterceptor } from './cached-read.interceptor';
import { ReadCache, ReadCacheSettings } from './read-cache';

/** One ReadCache per process, for every module (READ_CACHE_MB). */
@Global()
@Module({})
export class ReadCacheModule {
  static forRoot(megabytes: number): DynamicModule {
    return {
      module: ReadCacheModule,
      providers: [{ provide: ReadCacheSettings, useValue: new ReadCacheSettings(megabytes * 1024 * 1024) }, ReadCache, CachedReadInterceptor],
      exports: [ReadCache, CachedReadInterceptor],
    };
  }
}
