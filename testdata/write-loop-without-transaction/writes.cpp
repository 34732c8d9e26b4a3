// riskgate-test-rules: write-loop-without-transaction
#include <libpq-fe.h>
#include <sqlite3.h>

#include <string>
#include <vector>

// ---- positives -------------------------------------------------------------------------

void insert_rows_bad(sqlite3 *db, const std::vector<int> &ids) {
  sqlite3_stmt *st = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO seen(id) VALUES (?)", -1, &st, nullptr);
  for (int id : ids) { // expect-note: {{loop here}}
    sqlite3_bind_int(st, 1, id);
    sqlite3_step(st); // expect: write-loop-without-transaction low {{writes rows (INSERT)}}
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
}

void update_each_bad(PGconn *c, const std::vector<std::string> &ids) {
  for (const std::string &id : ids) { // expect-note: {{loop here}}
    const char *v[1] = {id.c_str()};
    PQclear(PQexecParams(c, "UPDATE users SET seen = now() WHERE id = $1", 1, nullptr, v, nullptr, nullptr, 0)); // expect: write-loop-without-transaction high {{(UPDATE)}}
  }
}

// Through a helper: the write is one call away.
void deleteSession(PGconn *c, const std::string &id) {
  const char *v[1] = {id.c_str()};
  PQclear(PQexecParams(c, "DELETE FROM sessions WHERE id = $1", 1, nullptr, v, nullptr, nullptr, 0)); // expect-note: {{which runs PQexecParams here}}
}
void expire_all_bad(PGconn *c, const std::vector<std::string> &ids) {
  for (const std::string &id : ids) // expect-note: {{loop here}}
    deleteSession(c, id); // expect: write-loop-without-transaction high {{call to 'deleteSession' writes rows (DELETE)}}
    // expect-note@-1: {{calls deleteSession}}
}

// A transaction per row: one commit per iteration.
void commit_per_row_bad(sqlite3 *db, const std::vector<std::string> &sql) {
  for (const std::string &s : sql) { // expect-note: {{loop here}}
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr); // expect: write-loop-without-transaction high {{opened and committed on every iteration}}
    sqlite3_exec(db, s.c_str(), nullptr, nullptr, nullptr);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
}

// ---- negatives -------------------------------------------------------------------------

// A transaction opened around the loop.
void insert_in_transaction_ok(sqlite3 *db, const std::vector<int> &ids) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_stmt *st = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO seen(id) VALUES (?)", -1, &st, nullptr);
  for (int id : ids) {
    sqlite3_bind_int(st, 1, id);
    sqlite3_step(st);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// A transaction opened by the caller: the loop runs inside it.
void touchAll(PGconn *c, const std::vector<std::string> &ids) {
  for (const std::string &id : ids) {
    const char *v[1] = {id.c_str()};
    PQclear(PQexecParams(c, "UPDATE users SET seen = now() WHERE id = $1", 1, nullptr, v, nullptr, nullptr, 0));
  }
}
void touch_in_caller_transaction_ok(PGconn *c, const std::vector<std::string> &ids) {
  PQclear(PQexec(c, "BEGIN"));
  touchAll(c, ids);
  PQclear(PQexec(c, "COMMIT"));
}

// Reads in a loop are not this rule's business.
void reads_ok(PGconn *c, const std::vector<std::string> &ids) {
  for (const std::string &id : ids) {
    const char *v[1] = {id.c_str()};
    PQclear(PQexecParams(c, "SELECT * FROM users WHERE id = $1", 1, nullptr, v, nullptr, nullptr, 0));
  }
}

// Deliberate chunking: one multi-row INSERT per batch of 500.
void chunked_ok(sqlite3 *db, const std::vector<std::vector<int>> &batches) {
  sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  for (const std::vector<int> &batch : batches) {
    std::string sql = "INSERT INTO seen(id) VALUES ";
    for (int id : batch)
      sql += "(" + std::to_string(id) + "),";
    sql.pop_back();
    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  }
}

// A batching helper buffers rows and writes them only when a batch is full.
class Batcher {
public:
  explicit Batcher(sqlite3 *db) : db_(db) {}
  void add(int id) {
    pending_.push_back(id);
    if (pending_.size() >= 500)
      flush();
  }
  void flush() {
    sqlite3_exec(db_, "INSERT INTO seen(id) SELECT value FROM carray(?)", nullptr, nullptr, nullptr);
    pending_.clear();
  }

private:
  sqlite3 *db_;
  std::vector<int> pending_;
};
void batched_ok(Batcher &b, const std::vector<int> &ids) {
  for (int id : ids)
    b.add(id);
}

// ---- the rows of a query that returns at most one row ------------------------------------

// The event that owns one rule: a lookup by its LIMIT 1, so the UPDATE runs at most once.
void disableOwningEvent_ok(PGconn *conn, const char *ruleId) {
  const char *params[1] = {ruleId};
  PGresult *res = PQexecParams(conn, "SELECT event_id FROM rules WHERE id = $1 LIMIT 1", 1,
                               nullptr, params, nullptr, nullptr, 0);
  for (int i = 0; i < PQntuples(res); ++i) {
    const char *owner[1] = {PQgetvalue(res, i, 0)};
    PQclear(PQexecParams(conn, "UPDATE events SET status = 2 WHERE id = $1", 1, nullptr, owner,
                         nullptr, nullptr, 0));
  }
  PQclear(res);
}

// Without the LIMIT the same lookup may return every event's rule.
void disableEventsOfRule_bad(PGconn *conn, const char *name) {
  const char *params[1] = {name};
  PGresult *res = PQexecParams(conn, "SELECT event_id FROM rules WHERE name = $1", 1, nullptr,
                               params, nullptr, nullptr, 0);
  for (int i = 0; i < PQntuples(res); ++i) { // expect-note: {{loop here, over the rows of another query}}
    const char *owner[1] = {PQgetvalue(res, i, 0)};
    PQclear(PQexecParams(conn, "UPDATE events SET status = 2 WHERE id = $1", 1, nullptr, owner, // expect: write-loop-without-transaction critical {{writes rows (UPDATE)}}
                         nullptr, nullptr, 0));
  }
  PQclear(res);
}

// ---- one of several constant texts ---------------------------------------------------------

// Either arm writes a row: a write, whichever the flag picks.
void tag_each_bad(PGconn *conn, const std::vector<std::string> &names, bool fresh) {
  for (const std::string &n : names) { // expect-note: {{loop here}}
    const char *params[1] = {n.c_str()};
    PQclear(PQexecParams(conn, // expect: write-loop-without-transaction high {{writes rows (INSERT or UPDATE)}}
                         fresh ? "INSERT INTO tags(name) VALUES ($1)"
                               : "UPDATE tags SET seen = now() WHERE name = $1",
                         1, nullptr, params, nullptr, nullptr, 0));
  }
}

// Both arms read: nothing is written per iteration.
void find_each_ok(PGconn *conn, const std::vector<std::string> &names, bool archived) {
  for (const std::string &n : names) {
    const char *params[1] = {n.c_str()};
    PQclear(PQexecParams(conn,
                         archived ? "SELECT id FROM old_tags WHERE name = $1"
                                  : "SELECT id FROM tags WHERE name = $1",
                         1, nullptr, params, nullptr, nullptr, 0));
  }
}
