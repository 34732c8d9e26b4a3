// riskgate-test-rules: n-plus-one
// Rows written one per iteration inside a transaction: on an in-process engine (sqlite) the
// recommended bulk pattern, no finding; over a network still one round trip per row, medium.
// Reads per iteration stay N+1 wherever they are.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <string>
#include <vector>

void sqliteBulkInsert_ok(sqlite3 *db, const std::vector<int> &ids) {
  sqlite3_stmt *ins = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO seen(id) VALUES (?)", -1, &ins, nullptr);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  for (int id : ids) {
    sqlite3_bind_int(ins, 1, id);
    sqlite3_step(ins);
    sqlite3_reset(ins);
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_finalize(ins);
}

void sqliteReadsInTransaction_bad(sqlite3 *db, const std::vector<int> &ids) {
  sqlite3_stmt *sel = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM users WHERE id = ?", -1, &sel, nullptr);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  for (int id : ids) { // expect-note: {{loop here}}
    sqlite3_bind_int(sel, 1, id);
    sqlite3_step(sel); // expect: n-plus-one low {{'sqlite3_step' runs a statement execution (in-process database call)}}
    sqlite3_reset(sel);
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_finalize(sel);
}

// A statement passed in, so its SQL is not known here, run per row inside a transaction on
// sqlite: the bulk pattern if it writes, an in-process read otherwise. Low, and said.
bool insertPassed(sqlite3 *db, sqlite3_stmt *ins, const std::vector<int> &ids) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  for (int id : ids) { // expect-note: {{low: inside a transaction, in process, running SQL riskgate cannot read here (the bulk pattern if it writes)}}
    sqlite3_bind_int(ins, 1, id);
    sqlite3_step(ins); // expect: n-plus-one low
    sqlite3_reset(ins);
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return true;
}
// Without the transaction it keeps its grade: every row may be a commit.
bool insertPassedEach(sqlite3 *ins_db, sqlite3_stmt *ins, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    sqlite3_bind_int(ins, 1, id);
    sqlite3_step(ins); // expect: n-plus-one low
    sqlite3_reset(ins);
  }
  (void)ins_db;
  return true;
}

// The transaction is the caller's: every caller opens it before calling.
static void writeAll(sqlite3 *db, const std::vector<std::string> &names) {
  for (const std::string &n : names) {
    std::string sql = "INSERT INTO tags(name) VALUES ('x')";
    (void)n;
    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  }
}
void saveTags_ok(sqlite3 *db, const std::vector<std::string> &names) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  writeAll(db, names);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// The same on PostgreSQL: the transaction saves the commits, not the round trips.
void pgInsertInTransaction_medium(PGconn *c, const std::vector<std::string> &names) {
  PQclear(PQexec(c, "BEGIN"));
  for (const std::string &n : names) { // expect-note: {{loop here (severity medium: starts at high: a network round trip; at most medium: the rows are written inside a transaction)}}
    const char *v[1] = {n.c_str()};
    PQclear(PQexecParams(c, "INSERT INTO tags(name) VALUES ($1)", 1, nullptr, v, nullptr, nullptr, 0)); // expect: n-plus-one medium {{inside a transaction, but still one round trip per row: send the rows together}}
  }
  PQclear(PQexec(c, "COMMIT"));
}

// Committed before the loop: no transaction around it.
void pgInsertAfterCommit_high(PGconn *c, const std::vector<std::string> &names) {
  PQclear(PQexec(c, "BEGIN"));
  PQclear(PQexec(c, "COMMIT"));
  for (const std::string &n : names) { // expect-note: {{loop here}}
    const char *v[1] = {n.c_str()};
    PQclear(PQexecParams(c, "INSERT INTO tags(name) VALUES ($1)", 1, nullptr, v, nullptr, nullptr, 0)); // expect: n-plus-one high {{network round trip}}
  }
}
