// riskgate-test-rules: n-plus-one
// Suppressions as clang-tidy users write them: a NOLINTBEGIN/NOLINTEND region, and a
// comment on the loop the "loop here" note points to (it covers that loop's finding).
#include <sqlite3.h>

#include <vector>

// NOLINTBEGIN(riskgate-n-plus-one): the admin tool's loops run over at most ten servers
void perServer(sqlite3 *db, const std::vector<int> &servers) {
  for (int s : servers) {
    (void)s;
    sqlite3_exec(db, "SELECT 1 FROM servers WHERE id = 1", nullptr, nullptr, nullptr);
  }
}
// NOLINTEND(riskgate-n-plus-one)

void perUser_bad(sqlite3 *db, const std::vector<int> &users) {
  for (int u : users) { // expect-note: {{loop here}}
    (void)u;
    sqlite3_exec(db, "SELECT 1 FROM users WHERE id = 1", nullptr, nullptr, nullptr); // expect: n-plus-one low
  }
}

void perShard(sqlite3 *db, const std::vector<int> &shards) {
  // riskgate-ignore(n-plus-one): one statement per shard is the design, shards are few
  for (int s : shards) {
    (void)s;
    sqlite3_exec(db, "SELECT 1 FROM shard_meta WHERE id = 1", nullptr, nullptr, nullptr);
  }
}
