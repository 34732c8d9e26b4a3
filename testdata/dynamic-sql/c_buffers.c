// riskgate-test-rules: dynamic-sql, prepare-in-loop
// C writes its SQL into a char buffer: snprintf or sprintf with a format, strcpy of a literal,
// after a memset. The text is what the format and the values make of it: a format with no
// conversions is a constant; a number formatted in is low; a string parameter is judged at
// the callers, as any parameter is. The buffer and its size are no part of the text.
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int listKeys(sqlite3 *db) {
  char sql[256];
  snprintf(sql, sizeof(sql), "SELECT kid FROM keys ORDER BY kid");
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
    return -1;
  while (sqlite3_step(st) == SQLITE_ROW) {
  }
  return sqlite3_finalize(st);
}

int ping(sqlite3 *db) {
  char sql[64];
  memset(sql, 0, sizeof(sql));
  if (sizeof(sql) == sizeof(char *))
    strcpy(sql, "SELECT 1");
  else {
    strncpy(sql, "SELECT 1", sizeof(sql));
    sql[sizeof(sql) - 1] = 0;
  }
  return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

int firstRows(sqlite3 *db, int limit) {
  char sql[128];
  snprintf(sql, sizeof(sql), "SELECT name FROM users LIMIT %d", limit);
  return sqlite3_exec(db, sql, NULL, NULL, NULL); // expect: dynamic-sql low {{with numbers formatted into it}}
}

// A string parameter formatted in, in a function nothing calls: anything can come in.
int setPeerIp(sqlite3 *db, const char *kind, int del) {
  char sql[256];
  if (del)
    snprintf(sql, sizeof(sql), "DELETE FROM %s_peer_ip WHERE ip = ?", kind);
  else
    snprintf(sql, sizeof(sql), "INSERT INTO %s_peer_ip (ip) VALUES (?)", kind);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) // expect: dynamic-sql high {{from parameter 'kind' of 'setPeerIp'}}
    return -1;
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

int findUser(sqlite3 *db, const char *name) {
  char sql[256];
  sprintf(sql, "SELECT id FROM users WHERE name = '%s'", name);
  return sqlite3_exec(db, sql, NULL, NULL, NULL); // expect: dynamic-sql high {{from parameter 'name' of 'findUser'}}
}

// The same shape whose only caller passes a constant: nothing to report.
static int clearTable(sqlite3 *db, const char *table) {
  char sql[128];
  snprintf(sql, sizeof(sql), "DELETE FROM %s", table);
  return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

int clearSessions(sqlite3 *db) { return clearTable(db, "sessions"); }

// A table of statements up to its NULL: each text a constant, a different one on every
// iteration (no statement compiled twice), and NULL is no number.
void createSchema(sqlite3 *db) {
  static const char *statements[] = {"CREATE TABLE a (x INTEGER)", "CREATE TABLE b (y TEXT)",
                                     NULL};
  for (int i = 0; statements[i] != NULL; ++i) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, statements[i], -1, &st, NULL) == SQLITE_OK)
      (void)sqlite3_step(st);
    sqlite3_finalize(st);
  }
}

// One statement text compiled on every iteration is still that.
void touchAll(sqlite3 *db, const int *ids, int n) {
  char sql[64];
  snprintf(sql, sizeof(sql), "UPDATE t SET seen = 1 WHERE id = ?");
  for (int i = 0; i < n; ++i) { // expect-note: {{loop here}}
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) { // expect: prepare-in-loop low
      sqlite3_bind_int(st, 1, ids[i]);
      (void)sqlite3_step(st);
    }
    sqlite3_finalize(st);
  }
}

// A variadic helper of C's own: the values after the format are the callers'.
int execf(sqlite3 *db, const char *fmt, ...) {
  char sql[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(sql, sizeof(sql), fmt, ap);
  va_end(ap);
  return sqlite3_exec(db, sql, NULL, NULL, NULL); // expect-note: {{where it goes into the SQL sqlite3_exec runs}}
}

int dropSession(sqlite3 *db, int id) {
  return execf(db, "DELETE FROM sessions WHERE id = %d", id); // expect: dynamic-sql low {{with numbers formatted into it}}
  // expect-note@-1: {{passes the SQL to execf}}
}

int tagUser(sqlite3 *db, const char *tag) {
  return execf(db, "UPDATE users SET tag = '%s'", tag); // expect: dynamic-sql high {{from parameter 'tag' of 'tagUser'}}
  // expect-note@-1: {{passes the SQL to execf}}
}

int resetTags(sqlite3 *db) { return execf(db, "UPDATE users SET tag = '%s'", "none"); }
