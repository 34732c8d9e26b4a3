#pragma once
#include <libpq-fe.h>

#include <string>
#include <vector>

// Thin RAII-free wrapper around one PostgreSQL connection.
class Database {
public:
  explicit Database(PGconn *conn) : conn_(conn) {}
  PGresult *query(const char *sql, const std::vector<std::string> &params);

private:
  PGconn *conn_;
};
