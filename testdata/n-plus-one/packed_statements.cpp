// riskgate-test-rules: n-plus-one, write-loop-without-transaction
// Statements packed into packets: the outer loop takes the queue in parts, an inner loop
// over the same queue writes each part into one multi-statement text, and one round trip
// sends it. One query per packet is the batching, not an N+1. A query built per user from
// an inner loop over that user's own tags walks another collection: still one per user.
#include <mariadb/mysql.h>

#include <sstream>
#include <string>
#include <vector>

void flushQueued(MYSQL *c, const std::vector<std::string> &queued, size_t maxPacket) {
  size_t offset = 0;
  while (offset < queued.size()) {
    std::ostringstream packet;
    size_t count = 0, bytes = 0;
    for (size_t i = offset; i < queued.size(); ++i) {
      if (count > 0 && bytes + queued[i].size() + 1 > maxPacket)
        break;
      if (count > 0)
        packet << ";";
      packet << queued[i];
      bytes += queued[i].size() + 1;
      ++count;
    }
    std::string text = packet.str();
    if (mysql_query(c, text.c_str()) != 0)
      return;
    offset += count;
  }
}

struct User {
  long id;
  std::vector<std::string> tags;
};

void tagMatches(MYSQL *c, const std::vector<User> &users) {
  for (const User &u : users) { // expect-note: {{loop here}}
    std::string sql = "SELECT id FROM posts WHERE author = " + std::to_string(u.id) + " AND (0";
    for (size_t t = 0; t < u.tags.size(); ++t)
      sql += " OR tag = '" + u.tags[t] + "'";
    sql += ")";
    if (mysql_query(c, sql.c_str()) != 0) // expect: n-plus-one high {{'mysql_query' runs a query (network round trip) on every iteration of a loop}}
      return;
    if (MYSQL_RES *r = mysql_store_result(c))
      mysql_free_result(r);
  }
}

// A range-for takes its range one element at a time: an inner loop that tests what the
// outer one tests and changes what the next query is built from packs nothing into it.
bool linkAll(MYSQL *c, const std::vector<std::string> &names, std::string &trail, size_t limit) {
  for (const std::string &name : names) { // expect-note: {{loop here}}
    if (name.size() > limit)
      return false;
    std::string sql = "SELECT id FROM docs WHERE name = '" + name + "' AND trail = '" + trail + "'";
    if (mysql_query(c, sql.c_str()) != 0) // expect: n-plus-one high {{'mysql_query' runs a query (network round trip) on every iteration of a loop}}
      return false;
    for (const std::string &other : names) {
      if (trail.size() > limit)
        return false;
      if (other != name)
        trail += other;
    }
  }
  return true;
}
