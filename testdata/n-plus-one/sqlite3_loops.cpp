// n-plus-one with the SQLite C API: every loop form, positives and negatives side by side.
// riskgate-test-rules: n-plus-one
// (the other rules have testdata of their own)
#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <vector>

void for_loop_bad(sqlite3 *db, int n) {
  for (int i = 0; i < n; ++i) { // expect-note: {{loop here}}
    sqlite3_exec(db, "UPDATE t SET x = 1", nullptr, nullptr, nullptr); // expect: n-plus-one low {{'sqlite3_exec' runs a query}}
  }
}

void range_for_bad(sqlite3 *db, const std::vector<std::string> &names) {
  for (const std::string &name : names) { // expect-note: {{loop here}}
    sqlite3_exec(db, name.c_str(), nullptr, nullptr, nullptr); // expect: n-plus-one low
  }
}

void while_bad(sqlite3 *db, int n) {
  int i = 0;
  while (i < n) { // expect-note: {{loop here}}
    sqlite3_exec(db, "DELETE FROM t WHERE id = 1", nullptr, nullptr, nullptr); // expect: n-plus-one low
    ++i;
  }
}

void do_bad(sqlite3 *db, int n) {
  int i = 0;
  do { // expect-note: {{loop here}}
    sqlite3_exec(db, "INSERT INTO t VALUES (1)", nullptr, nullptr, nullptr); // expect: n-plus-one low
  } while (++i < n);
}

void for_each_bad(sqlite3 *db, const std::vector<int> &ids) {
  std::for_each(ids.begin(), ids.end(), [&](int) { // expect-note: {{loop here (std::for_each)}}
    sqlite3_exec(db, "SELECT 1", nullptr, nullptr, nullptr); // expect: n-plus-one low
  });
}

void transform_bad(sqlite3 *db, const std::vector<int> &ids, std::vector<int> &out) {
  out.resize(ids.size());
  std::transform(ids.begin(), ids.end(), out.begin(), [db](int id) { // expect-note: {{loop here (std::transform)}}
    return sqlite3_exec(db, "SELECT 2", nullptr, nullptr, nullptr) + id; // expect: n-plus-one low
  });
}

// Re-binding a prepared statement and stepping it once per id executes it once per id.
void rebind_step_bad(sqlite3 *db, const std::vector<int> &ids) {
  sqlite3_stmt *st = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM users WHERE id = ?", -1, &st, nullptr);
  for (int id : ids) { // expect-note: {{loop here}}
    sqlite3_bind_int(st, 1, id);
    sqlite3_step(st); // expect: n-plus-one low {{bound or reset again inside the loop}}
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
}

// Preparing inside the loop: every iteration compiles and runs a new statement.
void prepare_in_loop_bad(sqlite3 *db, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(db, "SELECT 1 FROM t WHERE id = ?", -1, &st, nullptr);
    sqlite3_bind_int(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW) { // expect: n-plus-one low
    }
    sqlite3_finalize(st);
  }
}

// A query per row of another query: the classic N+1, one level more severe.
void nested_cursor_bad(sqlite3 *db) {
  sqlite3_stmt *users = nullptr, *orders = nullptr;
  sqlite3_prepare_v2(db, "SELECT id FROM users", -1, &users, nullptr);
  sqlite3_prepare_v2(db, "SELECT total FROM orders WHERE user_id = ?", -1, &orders, nullptr);
  while (sqlite3_step(users) == SQLITE_ROW) { // expect-note: {{loop here, over the rows of another query}}
    sqlite3_bind_int(orders, 1, sqlite3_column_int(users, 0));
    while (sqlite3_step(orders) == SQLITE_ROW) { // expect: n-plus-one high
    }
    sqlite3_reset(orders);
  }
  sqlite3_finalize(users);
  sqlite3_finalize(orders);
}

void exec_per_row_bad(sqlite3 *db, sqlite3_stmt *users) {
  while (sqlite3_step(users) == SQLITE_ROW) { // expect-note: {{loop here, over the rows of another query}}
    sqlite3_exec(db, "UPDATE stats SET n = n + 1", nullptr, nullptr, nullptr); // expect: n-plus-one high
  }
}

// Nested loops multiply, but in process an access over counts nothing shows to be
// table-sized stays low, a read or a write (see in_process_size.cpp): the nesting raises it
// only over a network or over rows.
void nested_loops_bad(sqlite3 *db, int rows, int cols) {
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) { // expect-note: {{loop here}}
      sqlite3_exec(db, "SELECT 3", nullptr, nullptr, nullptr); // expect: n-plus-one low
    }
  }
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) { // expect-note: {{loop here (severity low: starts at medium: an in-process call; not raised for the nesting: in process, and no loop around it is shown to be table-sized; one level down: in process, over a collection nothing shows to be table-sized (it is not the rows of a query, a member filled from them, nor input))}}
      sqlite3_exec(db, "UPDATE cells SET n = n + 1 WHERE id = 3", nullptr, nullptr, nullptr); // expect: n-plus-one low
    }
  }
}

// A small constant trip count: one level down.
void small_loop(sqlite3 *db) {
  for (int shard = 0; shard < 4; ++shard) { // expect-note: {{loop here}}
    sqlite3_exec(db, "VACUUM", nullptr, nullptr, nullptr); // expect: n-plus-one low
  }
}

// ---- negatives -------------------------------------------------------------------------

// Cursor iteration over one statement is not N+1.
int cursor_ok(sqlite3 *db) {
  sqlite3_stmt *st = nullptr;
  sqlite3_prepare_v2(db, "SELECT id FROM users", -1, &st, nullptr);
  int n = 0;
  while (sqlite3_step(st) == SQLITE_ROW)
    ++n;
  sqlite3_finalize(st);
  return n;
}

// A for loop whose condition steps the statement is a cursor too.
int cursor_for_ok(sqlite3_stmt *st) {
  int n = 0;
  for (int rc = sqlite3_step(st); rc == SQLITE_ROW; rc = sqlite3_step(st))
    n += sqlite3_column_int(st, 0);
  return n;
}

// Stepping a cursor one row per iteration of a counting loop.
int cursor_in_counting_loop_ok(sqlite3_stmt *st, int limit) {
  int n = 0;
  for (int i = 0; i < limit; ++i) {
    if (sqlite3_step(st) != SQLITE_ROW)
      break;
    ++n;
  }
  return n;
}

// A busy-retry loop around one statement runs it once when the database is free.
int busy_retry_ok(sqlite3 *db) {
  int rc;
  do {
    rc = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  } while (rc == SQLITE_BUSY);
  return rc;
}

int busy_retry_while_ok(sqlite3 *db) {
  while (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_BUSY) {
  }
  return 0;
}

int busy_retry_step_ok(sqlite3_stmt *st) {
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_BUSY) {
  }
  return rc;
}

// Reading columns of the current row and binding outside any loop are not round trips.
void bind_outside_loop_ok(sqlite3_stmt *st, const std::vector<int> &ids) {
  sqlite3_bind_int(st, 1, 42);
  for (int id : ids)
    (void)id;
  sqlite3_step(st);
}

// A function called sqlite3_exec in another namespace is not SQLite's.
namespace fake {
int sqlite3_exec(int) { return 0; }
} // namespace fake
void not_sqlite_ok(int n) {
  for (int i = 0; i < n; ++i)
    fake::sqlite3_exec(i);
}
