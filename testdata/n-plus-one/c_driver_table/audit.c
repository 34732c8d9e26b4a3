#include "driver.h"

static PGconn *audit_conn;

static int pg_audit(const char *what) {
  const char *params[1] = {what};
  PGresult *r = PQexecParams(audit_conn, "INSERT INTO audit (what) VALUES ($1)", 1, NULL, params, NULL, NULL, 0); // expect-note: {{which runs PQexecParams here}}
  int ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return ok ? 0 : -1;
}

// A store by assignment, in another unit than the call.
void use_audit_backend(user_store *s) { s->audit = &pg_audit; } // expect-note: {{calls pg_audit}}
