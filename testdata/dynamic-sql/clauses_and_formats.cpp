// riskgate-test-rules: dynamic-sql
// Field shape: a repository layer whose methods format SQL. A number formatted in is low
// (it cannot carry a quote), and only the format argument of a printf-style call is its
// format: the values after it are classified as values. A parameter spliced in as a whole
// clause (`... WHERE %s`, `"... AND " + more`) is SQL its callers write by the
// function's contract: low when nothing in the scan calls the function, and judged at the
// callers when something does. A value spliced into a quoted literal is injection; one put
// through sqlite3_mprintf's quoting conversions (%q, %Q, %w) is escaped. A sort key
// (`ORDER BY " + order`) is no clause: a column a user picks is injection through it.
#include <sqlite3.h>

#include <string>

int deleteItem(sqlite3 *db, int id) {
  char *sql = sqlite3_mprintf("DELETE FROM items WHERE id = %d", id);
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr); // expect: dynamic-sql low {{with numbers formatted into it}}
  sqlite3_free(sql);
  return rc;
}

int deleteItemsWhere(sqlite3 *db, const char *where) {
  char *sql = sqlite3_mprintf("DELETE FROM items WHERE %s", where);
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr); // expect: dynamic-sql low {{takes a whole clause from parameter 'where' of 'deleteItemsWhere' (SQL its callers write)}}
  sqlite3_free(sql);
  return rc;
}

int listItemsOrdered(sqlite3 *db, const std::string &order) {
  std::string sql = "SELECT id FROM items ORDER BY " + order;
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql high {{from parameter 'order' of 'listItemsOrdered'}}
}

int findItemNamed(sqlite3 *db, const char *name) {
  char *sql = sqlite3_mprintf("SELECT id FROM items WHERE name = '%s'", name);
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr); // expect: dynamic-sql high {{from parameter 'name' of 'findItemNamed', which nothing in the scanned code calls}}
  sqlite3_free(sql);
  return rc;
}

int findItemQuoted(sqlite3 *db, const char *name) {
  char *sql = sqlite3_mprintf("SELECT id FROM items WHERE name = '%q' OR alias = %Q", name, name);
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  sqlite3_free(sql);
  return rc;
}

// A clause helper with callers: what they pass is judged. A constant clause is nothing; a
// clause built from an entry point's text is injection, at the caller that builds it.
static int countWhere(sqlite3 *db, const std::string &where) {
  std::string sql = "SELECT count(*) FROM items WHERE " + where;
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect-note: {{where it goes into the SQL sqlite3_exec runs}}
}

int countCheap_ok(sqlite3 *db) { return countWhere(db, "price < 10"); }

int countByOwner(sqlite3 *db, const std::string &owner) {
  return countWhere(db, "owner = '" + owner + "'"); // expect: dynamic-sql high {{from parameter 'owner' of 'countByOwner', which nothing in the scanned code calls}}
  // expect-note@-1: {{passes the SQL to countWhere}}
}

// The clause keyword inside an optional piece: `where.empty() ? "" : "WHERE " + where`.
int countMaybeWhere(sqlite3 *db, const std::string &where) {
  std::string sql = "SELECT count(*) FROM items " + (where.empty() ? std::string() : "WHERE " + where);
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql low {{takes a whole clause from parameter 'where' of 'countMaybeWhere'}}
}

// A container of numbers joined into `IN (...)`: numbers formatted in, low. A string_view
// (a template over characters) is text: still the parameter's.
#include <string_view>
#include <vector>
std::string joined(const std::vector<unsigned> &ids);

int deleteMany(sqlite3 *db, const std::vector<unsigned> &ids) {
  std::string sql = "DELETE FROM items WHERE id IN (" + joined(ids) + ")";
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql low {{with numbers formatted into it}}
}

int findByLabel(sqlite3 *db, std::string_view label) {
  std::string sql = "SELECT id FROM items WHERE label = '" + std::string(label) + "'";
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql high {{from parameter 'label' of 'findByLabel'}}
}

// The values after a format are values even beside text riskgate cannot trace: handed to a
// wrapper, the number is not "the format", so the statement is the unknown table name's
// (low), not an injection through 'id'.
const char *itemsTable();
static int runSql(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr); // expect-note: {{which runs sqlite3_exec with it here}}
}
int deleteFromItemsTable(sqlite3 *db, int id) {
  char *sql = sqlite3_mprintf("DELETE FROM %s WHERE id = %d", itemsTable(), id);
  int rc = runSql(db, sql); // expect: dynamic-sql low {{from the result of 'itemsTable', which riskgate cannot trace to a source}}
  // expect-note@-1: {{passes the SQL to runSql}}
  sqlite3_free(sql);
  return rc;
}

// A value after text riskgate cannot read is judged by what is written just before it (a
// quote), not by the statement's first keyword.
std::string keyColumn();
int findByKey(sqlite3 *db, const std::string &key) {
  std::string sql = "SELECT id FROM items WHERE " + keyColumn() + " = '" + key + "'";
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql high {{from parameter 'key' of 'findByKey'}}
}

// A clause and a value from two parameters: the value keeps the statement an injection.
int findFiltered(sqlite3 *db, const std::string &filter, const std::string &owner) {
  std::string sql = "SELECT id FROM items WHERE " + filter + " AND owner = '" + owner + "'";
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql high {{from parameter 'filter' of 'findFiltered'}}
}

// The AND of a BETWEEN takes a value, and CHARACTER SET a name: no clause either.
int findInRange(sqlite3 *db, const std::string &upper) {
  std::string sql = "SELECT id FROM items WHERE price BETWEEN 1 AND " + upper;
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql high {{from parameter 'upper' of 'findInRange'}}
}
int setCharset(sqlite3 *db, const std::string &charset) {
  std::string sql = "ALTER TABLE items CONVERT TO CHARACTER SET " + charset;
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql high {{from parameter 'charset' of 'setCharset'}}
}

// A `*` precision takes a value of its own: the text after it fills '%s', not '%q'.
int findPrefixed(sqlite3 *db, int n, const char *prefix, const char *alias) {
  char *sql = sqlite3_mprintf("SELECT id FROM items WHERE name LIKE '%.*s%%' OR alias = '%q'", n, prefix, alias);
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr); // expect: dynamic-sql high {{from parameter 'prefix' of 'findPrefixed'}}
  sqlite3_free(sql);
  return rc;
}

// A map from numbers to names is no container of numbers: what it holds is text.
#include <map>
int findNamed(sqlite3 *db, const std::map<int, std::string> &names, int id) {
  std::string sql = "SELECT id FROM items WHERE name = '" + names.at(id) + "'";
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); // expect: dynamic-sql high {{from parameter 'names' of 'findNamed'}}
}
