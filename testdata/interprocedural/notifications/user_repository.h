#pragma once
#include "db.h"

#include <map>
#include <string>
#include <vector>

class UserRepository {
public:
  explicit UserRepository(Database &db) : db_(db) {}
  std::string findById(int id);
  std::map<int, std::string> findByIds(const std::vector<int> &ids);
  // Defined in the header: the facts come from every unit that includes it, once.
  std::string displayName(int id) { return "@" + findById(id); } // expect-note: {{calls UserRepository::findById}}

private:
  Database &db_;
};
