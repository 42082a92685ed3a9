import { createDataSource } from './data-source';

/**
 * The DataSource for the TypeORM CLI. Run it through `npm run migration:*`,
 * which resolves the database (DATABASE_URL or the embedded server) first.
 */
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL mangler; brug npm run migration:run / migration:revert / migration:generate');
  process.exit(1);
}
export default createDataSource(url);
