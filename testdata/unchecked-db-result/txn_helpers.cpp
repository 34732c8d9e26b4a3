// riskgate-test-rules: unchecked-db-result
// Transaction control sent through the project's own status helpers. A helper whose status
// riskgate reads from the prepare only tells whether the text could be prepared, and a
// transaction statement names no table: preparing it fails only on a programming error. A
// helper that reports the run itself (sqlite3_exec) reports a failed COMMIT: that one stays
// medium. A ROLLBACK is never a finding.
#include <sqlite3.h>

#include <string>
#include <vector>

static sqlite3 *handle;

bool prepared(const std::string &sql) {
  sqlite3_stmt *st = nullptr;
  if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) // expect-note: {{which tells whether sqlite3_prepare_v2 failed here}}
    return false;
  while (sqlite3_step(st) == SQLITE_ROW) {
  }
  sqlite3_finalize(st);
  return true;
}

bool executed(const char *sql) {
  if (sqlite3_exec(handle, sql, nullptr, nullptr, nullptr) != SQLITE_OK) // expect-note: {{which tells whether sqlite3_exec failed here}}
    return false;
  return true;
}

bool saveAll(const std::vector<int> &ids) {
  prepared("BEGIN"); // expect: unchecked-db-result low {{a failed BEGIN leaves each statement to commit on its own}}
  for (int id : ids)
    if (!prepared("INSERT INTO seen(id) VALUES (" + std::to_string(id) + ")")) {
      prepared("ROLLBACK");
      return false;
    }
  prepared("COMMIT"); // expect: unchecked-db-result low {{the failure it reports is the prepare's, and preparing 'COMMIT' fails only on a programming error}}
  return true;
}

void purge() {
  executed("BEGIN IMMEDIATE"); // expect: unchecked-db-result low {{a failed BEGIN}}
  if (!executed("DELETE FROM seen")) {
    executed("ROLLBACK");
    return;
  }
  executed("COMMIT"); // expect: unchecked-db-result medium {{the result of 'executed' is discarded: it reports whether 'sqlite3_exec' failed, so a failed call goes unnoticed}}
}

void dropped(const std::vector<int> &ids) {
  for (int id : ids)
    prepared("DELETE FROM seen WHERE id = " + std::to_string(id)); // expect: unchecked-db-result medium {{it reports whether 'sqlite3_prepare_v2' failed}}
}

// Through the helper too: a COMMIT before anything was written loses nothing if it fails.
bool count(const char *sql, int &n) {
  sqlite3_stmt *st = nullptr;
  if (sqlite3_prepare_v2(handle, sql, -1, &st, nullptr) != SQLITE_OK)
    return false;
  n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
  sqlite3_finalize(st);
  return true;
}

void trimIfFull() {
  executed("BEGIN"); // expect: unchecked-db-result low {{a failed BEGIN}}
  int n = 0;
  if (!count("SELECT count(*) FROM seen", n))
    return;
  if (n < 1000) {
    executed("COMMIT"); // expect: unchecked-db-result low {{nothing is written between the BEGIN at line 66 and this COMMIT}}
    return;
  }
  if (!executed("DELETE FROM seen WHERE id IN (SELECT id FROM seen ORDER BY id LIMIT 100)"))
    return;
  executed("COMMIT"); // expect: unchecked-db-result medium {{it reports whether 'sqlite3_exec' failed}}
}
