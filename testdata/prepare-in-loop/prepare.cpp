// riskgate-test-rules: prepare-in-loop
#include <libpq-fe.h>
#include <sqlite3.h>

#include <string>
#include <vector>

// ---- positives -------------------------------------------------------------------------

void sqlite_bad(sqlite3 *db, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM users WHERE id = ?", -1, &st, nullptr); // expect: prepare-in-loop low {{compiles the same statement on every iteration}}
    sqlite3_bind_int(st, 1, id);
    sqlite3_step(st);
    sqlite3_finalize(st);
  }
}

void prepare_v3_bad(sqlite3 *db, int n) {
  int i = 0;
  while (i++ < n) { // expect-note: {{loop here}}
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v3(db, "DELETE FROM q WHERE done", -1, 0, &st, nullptr); // expect: prepare-in-loop low
    sqlite3_step(st);
    sqlite3_finalize(st);
  }
}

void libpq_bad(PGconn *c, const std::vector<std::string> &names) {
  for (size_t i = 0; i < names.size(); ++i) { // expect-note: {{loop here}}
    PQclear(PQprepare(c, "ins", "INSERT INTO names VALUES ($1)", 1, nullptr)); // expect: prepare-in-loop low
    const char *v[1] = {names[i].c_str()};
    PQclear(PQexecPrepared(c, "ins", 1, v, nullptr, nullptr, 0));
  }
}

// ---- negatives -------------------------------------------------------------------------

// Prepared once, bound and reset inside the loop.
void prepared_once_ok(sqlite3 *db, const std::vector<int> &ids) {
  sqlite3_stmt *st = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM users WHERE id = ?", -1, &st, nullptr);
  for (int id : ids) {
    sqlite3_bind_int(st, 1, id);
    sqlite3_step(st);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
}

// A different statement every iteration (one per table): nothing to hoist.
void per_table_ok(sqlite3 *db, const std::vector<std::string> &tables) {
  for (const std::string &t : tables) {
    sqlite3_stmt *st = nullptr;
    std::string sql = "SELECT count(*) FROM " + t;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
    sqlite3_step(st);
    sqlite3_finalize(st);
  }
}

// Preparing outside any loop.
void once_ok(sqlite3 *db) {
  sqlite3_stmt *st = nullptr;
  sqlite3_prepare_v2(db, "SELECT 1", -1, &st, nullptr);
  sqlite3_finalize(st);
}

// ---- the loop around it --------------------------------------------------------------------

// Over a server, the loop context raises it like the N+1 beside it: a prepare per pass of
// nested loops is a round trip per pass.
void pg_nested(PGconn *c, const std::vector<int> &users, const std::vector<int> &days) {
  for (int u : users) {
    for (int d : days) { // expect-note: {{loop here}}
      PQclear(PQprepare(c, "get", "SELECT total FROM orders WHERE user_id = $1 AND day = $2", 2, nullptr)); // expect: prepare-in-loop medium {{compiles the same statement on every iteration}}
      (void)u;
      (void)d;
    }
  }
}

// In process, compiling costs microseconds: the same shape stays low (the N+1 beside it is
// where its cost is).
void sqlite_nested(sqlite3 *db, const std::vector<int> &users, const std::vector<int> &days) {
  for (int u : users) {
    for (int d : days) { // expect-note: {{loop here}}
      sqlite3_stmt *st = nullptr;
      sqlite3_prepare_v2(db, "SELECT total FROM orders WHERE user_id = ? AND day = ?", -1, &st, nullptr); // expect: prepare-in-loop low {{compiles the same statement on every iteration}}
      sqlite3_bind_int(st, 1, u);
      sqlite3_bind_int(st, 2, d);
      sqlite3_step(st);
      sqlite3_finalize(st);
    }
  }
}
