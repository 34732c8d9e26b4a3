// riskgate-test-rules: dynamic-sql
// A wrapper that hands its SQL parameter to the C API through a conversion (`.c_str()`,
// `.data()`, a std::string made from it) passes it on unchanged: the SQL is judged where the
// callers build it, never at the wrapper. Field shape: a project's query helper taking a
// std::string and calling sqlite3_prepare_v2(db, sql.c_str(), ...).
#include <sqlite3.h>

#include <string>

class Helper {
public:
  int run(const std::string &sql) {
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
      return -1;
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc;
  }
  int exec(const std::string &sql) {
    return sqlite3_exec(db_, std::string(sql).data(), nullptr, nullptr, nullptr);
  }

private:
  sqlite3 *db_ = nullptr;
};

int constantsAreFine(Helper &h) {
  return h.run("DELETE FROM sessions WHERE expired = 1") + h.exec("VACUUM");
}

int fromARequest_bad(Helper &h, const std::string &user) {
  return h.run("SELECT id FROM users WHERE name = '" + user + "'"); // expect: dynamic-sql high {{parameter 'user'}}
  // expect-note@-1: {{passes the SQL to Helper::run}}
  // expect-note@-21: {{which runs sqlite3_prepare_v2 with it here}}
}
