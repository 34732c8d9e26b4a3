// riskgate-test-rules: missing-index, unbounded-query, sql-schema-mismatch
#include <libpq-fe.h>
#include <sqlite3.h>

#include <string>
#include <vector>

// ---- missing-index ---------------------------------------------------------------------

int orders_of_user_bad(sqlite3 *db) {
  return sqlite3_exec(db, "SELECT * FROM orders WHERE user_id = 7", nullptr, nullptr, nullptr); // expect: missing-index medium {{CREATE INDEX orders_user_id_idx ON orders(user_id)}}
  // expect-note@-1: {{plan: SCAN orders}}
}

// Each text a conditional may run is planned: the arm that filters on an unindexed column
// is reported, the arm that looks up the primary key is not.
int orders_by_either_bad(sqlite3 *db, bool byUser) {
  return sqlite3_exec(db, byUser ? "SELECT * FROM orders WHERE user_id = 7" : "SELECT * FROM orders WHERE id = 7", nullptr, nullptr, nullptr); // expect: missing-index medium {{CREATE INDEX orders_user_id_idx ON orders(user_id)}}
  // expect-note@-1: {{plan: SCAN orders}}
}

// A composite index without the leading column does not serve `kind = ?`.
int events_by_kind_bad(sqlite3 *db) {
  return sqlite3_exec(db, "SELECT * FROM events WHERE kind = 'login'", nullptr, nullptr, nullptr); // expect: missing-index medium {{ON events(kind)}}
  // expect-note@-1: {{plan: SCAN events}}
}

// ORDER BY with no index: a temporary B-tree per run.
int newest_users_bad(sqlite3 *db) {
  return sqlite3_exec(db, "SELECT id FROM users ORDER BY created_at LIMIT 20", nullptr, nullptr, nullptr); // expect: missing-index medium {{temporary B-tree for ORDER BY created_at}}
  // expect-note@-1: {{plan: SCAN users; USE TEMP B-TREE FOR ORDER BY}}
}

// A JOIN whose inner side is scanned.
int user_totals_bad(sqlite3 *db) {
  return sqlite3_exec(db, "SELECT u.name, o.total FROM users u JOIN orders o ON o.user_id = u.id WHERE u.email = 'a@b'", nullptr, nullptr, nullptr); // expect: missing-index medium {{ON orders(user_id)}}
  // expect-note@-1: {{plan: SCAN o; SEARCH u USING INTEGER PRIMARY KEY (rowid=?)}}
}

// PostgreSQL's $1, in a loop: one scan per iteration.
void totals_per_status_bad(PGconn *c, const std::vector<std::string> &statuses) {
  for (const std::string &s : statuses) { // expect-note: {{loop here: once per iteration}}
    const char *v[1] = {s.c_str()};
    PGresult *r = PQexecParams(c, "SELECT sum(total) FROM orders WHERE status = $1::text", 1, nullptr, v, nullptr, nullptr, 0); // expect: missing-index high {{ON orders(status)}}
    // expect-note@-1: {{plan: SCAN orders}}
    PQclear(r);
  }
}

// Through a wrapper: the finding is where the SQL is written.
struct Db {
  sqlite3 *db;
  int run(const char *sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr); } // expect-note: {{which runs sqlite3_exec with it here}}
  // expect-note@-1: {{plan: SCAN orders}}
};
int recent_bad(Db &d) {
  return d.run("SELECT id FROM orders WHERE created_at > 1700000000"); // expect: missing-index medium {{ON orders(created_at)}}
  // expect-note@-1: {{passes the SQL to Db::run}}
}

// SQL in a local string assigned once, in a constant, and in a raw string.
int local_string_bad(sqlite3 *db) {
  std::string sql = "SELECT id FROM orders WHERE status = 'open'";
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: missing-index medium {{ON orders(status)}}
  // expect-note@-1: {{plan: SCAN orders}}
}
static const char *const kByUser = "SELECT total FROM orders WHERE user_id = ?";
int constant_bad(sqlite3 *db, sqlite3_stmt **st) {
  return sqlite3_prepare_v2(db, kByUser, -1, st, nullptr); // expect: missing-index medium {{ON orders(user_id)}}
  // expect-note@-1: {{plan: SCAN orders}}
}
int raw_string_bad(sqlite3 *db) {
  return sqlite3_exec(db, R"sql(
    SELECT id -- the newest first
    FROM events
    WHERE at > 100)sql", nullptr, nullptr, nullptr); // expect@-3: missing-index medium {{ON events(at)}}
  // expect-note@-4: {{plan: SCAN events}}
}

int by_email_ok(sqlite3 *db) {
  return sqlite3_exec(db, "SELECT * FROM users WHERE email = 'a@b'", nullptr, nullptr, nullptr);
}

// The composite index serves its prefix, and its order.
int events_by_org_ok(sqlite3 *db) {
  return sqlite3_exec(db, "SELECT * FROM events WHERE org_id = 3 ORDER BY kind", nullptr, nullptr, nullptr);
}

int by_primary_key_ok(sqlite3 *db) {
  return sqlite3_exec(db, "SELECT name FROM users WHERE id = 1", nullptr, nullptr, nullptr);
}

// No filter: a full scan is what the query asks for.
int count_ok(sqlite3 *db) {
  return sqlite3_exec(db, "SELECT count(*) FROM orders", nullptr, nullptr, nullptr);
}

// ---- unbounded-query -------------------------------------------------------------------

int all_users_bad(sqlite3 *db) {
  sqlite3_stmt *st = nullptr;
  int rc = sqlite3_prepare_v2(db, "SELECT id, email FROM users", -1, &st, nullptr); // expect: unbounded-query medium {{SELECT with no LIMIT whose rows drive a loop}}
  int n = 0;
  while (sqlite3_step(st) == SQLITE_ROW) // expect-note: {{loop over its rows here}}
    ++n;
  sqlite3_finalize(st);
  return rc + n;
}

long org_events_bad(PGconn *c) {
  PGresult *r = PQexec(c, "SELECT at FROM events WHERE org_id = 9"); // expect: unbounded-query medium
  long sum = 0;
  for (int i = 0; i < PQntuples(r); ++i) // expect-note: {{loop over its rows here}}
    sum += std::stol(PQgetvalue(r, i, 0));
  PQclear(r);
  return sum;
}

int paged_ok(sqlite3 *db) {
  sqlite3_stmt *st = nullptr;
  int rc = sqlite3_prepare_v2(db, "SELECT id FROM users ORDER BY id LIMIT 100", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) {
  }
  sqlite3_finalize(st);
  return rc;
}

int one_user_ok(sqlite3 *db) {
  sqlite3_stmt *st = nullptr;
  int rc = sqlite3_prepare_v2(db, "SELECT email FROM users WHERE id = ?", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) {
  }
  sqlite3_finalize(st);
  return rc;
}

int aggregate_ok(sqlite3 *db) {
  sqlite3_stmt *st = nullptr;
  int rc = sqlite3_prepare_v2(db, "SELECT count(*) FROM users", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) {
  }
  sqlite3_finalize(st);
  return rc;
}

// ---- sql-schema-mismatch ---------------------------------------------------------------

int typo_bad(sqlite3 *db) {
  return sqlite3_exec(db, "SELECT emial FROM users", nullptr, nullptr, nullptr); // expect: sql-schema-mismatch high {{no such column: emial}}
}

int missing_table_bad(sqlite3 *db) {
  return sqlite3_exec(db, "UPDATE invoices SET paid = 1", nullptr, nullptr, nullptr); // expect: sql-schema-mismatch high {{no such table: invoices}}
}

int insert_ok(sqlite3 *db) {
  return sqlite3_exec(db, "INSERT INTO users(email) VALUES ('x@y')", nullptr, nullptr, nullptr);
}
