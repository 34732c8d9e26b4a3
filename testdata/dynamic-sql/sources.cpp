// riskgate-test-rules: dynamic-sql
// Field shape: dynamic-sql is about where the text comes from. Table and column names that
// every caller passes as constants are not injection; text from an entry point's parameter
// is, however many helpers it passes through; text riskgate cannot trace is "unknown" (low).
#include <sqlite3.h>

#include <string>

namespace {
const char *const kAuditTable = "audit_log";
}

// A helper that splices a table name in: its callers decide.
static int countRows(sqlite3 *db, const std::string &table) {
  std::string sql = "SELECT count(*) FROM " + table;
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect-note: {{where it goes into the SQL sqlite3_exec runs}}
}

// Every caller passes a constant: nothing to report.
int countUsers_ok(sqlite3 *db) { return countRows(db, "users"); }
int countAudit_ok(sqlite3 *db) { return countRows(db, kAuditTable); }

// Two levels up, an entry point hands its own parameter down: injection, reported at the
// helper's statement with the path from the entry point.
static int purgeFor(sqlite3 *db, const std::string &name) {
  return countRows(db, name); // expect-note: {{passes the SQL to countRows}}
}
int reportFor(sqlite3 *db, const std::string &who) {
  return purgeFor(db, who); // expect: dynamic-sql high {{parameter 'who' of 'reportFor', which nothing in the scanned code calls}}
  // expect-note@-1: {{passes the SQL to purgeFor}}
}

// A member: riskgate cannot see what is stored there, so it says so, at low.
struct Exporter {
  sqlite3 *db;
  std::string target;
  void dump() {
    std::string sql = "SELECT * FROM " + target;
    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql low {{from member 'target', which riskgate cannot trace to a source}}
  }
};

// Numbers formatted in: low at most, wherever they come from.
static void touch(sqlite3 *db, int id) {
  std::string sql = "UPDATE jobs SET seen = 1 WHERE id = " + std::to_string(id);
  sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql low {{numbers formatted into it}}
}
void touchAll(sqlite3 *db) {
  for (int i = 0; i < 3; ++i)
    touch(db, i);
}

// A library's query function: the SQL is its parameter, whole. What runs is its callers'
// business; with no caller in sight it is said, at low, not called injection.
int runStatement(sqlite3 *db, const std::string &statement) {
  return sqlite3_exec(db, statement.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql low {{runs SQL text that parameter 'statement' of 'runStatement' hands on whole}}
}

// A suppression at the statement covers every path that reaches it.
static int runReviewed(sqlite3 *db, const std::string &table) {
  std::string sql = "DELETE FROM " + table;
  // riskgate-ignore(dynamic-sql): only ever called with names from the admin allow-list
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
}
int purgeTable(sqlite3 *db, const std::string &table) { return runReviewed(db, table); }

// A table's name kept as a class constant, redeclared out of line (C++11 style): the
// expression names the redeclaration, the text is on the one in the class. Constant.
struct ChannelStore {
  static constexpr const char *NAME = "channels";
  sqlite3 *db;
  int clear_ok();
};
constexpr const char *ChannelStore::NAME;
int ChannelStore::clear_ok() {
  std::string sql = std::string("DELETE FROM \"") + NAME + "\"";
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
}
