import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from '../entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

const DEFAULT_POOL_SIZE = 10;

/** The one definition of the database connection, used by Nest, the CLIs and the tests. */
export function dataSourceOptions(url: string, poolSize: number = DEFAULT_POOL_SIZE): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: ['error'],
    // A database that does not answer fails a request after 5 s (503) instead of holding it forever.
    // `poolSize` is DATABASE_POOL_SIZE (README "Database connections").
    extra: { max: poolSize, connectionTimeoutMillis: 5000 },
  };
}

export function createDataSource(url: string): DataSource {
  return new DataSource(dataSourceOptions(url));
}
