#include "schema.h"

std::string IndexDef::creationSql(const std::string &table) const {
  std::string sql = "CREATE ";
  if (unique_)
    sql += "UNIQUE ";
  sql += "INDEX \"" + name_ + "\" ON \"" + table + "\" (\"" + column_ + "\")";
  return sql;
}

std::string IndexDef::dropSql() const {
  if (unique_)
    return "DROP INDEX IF EXISTS \"" + name_ + "\"";
  return "DROP INDEX \"" + name_ + "\"";
}

// Returns a SELECT on one branch and an UPDATE on the other: what it hands back is not one
// kind of statement, so riskgate does not guess.
std::string IndexDef::lookupSql(long id) const {
  if (id < 0)
    return "UPDATE stats SET misses = misses + 1";
  return "SELECT " + column_ + " FROM items WHERE id = " + std::to_string(id);
}

void TableDef::run(PGconn *conn, const std::string &sql) {
  PQclear(PQexec(conn, sql.c_str())); // expect-note: {{which runs PQexec here}}
}
