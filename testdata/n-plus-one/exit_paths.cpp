// riskgate-test-rules: n-plus-one, unchecked-db-result, write-loop-without-transaction
// A statement on a path that leaves the loop runs at most once: before a `return`, a
// `throw`, a `break` of that loop or a [[noreturn]] call. A `break` out of a switch, or a
// `continue`, leaves nothing. Field shape: a rollback before `return false` inside a write
// loop; an audit insert before `break`.
#include <sqlite3.h>

#include <cstdlib>
#include <stdexcept>
#include <vector>

bool rollbackThenReturn_ok(sqlite3 *db, sqlite3_stmt *ins, const std::vector<int> &ids) {
  for (int id : ids) {
    if (id < 0) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return false;
    }
    if (sqlite3_bind_int(ins, 1, id) != SQLITE_OK)
      return false;
  }
  return true;
}

int auditThenBreak_ok(sqlite3 *db, const std::vector<int> &ids) {
  int seen = 0;
  for (int id : ids) {
    if (id < 0) {
      if (sqlite3_exec(db, "INSERT INTO audit(msg) VALUES ('negative')", nullptr, nullptr,
                       nullptr) != SQLITE_OK)
        return -1;
      break;
    }
    ++seen;
  }
  return seen;
}

void logThenThrow_ok(sqlite3 *db, const std::vector<int> &ids) {
  for (int id : ids)
    if (id == 0) {
      if (sqlite3_exec(db, "INSERT INTO audit(msg) VALUES ('zero')", nullptr, nullptr, nullptr))
        std::abort();
      throw std::runtime_error("zero id");
    }
}

int returnsTheQuery_ok(sqlite3 *db, const std::vector<int> &ids) {
  for (int id : ids)
    if (id > 100)
      return sqlite3_exec(db, "DELETE FROM big", nullptr, nullptr, nullptr);
  return 0;
}

// Still per iteration: the break leaves a switch, the continue leaves nothing, and the
// inner loop's statement runs on every inner iteration before the outer loop is left.
void breakOutOfSwitch_bad(sqlite3 *db, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    switch (id) {
    case 1:
      if (sqlite3_exec(db, "DELETE FROM a WHERE id = 1", nullptr, nullptr, nullptr) != SQLITE_OK) // expect: n-plus-one low
      // expect@-1: write-loop-without-transaction low
        return;
      break;
    default:
      break;
    }
  }
}

void continueIsNotAnExit_bad(sqlite3 *db, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    if (id < 0) {
      if (sqlite3_exec(db, "DELETE FROM a WHERE id = 1", nullptr, nullptr, nullptr) != SQLITE_OK) // expect: n-plus-one low
      // expect@-1: write-loop-without-transaction low
        return;
      continue;
    }
  }
}

void innerLoopBeforeBreak_bad(sqlite3 *db, const std::vector<std::vector<int>> &groups) {
  for (const std::vector<int> &g : groups) {
    for (int id : g) // expect-note: {{loop here}}
      if (sqlite3_exec(db, "DELETE FROM a WHERE id = 1", nullptr, nullptr, nullptr) != SQLITE_OK) // expect: n-plus-one low
      // expect@-1: write-loop-without-transaction low
        return;
    break;
  }
}
