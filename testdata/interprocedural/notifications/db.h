// A project's own database wrapper: riskgate learns that it queries from its body.
// riskgate-test-rules: n-plus-one
// (the other rules have testdata of their own)
#pragma once
#include <libpq-fe.h>

#include <string>

class Database {
public:
  explicit Database(PGconn *conn) : conn_(conn) {}
  PGresult *query(const char *sql, const std::string &param);
  void log(const std::string &line);

private:
  PGconn *conn_;
};
