// riskgate-test-rules: dynamic-sql
// A name only this unit can see, set once where it is declared (`static const char
// *USERS_TBL = "users";`: the pointer itself is not const), is as constant as a `const`
// one when nothing in the unit assigns it, takes its address or changes it through a
// method. One the unit writes, or one other units can see, holds what riskgate cannot trace.
#include <sqlite3.h>

#include <string>

static const char *USERS_TBL = "users";
static const char *MOVED_TBL = "moved";
namespace {
const char *LOG_TBL = "log";
std::string ARCHIVE_TBL = "archive";
std::string SPARE_TBL = "spare";
} // namespace
const char *SHARED_TBL = "shared";

void relocate(const char *to) {
  MOVED_TBL = to;
  SPARE_TBL += "_old";
}

int purgeUser(sqlite3 *db) {
  std::string sql = std::string("DELETE FROM ") + USERS_TBL + " WHERE id = 1";
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
}

int purgeLog(sqlite3 *db) {
  std::string sql = std::string("DELETE FROM ") + LOG_TBL + " WHERE id = 1";
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
}

int purgeArchive(sqlite3 *db) {
  std::string sql = "DELETE FROM " + ARCHIVE_TBL + " WHERE id = 1";
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
}

int purgeMoved(sqlite3 *db) {
  std::string sql = std::string("DELETE FROM ") + MOVED_TBL + " WHERE id = 1";
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql low {{from global 'MOVED_TBL', which riskgate cannot trace to a source}}
}

int purgeSpare(sqlite3 *db) {
  std::string sql = "DELETE FROM " + SPARE_TBL + " WHERE id = 1";
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql low {{from global 'SPARE_TBL'}}
}

int purgeShared(sqlite3 *db) {
  std::string sql = std::string("DELETE FROM ") + SHARED_TBL + " WHERE id = 1";
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql low {{from global 'SHARED_TBL'}}
}
