// riskgate-test-rules: n-plus-one
// A loop whose trip count is fixed in the source (a list of tables, a protocol's unit
// numbers, a std::array) costs the same whatever the data: low, with the count. A loop over
// data (a parameter's vector) is the N+1.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <array>
#include <string>
#include <utility>
#include <vector>

static const std::vector<std::string> kHistoryTables = {"a", "b", "c", "d", "e", "f",
                                                        "g", "h", "i", "j", "k", "l"};

void cleanupHistory(sqlite3 *db) {
  for (const std::string &t : kHistoryTables) { // expect-note: {{loop here (severity low: starts at medium: an in-process call; low: at most 12 iterations, a cost that does not grow with the data)}}
    (void)t;
    sqlite3_exec(db, "DELETE FROM history WHERE old = 1", nullptr, nullptr, nullptr); // expect: n-plus-one low
  }
}

void pollUnits(sqlite3 *db) {
  for (int unit = 40; unit < 52; ++unit) { // expect-note: {{at most 12 iterations}}
    (void)unit;
    sqlite3_exec(db, "SELECT state FROM units WHERE id = 1", nullptr, nullptr, nullptr); // expect: n-plus-one low
  }
}

void perSlot(sqlite3 *db, const std::array<int, 16> &slots) {
  for (int s : slots) { // expect-note: {{at most 16 iterations}}
    (void)s;
    sqlite3_exec(db, "SELECT 1 FROM slots WHERE id = 1", nullptr, nullptr, nullptr); // expect: n-plus-one low
  }
}

void perUser_bad(sqlite3 *db, const std::vector<int> &users) {
  for (int u : users) { // expect-note: {{loop here}}
    (void)u;
    sqlite3_exec(db, "SELECT 1 FROM users WHERE id = 1", nullptr, nullptr, nullptr); // expect: n-plus-one low
  }
}

// A loop bounded by npos (SIZE_MAX) is no fixed trip count: one query per token found.
void perToken_bad(sqlite3 *db, const std::string &csv) {
  for (size_t i = csv.find(','); i != std::string::npos; i = csv.find(',', i + 1)) // expect-note: {{loop here}}
    sqlite3_exec(db, "SELECT 1 FROM tokens WHERE id = 1", nullptr, nullptr, nullptr); // expect: n-plus-one low
}

// Field shape: the counter declared before the loop and set in its init (`uint32 i; for (i =
// 0; i < kMaxMembers; i++)`), over a party's fixed slots: a fixed count, over the network
// too.
constexpr int kMaxMembers = 6;
struct Party {
  int members[kMaxMembers];
};

void disband(PGconn *c, const Party &p) {
  unsigned i;
  for (i = 0; i < kMaxMembers; i++) { // expect-note: {{loop here (severity low: starts at high: a network round trip; one level down: the loop runs at most 6 times; low: at most 6 iterations, a cost that does not grow with the data)}}
    (void)p.members[i];
    PQclear(PQexec(c, "DELETE FROM party_members WHERE slot = 1")); // expect: n-plus-one low
  }
}

// The same shape with a bound from the data is the N+1.
void disbandAll_bad(PGconn *c, const std::vector<int> &parties) {
  size_t i;
  for (i = 0; i < parties.size(); i++) // expect-note: {{loop here}}
    PQclear(PQexec(c, "DELETE FROM parties WHERE id = 1")); // expect: n-plus-one high
}

// Field shape: the list comes from a function that returns it written out (the tables that
// hold a character's rows): as fixed as the list, over the network too.
static std::vector<std::pair<const char *, const char *>> characterTables() {
  return {{"inventory", "owner"}, {"spells", "owner"}, {"skills", "owner"}, {"titles", "id"}};
}

void purgeCharacter(PGconn *c) {
  for (const auto &t : characterTables()) { // expect-note: {{low: at most 4 iterations, a cost that does not grow with the data}}
    (void)t;
    PQclear(PQexec(c, "DELETE FROM inventory WHERE owner = 1")); // expect: n-plus-one low
  }
}

// Each return written out: the largest count.
static std::vector<int> channelsFor(bool wide) {
  if (wide)
    return {1, 2, 3, 4, 5};
  return {1, 2};
}

void pollChannels(PGconn *c, bool wide) {
  for (int ch : channelsFor(wide)) { // expect-note: {{at most 5 iterations}}
    (void)ch;
    PQclear(PQexec(c, "SELECT level FROM channels WHERE id = 1")); // expect: n-plus-one low
  }
}

// One return that is data makes the count the data's.
static std::vector<int> zonesFor(const std::vector<int> &custom) {
  if (custom.empty())
    return {1, 2};
  return custom;
}

void pollZones_bad(PGconn *c, const std::vector<int> &custom) {
  for (int z : zonesFor(custom)) // expect-note: {{loop here}}
    PQclear(PQexec(c, "SELECT level FROM zones WHERE id = 1")); // expect: n-plus-one high
}

// A virtual function's overrides may return anything.
struct Catalog {
  virtual ~Catalog() = default;
  virtual std::vector<int> kinds() const { return {1, 2, 3}; }
};

void perKind_bad(PGconn *c, const Catalog &cat) {
  for (int k : cat.kinds()) // expect-note: {{loop here}}
    PQclear(PQexec(c, "SELECT name FROM kinds WHERE id = 1")); // expect: n-plus-one high
}

// A list the function fills as it runs is data.
static std::vector<int> onlineIds(const std::vector<int> &all) {
  std::vector<int> out;
  for (int id : all)
    if (id > 0)
      out.push_back(id);
  return out;
}

void perOnline_bad(PGconn *c, const std::vector<int> &all) {
  for (int id : onlineIds(all)) // expect-note: {{loop here}}
    PQclear(PQexec(c, "SELECT name FROM users WHERE id = 1")); // expect: n-plus-one high
}

// A list written out up to its terminator, walked until the terminator: as fixed as the
// list. A terminated list handed in is data.
static const char *const kSeedRows[] = {"INSERT INTO roles VALUES ('admin')",
                                        "INSERT INTO roles VALUES ('user')",
                                        "INSERT INTO roles VALUES ('guest')", nullptr};

void seedRoles(PGconn *c) {
  for (int i = 0; kSeedRows[i] != nullptr; ++i) // expect-note: {{low: at most 3 iterations, a cost that does not grow with the data}}
    PQclear(PQexec(c, kSeedRows[i])); // expect: n-plus-one low
}

void runAll_bad(PGconn *c, const char *const *statements) {
  for (int i = 0; statements[i]; ++i) // expect-note: {{loop here}}
    PQclear(PQexec(c, statements[i])); // expect: n-plus-one high
}

// A constant bound in one term of the condition bounds the loop, whatever the other term
// says: at most kLastSlot - 0 + 1 = 10 passes.
constexpr int kLastSlot = 9;
struct Bag {
  int slots() const;
  int item(int i) const;
};
void saveBag(PGconn *conn, const Bag &bag) {
  for (int i = 0; i < bag.slots() && i <= kLastSlot; ++i) { // expect-note: {{low: at most 10 iterations, a cost that does not grow with the data}}
    std::string sql = "UPDATE slots SET item = " + std::to_string(bag.item(i));
    PQclear(PQexec(conn, sql.c_str())); // expect: n-plus-one low {{'PQexec' runs a query (network round trip)}}
  }
}

// A conjunction with no constant term is no bound.
void saveAllBags(PGconn *conn, const Bag &bag, int limit) {
  for (int i = 0; i < bag.slots() && i < limit; ++i) { // expect-note: {{loop here}}
    std::string sql = "UPDATE slots SET item = " + std::to_string(bag.item(i));
    PQclear(PQexec(conn, sql.c_str())); // expect: n-plus-one high {{'PQexec' runs a query (network round trip)}}
  }
}

// A loop over data whose body leaves once a counter that goes up by one with every pass gets
// past a constant (`if (slot > kLastCursorSlot) break;`, first in the body) runs the rest
// of its body at most that many times: low, with the count. The counter starts at a
// constant declared just before the loop, or in the loop's own init.
constexpr int kFirstCursorSlot = 30;
constexpr int kLastCursorSlot = 37;
struct Cursor {
  std::vector<int>::const_iterator begin() const;
  std::vector<int>::const_iterator end() const;
};

void saveCursor(PGconn *conn, const Cursor &cursor) {
  int slot = kFirstCursorSlot;
  for (auto it = cursor.begin(); it != cursor.end(); ++it, ++slot) { // expect-note: {{low: at most 8 iterations, a cost that does not grow with the data}}
    if (slot > kLastCursorSlot) {
      break;
    }
    std::string sql = "UPDATE inventory SET item = " + std::to_string(*it);
    PQclear(PQexec(conn, sql.c_str())); // expect: n-plus-one low {{'PQexec' runs a query (network round trip)}}
  }
}

void saveFirstRows(PGconn *conn, const std::vector<int> &rows) {
  auto it = rows.begin();
  for (int n = 0; it != rows.end(); ++it, n++) { // expect-note: {{low: at most 5 iterations, a cost that does not grow with the data}}
    if (5 <= n)
      break;
    std::string sql = "UPDATE rows SET v = " + std::to_string(*it);
    PQclear(PQexec(conn, sql.c_str())); // expect: n-plus-one low {{'PQexec' runs a query (network round trip)}}
  }
}

// No bound: the counter also moves in the body, the bound is no constant, the guard comes
// after the query, or the counter's start is set somewhere riskgate does not follow.
void saveCursorSkipping_bad(PGconn *conn, const Cursor &cursor) {
  int slot = kFirstCursorSlot;
  for (auto it = cursor.begin(); it != cursor.end(); ++it, ++slot) { // expect-note: {{loop here}}
    if (slot > kLastCursorSlot)
      break;
    if (*it == 0)
      --slot; // an empty entry takes no slot
    std::string sql = "UPDATE inventory SET item = " + std::to_string(*it);
    PQclear(PQexec(conn, sql.c_str())); // expect: n-plus-one high {{'PQexec' runs a query (network round trip)}}
  }
}

void saveUpTo_bad(PGconn *conn, const Cursor &cursor, int last) {
  int slot = 0;
  for (auto it = cursor.begin(); it != cursor.end(); ++it, ++slot) { // expect-note: {{loop here}}
    if (slot > last)
      break;
    std::string sql = "UPDATE inventory SET item = " + std::to_string(*it);
    PQclear(PQexec(conn, sql.c_str())); // expect: n-plus-one high {{'PQexec' runs a query (network round trip)}}
  }
}

void saveThenCheck_bad(PGconn *conn, const Cursor &cursor) {
  int slot = 0;
  for (auto it = cursor.begin(); it != cursor.end(); ++it, ++slot) { // expect-note: {{loop here}}
    std::string sql = "UPDATE inventory SET item = " + std::to_string(*it);
    PQclear(PQexec(conn, sql.c_str())); // expect: n-plus-one high {{'PQexec' runs a query (network round trip)}}
    if (slot > kLastCursorSlot)
      break;
  }
}

int firstFreeSlot(const Cursor &cursor);
void saveFromFree_bad(PGconn *conn, const Cursor &cursor) {
  int slot = 0;
  slot = firstFreeSlot(cursor);
  for (auto it = cursor.begin(); it != cursor.end(); ++it, ++slot) { // expect-note: {{loop here}}
    if (slot > kLastCursorSlot)
      break;
    std::string sql = "UPDATE inventory SET item = " + std::to_string(*it);
    PQclear(PQexec(conn, sql.c_str())); // expect: n-plus-one high {{'PQexec' runs a query (network round trip)}}
  }
}
