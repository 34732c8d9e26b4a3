// riskgate-test-rules: unchecked-db-result
#include <libpq-fe.h>
#include <sqlite3.h>

// ---- positives -------------------------------------------------------------------------

void exec_bad(sqlite3 *db) {
  sqlite3_exec(db, "DELETE FROM cache", nullptr, nullptr, nullptr); // expect: unchecked-db-result medium {{the result of 'sqlite3_exec' is discarded: it reports failure through a return code}}
}

void step_bad(sqlite3_stmt *st) {
  sqlite3_step(st); // expect: unchecked-db-result medium {{a failed step goes unnoticed}}
}

void cleared_bad(PGconn *c) {
  PQclear(PQexec(c, "UPDATE jobs SET done = true")); // expect: unchecked-db-result medium {{through the result's status}}
}

void read_low(sqlite3 *db) {
  sqlite3_exec(db, "SELECT count(*) FROM cache", nullptr, nullptr, nullptr); // expect: unchecked-db-result low {{(a read: it would show as missing rows)}}
}

void ddl_is_not_a_read_bad(sqlite3 *db) {
  sqlite3_exec(db, "CREATE INDEX ix_jobs ON jobs(owner)", nullptr, nullptr, nullptr); // expect: unchecked-db-result medium
  sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr); // expect: unchecked-db-result low {{(a connection setting: if it fails the connection keeps its default)}}
  sqlite3_exec(db, "WITH old AS (SELECT id FROM jobs) DELETE FROM jobs WHERE id IN old", nullptr, nullptr, nullptr); // expect: unchecked-db-result medium
}

void prepare_bad(sqlite3 *db, sqlite3_stmt **st) {
  if (db)
    sqlite3_prepare_v2(db, "DELETE FROM jobs WHERE id = ?", -1, st, nullptr); // expect: unchecked-db-result medium
}

// A prepared SELECT that fails shows as missing rows wherever it is used: low.
void prepareRead_low(sqlite3 *db, sqlite3_stmt **st) {
  sqlite3_prepare_v2(db, "SELECT 1", -1, st, nullptr); // expect: unchecked-db-result low {{(a read: it would show as missing rows)}}
}

// ---- negatives -------------------------------------------------------------------------

int checked_ok(sqlite3 *db) {
  int rc = sqlite3_exec(db, "DELETE FROM cache", nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? 0 : 1;
}

bool status_ok(PGconn *c) {
  PGresult *r = PQexec(c, "UPDATE jobs SET done = true");
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return ok;
}

void in_condition_ok(sqlite3_stmt *st) {
  while (sqlite3_step(st) == SQLITE_ROW) {
  }
}

// Deliberately ignored, said with a cast.
void ignored_ok(sqlite3 *db) { (void)sqlite3_exec(db, "PRAGMA optimize", nullptr, nullptr, nullptr); }

// Binding fails only on programming errors: not reported.
void bind_ok(sqlite3_stmt *st) { sqlite3_bind_int(st, 1, 2); }

// Transaction control: a failed BEGIN or RELEASE loses no data (low); a ROLLBACK stands on an
// abort path and is no finding; a failed COMMIT loses every write of the transaction (medium;
// low when nothing was written since the BEGIN: testdata/unchecked-db-result/qt_empty_commit).
void transaction_control(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr); // expect: unchecked-db-result low {{(a failed BEGIN leaves each statement to commit on its own)}}
  sqlite3_exec(db, "SAVEPOINT s1", nullptr, nullptr, nullptr); // expect: unchecked-db-result low {{a failed BEGIN}}
  sqlite3_exec(db, "INSERT INTO t VALUES (1)", nullptr, nullptr, nullptr); // expect: unchecked-db-result medium {{'sqlite3_exec' is discarded}}
  sqlite3_exec(db, "RELEASE s1", nullptr, nullptr, nullptr); // expect: unchecked-db-result low {{a failed ROLLBACK}}
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr); // an abort: no finding
  sqlite3_exec(db, "ROLLBACK TO s1", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr); // expect: unchecked-db-result medium {{'sqlite3_exec' is discarded}}
  sqlite3_exec(db, "END TRANSACTION", nullptr, nullptr, nullptr); // expect: unchecked-db-result medium {{'sqlite3_exec' is discarded}}
}

// Schema statements: a failed DROP or ADD COLUMN loses no data (low; ADD COLUMN is expected
// to fail on every start after the first where the engine has no ADD COLUMN IF NOT EXISTS).
// A failed CREATE TABLE of an empty table leaves the schema as it was (most often the table
// is there already; what needs it fails where it runs): low. A failed CREATE INDEX leaves
// queries scanning the table, a failed ADD CONSTRAINT leaves the data unguarded, a CREATE
// TABLE ... AS SELECT copies rows: medium.
void schema_statements(sqlite3 *db) {
  sqlite3_exec(db, "DROP INDEX ix_old_owner", nullptr, nullptr, nullptr); // expect: unchecked-db-result low {{(a failed DROP loses no data: the object stays as it was)}}
  sqlite3_exec(db, "drop table if exists scratch", nullptr, nullptr, nullptr); // expect: unchecked-db-result low {{a failed DROP}}
  sqlite3_exec(db, "ALTER TABLE jobs ADD COLUMN retries INTEGER DEFAULT 0", nullptr, nullptr, nullptr); // expect: unchecked-db-result low {{(a failed ADD COLUMN leaves the table as it was}}
  sqlite3_exec(db, "alter table jobs\n  add priority INTEGER", nullptr, nullptr, nullptr); // expect: unchecked-db-result low {{a failed ADD COLUMN}}
  sqlite3_exec(db, "ALTER TABLE jobs RENAME TO jobs_v1", nullptr, nullptr, nullptr); // expect: unchecked-db-result medium {{'sqlite3_exec' is discarded}}
  sqlite3_exec(db, "ALTER TABLE jobs ADD CONSTRAINT owner_fk FOREIGN KEY (owner) REFERENCES users(id)", nullptr, nullptr, nullptr); // expect: unchecked-db-result medium
  sqlite3_exec(db, "CREATE TABLE jobs_copy AS SELECT * FROM jobs", nullptr, nullptr, nullptr); // expect: unchecked-db-result medium
  sqlite3_exec(db, "create temp table recent as\n(select * from jobs)", nullptr, nullptr, nullptr); // expect: unchecked-db-result medium
  sqlite3_exec(db, "CREATE TABLE owners (id INTEGER PRIMARY KEY, name TEXT, score INTEGER GENERATED ALWAYS AS (id * 2))", nullptr, nullptr, nullptr); // expect: unchecked-db-result low {{(a failed CREATE TABLE leaves the schema as it was}}
  sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS tags(name TEXT, asset TEXT)", nullptr, nullptr, nullptr); // expect: unchecked-db-result low {{a failed CREATE TABLE}}
  sqlite3_exec(db, "CREATE INDEX ix_tags_name ON tags(name)", nullptr, nullptr, nullptr); // expect: unchecked-db-result medium
  sqlite3_exec(db, "CREATE TRIGGER jobs_gone AFTER DELETE ON jobs BEGIN DELETE FROM tags WHERE asset = old.id; END", nullptr, nullptr, nullptr); // expect: unchecked-db-result medium
  sqlite3_exec(db, "ALTER TABLE jobs ADD INDEX ix_owner (owner)", nullptr, nullptr, nullptr); // expect: unchecked-db-result medium
  sqlite3_exec(db, "ALTER TABLE jobs ADD UNIQUE (owner, name)", nullptr, nullptr, nullptr); // expect: unchecked-db-result medium
}

// A schema set up from a list of CREATE TABLE statements, each run with its result dropped.
// Each failure is as harmless as one above: the statement is one element of a constant
// array of literals, and every element creates an empty table.
static const char *const kSchema[] = {"CREATE TABLE peers (realm TEXT, ip TEXT, PRIMARY KEY (realm, ip))",
                                      "CREATE TABLE secrets (realm TEXT, value TEXT)", nullptr};

void create_schema(sqlite3 *db) {
  for (int i = 0; kSchema[i] != nullptr; ++i) {
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v2(db, kSchema[i], -1, &st, nullptr) == SQLITE_OK)
      sqlite3_step(st); // expect: unchecked-db-result low {{a failed CREATE TABLE leaves the schema as it was}}
    sqlite3_finalize(st);
  }
}

void create_schema_each(sqlite3 *db) {
  for (const char *text : kSchema) {
    if (!text)
      break;
    sqlite3_exec(db, text, nullptr, nullptr, nullptr); // expect: unchecked-db-result low {{a failed CREATE TABLE leaves the schema as it was}}
  }
}

// A loop variable set again in the body is no longer the array's element.
void create_schema_or_fallback(sqlite3 *db, bool legacy) {
  for (const char *text : kSchema) {
    if (legacy)
      text = "CREATE TABLE legacy AS SELECT * FROM peers";
    sqlite3_exec(db, text, nullptr, nullptr, nullptr); // expect: unchecked-db-result medium {{the result of 'sqlite3_exec' is discarded}}
  }
}

// One element builds an index over existing rows: the elements do not agree, so the text
// is unknown and the discarded step stays medium.
static const char *const kMixedSchema[] = {"CREATE TABLE peers (realm TEXT, ip TEXT)",
                                           "CREATE INDEX peers_ip ON peers(ip)"};

void create_mixed_schema(sqlite3 *db) {
  for (const char *text : kMixedSchema) {
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v2(db, text, -1, &st, nullptr) == SQLITE_OK)
      sqlite3_step(st); // expect: unchecked-db-result medium {{the result of 'sqlite3_step' is discarded}}
    sqlite3_finalize(st);
  }
  for (int i = 0; i < 2; ++i) {
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v2(db, kMixedSchema[i], -1, &st, nullptr) == SQLITE_OK)
      sqlite3_step(st); // expect: unchecked-db-result medium {{the result of 'sqlite3_step' is discarded}}
    sqlite3_finalize(st);
  }
}

// A local array of this function, set only by its initializer, is as constant.
void create_local_schema(sqlite3 *db) {
  const char *statements[] = {"CREATE TABLE users (name TEXT)", "CREATE TABLE keys (value TEXT)", NULL};
  for (int i = 0; statements[i] != NULL; ++i) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare(db, statements[i], -1, &st, 0) == SQLITE_OK)
      sqlite3_step(st); // expect: unchecked-db-result low {{a failed CREATE TABLE leaves the schema as it was}}
    sqlite3_finalize(st);
  }
}

// One element is replaced before the loop: the array is no longer its initializer alone.
void create_local_schema_patched(sqlite3 *db, bool copy) {
  const char *statements[] = {"CREATE TABLE users (name TEXT)", "CREATE TABLE keys (value TEXT)"};
  if (copy)
    statements[1] = "CREATE TABLE keys AS SELECT * FROM old_keys";
  for (int i = 0; i < 2; ++i) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare(db, statements[i], -1, &st, 0) == SQLITE_OK)
      sqlite3_step(st); // expect: unchecked-db-result medium {{the result of 'sqlite3_step' is discarded}}
    sqlite3_finalize(st);
  }
}

// An array the program may write is no constant: its elements are not read.
static const char *gSchema[] = {"CREATE TABLE a (x INT)", "CREATE TABLE b (y INT)"};

void create_writable_schema(sqlite3 *db, int i) {
  sqlite3_stmt *st = nullptr;
  if (sqlite3_prepare_v2(db, gSchema[i], -1, &st, nullptr) == SQLITE_OK)
    sqlite3_step(st); // expect: unchecked-db-result medium {{the result of 'sqlite3_step' is discarded}}
  sqlite3_finalize(st);
}

// Both arms of a conditional create an empty table: as harmless as either.
void create_log_table(sqlite3 *db, bool temporary) {
  sqlite3_exec(db, // expect: unchecked-db-result low {{a failed CREATE TABLE leaves the schema as it was}}
               temporary ? "CREATE TEMP TABLE log (line TEXT)" : "CREATE TABLE log (line TEXT)",
               nullptr, nullptr, nullptr);
}

// One arm fills the table from a query: that one can lose data.
void create_or_copy_log(sqlite3 *db, bool copy) {
  sqlite3_exec(db, // expect: unchecked-db-result medium {{the result of 'sqlite3_exec' is discarded}}
               copy ? "CREATE TABLE log AS SELECT * FROM old_log" : "CREATE TABLE log (line TEXT)",
               nullptr, nullptr, nullptr);
}
