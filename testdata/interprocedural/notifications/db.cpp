#include "db.h"

#include <cstdio>

PGresult *Database::query(const char *sql, const std::string &param) {
  const char *values[1] = {param.c_str()};
  return PQexecParams(conn_, sql, 1, nullptr, values, nullptr, nullptr, 0); // expect-note: {{which runs PQexecParams here}}
}

void Database::log(const std::string &line) { std::fputs(line.c_str(), stderr); }
