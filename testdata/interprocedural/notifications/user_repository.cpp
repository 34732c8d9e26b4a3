#include "user_repository.h"

std::string UserRepository::findById(int id) {
  PGresult *res = db_.query("SELECT name FROM users WHERE id = $1", std::to_string(id)); // expect-note: {{calls Database::query}}
  std::string name = PQgetvalue(res, 0, 0);
  PQclear(res);
  return name;
}

std::map<int, std::string> UserRepository::findByIds(const std::vector<int> &ids) {
  std::string list;
  for (int id : ids)
    list += (list.empty() ? "" : ",") + std::to_string(id);
  PGresult *res = db_.query("SELECT id, name FROM users WHERE id = ANY($1)", "{" + list + "}");
  std::map<int, std::string> out;
  for (int i = 0; i < PQntuples(res); ++i)
    out[std::stoi(PQgetvalue(res, i, 0))] = PQgetvalue(res, i, 1);
  PQclear(res);
  return out;
}
