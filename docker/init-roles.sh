#!/bin/sh
# Runs once, when the postgres container creates its cluster: the two roles of
# the least-privilege split (README, "Databaseroller"). The superuser is used
# for nothing else.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v migrator_password="$MIGRATOR_PASSWORD" -v app_password="$APP_PASSWORD" <<'SQL'
CREATE ROLE kvalitetsloop_migrator LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'migrator_password';
CREATE ROLE kvalitetsloop_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
CREATE DATABASE kvalitetsloop OWNER kvalitetsloop_migrator;
REVOKE ALL ON DATABASE kvalitetsloop FROM PUBLIC;
GRANT CONNECT ON DATABASE kvalitetsloop TO kvalitetsloop_app;
SQL
