// riskgate-test-rules: uncached-hot-path
// Every access kind that runs a statement counts on a hot path: sqlite's prepare/step runs
// in the process (medium), over the network it is high. A cache by behaviour (a member map
// looked up first and filled after the query) and a request object handed in read-only
// (its members vary per request) are no findings.
#include <riskgate/annotations.h>
#include <sqlite3.h>

#include <string>
#include <unordered_map>

struct Request {
  std::string user;
  std::string path() const { return user; }
};

class Settings {
public:
  RISKGATE_HOT std::string theme() { // expect-note: {{hot entry point}}
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(db, "SELECT value FROM settings WHERE key = 'theme'", -1, &st, nullptr);
    std::string v;
    if (sqlite3_step(st) == SQLITE_ROW) // expect: uncached-hot-path medium {{hot entry point 'Settings::theme' runs 'sqlite3_step' with the same inputs on every request}}
      v = reinterpret_cast<const char *>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
  }

  RISKGATE_HOT std::string themeCached() {
    auto it = memo_.find("theme");
    if (it != memo_.end())
      return it->second;
    std::string v = load("theme");
    memo_.emplace("theme", v);
    return v;
  }

  RISKGATE_HOT std::string forRequest(const Request &req) {
    return load(req.path());
  }

  std::string load(const std::string &key) {
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(db, "SELECT value FROM settings WHERE key = ?", -1, &st, nullptr);
    sqlite3_bind_text(st, 1, key.c_str(), -1, SQLITE_TRANSIENT);
    std::string v;
    if (sqlite3_step(st) == SQLITE_ROW)
      v = reinterpret_cast<const char *>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
  }

  sqlite3 *db = nullptr;

private:
  std::unordered_map<std::string, std::string> memo_;
};
