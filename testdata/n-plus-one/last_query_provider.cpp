// riskgate-test-rules: n-plus-one
// A data provider that keeps its last result set and re-runs a query only when the caller
// asks again or sends another text, clearing the result set first: every id of a loop is
// another text, so the query runs on every iteration. Clearing a member before the query
// buffers nothing; a helper that fills a buffer and flushes it when the buffer is full does.
#include <libpq-fe.h>

#include <string>
#include <vector>

class PgProvider {
public:
  const std::vector<std::string> &execSql(const std::string &sql, bool refresh = false) {
    if (refresh || sql != lastSql_) {
      rows_.clear();
      PGresult *r = PQexec(conn_, sql.c_str()); // expect-note: {{which runs PQexec here}}
      for (int i = 0; r && i < PQntuples(r); ++i)
        rows_.push_back(PQgetvalue(r, i, 0));
      PQclear(r);
    }
    return rows_;
  }

private:
  PGconn *conn_ = nullptr;
  std::string lastSql_;
  std::vector<std::string> rows_;
};

void loadCharacters_bad(PgProvider &db, const std::vector<int> &ids) {
  for (int id : ids) // expect-note: {{loop here}}
    db.execSql("SELECT name FROM characters WHERE id = " + std::to_string(id)); // expect: n-plus-one high {{call to 'PgProvider::execSql' runs a query (PQexec, network round trip)}}
  // expect-note@-1: {{calls PgProvider::execSql}}
}

// A buffer filled row by row and sent when full: the rows go together.
class RowBuffer {
public:
  void add(const std::string &row, bool force) {
    rows_.push_back(row);
    if (force || rows_.size() >= 500)
      flush();
  }

private:
  void flush() {
    std::string sql = "INSERT INTO log(line) VALUES ";
    for (const std::string &r : rows_)
      sql += "('" + r + "'),";
    PQclear(PQexec(conn_, sql.c_str()));
    rows_.clear();
  }
  PGconn *conn_ = nullptr;
  std::vector<std::string> rows_;
};

void importLines(RowBuffer &buf, const std::vector<std::string> &lines) {
  for (const std::string &l : lines)
    buf.add(l, false);
}
