#include "user_repository.h"

#include <string>

void UserRepository::warmCache() {
  PGresult *res = db_.query("SELECT id, display_name FROM users WHERE active", {});
  for (int i = 0; i < PQntuples(res); ++i)
    names_[std::stoi(PQgetvalue(res, i, 0))] = PQgetvalue(res, i, 1);
  PQclear(res);
}

std::string UserRepository::displayName(int userId) {
  auto it = names_.find(userId);
  return it == names_.end() ? "someone" : it->second;
}
