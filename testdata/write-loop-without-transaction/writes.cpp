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
