#include "db.h"

PGresult *Database::query(const char *sql, const std::vector<std::string> &params) {
  std::vector<const char *> values;
  for (const std::string &p : params)
    values.push_back(p.c_str());
  return PQexecParams(conn_, sql, static_cast<int>(values.size()), nullptr, values.data(),
                      nullptr, nullptr, 0);
}
