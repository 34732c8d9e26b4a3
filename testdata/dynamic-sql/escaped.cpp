// riskgate-test-rules: dynamic-sql
// Text escaped or quoted by a function made for it is safe to splice into SQL (libpq's
// escape functions, a project's identifier quoting); the same text unescaped is not. Field
// shape: a database browser building statements with its own quoting helpers.
#include <libpq-fe.h>

#include <string>

std::string escapeIdentifier(const std::string &name); // the project's quoting helper
std::string quoteString(const std::string &value);

void escaped_ok(PGconn *c, const std::string &table, const std::string &value) {
  std::string sql = "SELECT * FROM " + escapeIdentifier(table) + " WHERE v = " + quoteString(value);
  PQclear(PQexec(c, sql.c_str()));
}

void libpqEscaped_ok(PGconn *c, const char *value) {
  char *lit = PQescapeLiteral(c, value, 64);
  std::string sql = std::string("DELETE FROM t WHERE v = ") + lit;
  PQfreemem(lit);
  PQclear(PQexec(c, sql.c_str()));
}

void halfEscaped_bad(PGconn *c, const std::string &table, const std::string &value) {
  std::string sql = "SELECT * FROM " + escapeIdentifier(table) + " WHERE v = '" + value + "'";
  PQclear(PQexec(c, sql.c_str())); // expect: dynamic-sql high {{parameter 'value'}}
}
