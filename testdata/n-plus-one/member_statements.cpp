// riskgate-test-rules: n-plus-one
// A data provider that keeps its statement in a member: one method prepares it, another
// steps it to the end. Each call of the second runs a statement the first made, so a loop
// that calls both per element runs a query per element. A cursor's `next()`, one step per
// call on a statement prepared once, is the caller's cursor loop, not an execution.
#include <sqlite3.h>

#include <string>
#include <vector>

class Provider {
public:
  bool prepare(const std::string &sql) {
    rows_.clear();
    return sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt_, nullptr) == SQLITE_OK;
  }

  const std::vector<std::string> &process() {
    while (sqlite3_step(stmt_) == SQLITE_ROW) { // expect-note: {{which runs sqlite3_step here}}
      const unsigned char *t = sqlite3_column_text(stmt_, 0);
      rows_.push_back(t ? reinterpret_cast<const char *>(t) : "");
    }
    sqlite3_finalize(stmt_);
    return rows_;
  }

private:
  sqlite3 *db_ = nullptr;
  sqlite3_stmt *stmt_ = nullptr;
  std::vector<std::string> rows_;
};

class Cursor {
public:
  bool open(const char *sql) { return sqlite3_prepare_v2(db_, sql, -1, &stmt_, nullptr) == SQLITE_OK; }
  bool next() { return sqlite3_step(stmt_) == SQLITE_ROW; }
  int value() const { return sqlite3_column_int(stmt_, 0); }

private:
  sqlite3 *db_ = nullptr;
  sqlite3_stmt *stmt_ = nullptr;
};

std::vector<std::string> namesOf(Provider &p, const std::vector<int> &ids) {
  std::vector<std::string> out;
  for (int id : ids) { // expect-note: {{loop here (severity low: starts at medium: an in-process call; one level down: in process}}
    if (!p.prepare("SELECT name FROM characters WHERE id = " + std::to_string(id)))
      continue;
    const std::vector<std::string> &rows = p.process(); // expect: n-plus-one low {{call to 'Provider::process' runs a statement execution (sqlite3_step, in-process database call) on every iteration of a loop}}
    // expect-note@-1: {{calls Provider::process}}
    if (!rows.empty())
      out.push_back(rows.front());
  }
  return out;
}

int total_ok(Cursor &c) {
  int sum = 0;
  if (!c.open("SELECT amount FROM payments"))
    return 0;
  while (c.next())
    sum += c.value();
  return sum;
}
