// riskgate-test-rules: n-plus-one
// One statement per table: the statement names its table at run time, and the loop hands it
// another table on every pass. As many passes as the schema has tables: low, and said. SOCI's
// `sql << "..." << name` adds `name` to the text (sql-stream in the pack), so the table is
// seen as chosen at run time rather than the text being taken for its first literal.
#include <soci/soci.h>

#include <memory>
#include <string>
#include <vector>

class Store {
public:
  Store(soci::session &sql, std::string name) : sql_(sql), name_(std::move(name)) {}
  void wipe() { sql_ << "DELETE FROM \"" << name_ + "\""; } // expect-note: {{which runs soci::session::operator<< here}}
  int rows() {
    int n = 0;
    sql_ << "SELECT COUNT(*) FROM " << name_, soci::into(n); // expect-note: {{which runs soci::session::operator<< here}}
    return n;
  }
  // Rows of this one table, one INSERT each: the table is the same on every pass.
  void load(const std::vector<int> &ids) {
    for (int id : ids) // expect-note: {{loop here}}
      sql_ << "INSERT INTO \"" << name_ << "\" (id) VALUES (" << id << ")"; // expect: n-plus-one high {{'soci::session::operator<<' runs a query (network round trip)}}
  }

private:
  soci::session &sql_;
  std::string name_;
};

// The loop's own text: the table is the loop variable.
void truncateAll(soci::session &sql, const std::vector<std::string> &tables) {
  for (const std::string &t : tables) // expect-note: {{loop here (severity low: starts at high: a network round trip; low: one statement per table)}}
    sql << "DELETE FROM " << t; // expect: n-plus-one low {{its table is named at run time by variable 't', which changes on every pass: one statement per table}}
}

// A method of each table object, on another object every pass (held by std::unique_ptr).
void wipeEach(std::vector<std::unique_ptr<Store>> &stores) {
  for (const std::unique_ptr<Store> &s : stores) // expect-note: {{loop here}}
    s->wipe(); // expect: n-plus-one low {{by member 'name_' of 's', which changes on every pass}}
  // expect-note@-1: {{calls Store::wipe}}
}

int countEach(std::vector<Store> &stores) {
  int total = 0;
  for (Store &s : stores) // expect-note: {{loop here}}
    total += s.rows(); // expect: n-plus-one low {{one statement per table}}
  // expect-note@-1: {{calls Store::rows}}
  return total;
}

// ---- still reported: the table does not change, the rows do --------------------------

// The same table on every pass, named at run time: one statement per id.
void purge(soci::session &sql, const std::string &table, const std::vector<int> &ids) {
  for (int id : ids) // expect-note: {{loop here}}
    sql << "DELETE FROM " << table << " WHERE id = " << id; // expect: n-plus-one high {{runs a query}}
}

// A method of one object called on every pass: its member names one table.
void rowsOfOne(Store &s, int times, std::vector<int> &out) {
  for (int i = 0; i < times; ++i) // expect-note: {{loop here}}
    out.push_back(s.rows()); // expect: n-plus-one high {{call to 'Store::rows'}}
  // expect-note@-1: {{calls Store::rows}}
}

// A table prefix chosen at run time with a fixed name after it is one table, whatever the
// loop does.
void byShardPrefix(soci::session &sql, const std::string &prefix, const std::vector<int> &ids) {
  for (int id : ids) // expect-note: {{loop here}}
    sql << "SELECT name FROM " << prefix << "users WHERE id = " << id; // expect: n-plus-one high
}

// A member names the table, the element is a value: one INSERT per name, though the text
// holds a string that changes on every pass.
class Tagger {
public:
  Tagger(soci::session &sql, std::string table) : sql_(sql), table_(std::move(table)) {}
  void tagAll(const std::vector<std::string> &names) {
    for (const std::string &n : names) // expect-note: {{loop here}}
      sql_ << "INSERT INTO " << table_ << " (name) VALUES ('" << n << "')"; // expect: n-plus-one high {{runs a query (network round trip)}}
  }

private:
  soci::session &sql_;
  std::string table_;
};
