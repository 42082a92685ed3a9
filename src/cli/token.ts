import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { resolveDatabase } from '../database/resolve-database';
import { resolveJwtSecret } from '../modules/auth/token-keys';
import { TokenService } from '../modules/auth/token.service';
import { Client } from 'pg';
import { missingEmbeddedDatabase } from './data-dir-check';
import { runCli } from './run-cli';

/**
 * `npm run token -- <email>`: prints a bearer token for that person and
 * nothing else on stdout (for demos and operators). Uses the same DATA_DIR
 * (default ./data of the working directory, as `npm start`), JWT_SECRET and
 * database as the service; refuses, naming the directory, when DATA_DIR holds
 * no database rather than creating an empty one.
 */
runCli(async () => {
  const email = process.argv[2];
  if (!email) throw Object.assign(new Error('Brug: npm run token -- <email>'), { operatorError: true });
  const config = loadConfig();
  // Before the secret: with the embedded database, resolving it writes DATA_DIR/jwt-secret (and so the directory).
  const missing = missingEmbeddedDatabase(config);
  if (missing) throw Object.assign(new Error(missing), { operatorError: true });
  const secret = resolveJwtSecret(config);
  if (!secret || config.oidcIssuer) throw Object.assign(new Error('Tokens udstedes af OIDC-udstederen (OIDC_ISSUER), ikke af Kvalitetsloop'), { operatorError: true });
  const database = await resolveDatabase(config);
  const client = new Client({ connectionString: database.url });
  try {
    await client.connect();
    const { rows } = await client.query(`SELECT id FROM person WHERE lower(email) = lower(CAST($1 AS varchar) COLLATE dansk)`, [email]);
    if (rows.length === 0) throw Object.assign(new Error(`Ingen person med e-mailadressen ${email}`), { operatorError: true });
    process.stdout.write(`${await new TokenService({ secret }).sign(rows[0].id)}\n`);
  } finally {
    await client.end().catch(() => undefined);
    await database.stop();
  }
});
