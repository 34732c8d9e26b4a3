// riskgate-test-rules: n-plus-one
// Range-for elements that are collections or hold them: a row of a result kept as a vector
// of strings, or an object whose member list the body walks, is one item; the queries in
// the body run once per item. Only an element the body walks itself is a batch.
#include <sqlite3.h>

#include <string>
#include <vector>

struct Channel {
  int id = 0;
  std::vector<int> groups;
};

static void loadGroup(sqlite3 *db, int group) {
  (void)group;
  sqlite3_exec(db, "SELECT name FROM groups WHERE id = 1", nullptr, nullptr, nullptr); // expect-note: {{which runs sqlite3_exec here}}
}

void loadChannels_bad(sqlite3 *db, const std::vector<Channel *> &channels) {
  for (Channel *c : channels) { // expect-note: {{loop here}}
    sqlite3_exec(db, "SELECT topic FROM channels WHERE id = 1", nullptr, nullptr, nullptr); // expect: n-plus-one low {{on every iteration of a loop}}
    for (int g : c->groups) // expect-note: {{loop here}}
      loadGroup(db, g); // expect: n-plus-one low {{call to 'loadGroup'}}
    // expect-note@-1: {{calls loadGroup}}
  }
}

void perResultRow_bad(sqlite3 *db, const std::vector<std::vector<std::string>> &rows) {
  for (const std::vector<std::string> &row : rows) { // expect-note: {{loop here}}
    std::string sql = "DELETE FROM meters WHERE device = '" + row[0] + "'";
    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: n-plus-one low {{on every iteration of a loop}}
  }
}

void perChunk_ok(sqlite3 *db, const std::vector<std::vector<int>> &chunks) {
  for (const std::vector<int> &chunk : chunks) {
    std::string sql = "DELETE FROM meters WHERE id IN (0";
    for (int id : chunk)
      sql += "," + std::to_string(id);
    sqlite3_exec(db, (sql + ")").c_str(), nullptr, nullptr, nullptr);
  }
}
