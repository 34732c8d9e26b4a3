#pragma once
#include "db.h"

#include <string>
#include <unordered_map>
#include <vector>

class UserRepository {
public:
  explicit UserRepository(Database &db) : db_(db) {}

  // Loads every active user's display name in one query.
  void warmCache();
  // The name to show in a notification.
  std::string displayName(int userId);

private:
  Database &db_;
  std::unordered_map<int, std::string> names_;
};
