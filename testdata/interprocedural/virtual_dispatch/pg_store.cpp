#include "store.h"

std::string PgStore::get(int key) {
  std::string sql = "SELECT v FROM kv WHERE k = " + std::to_string(key);
  PGresult *res = PQexec(conn_, sql.c_str()); // expect-note: {{which runs PQexec here}}
  std::string v = PQgetvalue(res, 0, 0);
  PQclear(res);
  return v;
}
