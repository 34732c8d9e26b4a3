#include "driver.h"

#include <stdio.h>

static PGconn *conn;

static int pg_del_user(const char *name) {
  const char *params[1] = {name};
  PGresult *r = PQexecParams(conn, "DELETE FROM users WHERE name = $1", 1, NULL, params, NULL, NULL, 0); // expect-note: {{which runs PQexecParams here}}
  int ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return ok ? 0 : -1;
}

// The table name comes from the caller; every caller through the field passes a constant.
static int pg_set_ip(const char *kind, const char *ip) {
  char sql[256];
  snprintf(sql, sizeof(sql), "INSERT INTO %s_ip (ip) VALUES ($1)", kind);
  const char *params[1] = {ip};
  PGresult *r = PQexecParams(conn, sql, 1, NULL, params, NULL, NULL, 0);
  int ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return ok ? 0 : -1;
}

static int pg_user_count(void) {
  PGresult *r = PQexec(conn, "SELECT count(*) FROM users");
  int n = r && PQresultStatus(r) == PGRES_TUPLES_OK ? 1 : 0;
  PQclear(r);
  return n;
}

// Nothing in the program calls through `vacuum`: its callers are out of sight.
static int pg_vacuum_table(const char *table) {
  char sql[128];
  snprintf(sql, sizeof(sql), "VACUUM %s", table);
  PGresult *r = PQexec(conn, sql); // expect-note: {{where it goes into the SQL PQexec runs}}
  int ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return ok ? 0 : -1;
}

static int pg_vacuum(void) { return pg_vacuum_table("users"); }
static int (*const keep_vacuum_table)(const char *) = pg_vacuum_table;
struct maintenance {
  int (*vacuum_table)(const char *table);
};
static const struct maintenance pg_maintenance = {pg_vacuum_table}; // expect: dynamic-sql low {{from parameter 'table' of a function stored in 'maintenance::vacuum_table', which nothing in the scanned code calls through}}
// expect-note@-1: {{passes the SQL to pg_vacuum_table}}

static const user_store pg_store = {&pg_del_user, .set_ip = pg_set_ip, // expect-note: {{calls pg_del_user}}
                                    .user_count = &pg_user_count, .audit = NULL,
                                    .vacuum = pg_vacuum};

const user_store *store(void) {
  (void)keep_vacuum_table;
  (void)pg_maintenance;
  return &pg_store;
}
