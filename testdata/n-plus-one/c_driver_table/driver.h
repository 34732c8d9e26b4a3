// riskgate-test-rules: n-plus-one, write-loop-without-transaction, dynamic-sql
// A C program reaches its database through a table of function pointers, one table per
// backend: a call through a field (`db->del_user(name)`) runs every function the program
// stores in that field, in a braced table or by assignment.
#include <libpq-fe.h>

typedef struct {
  int (*del_user)(const char *name);
  int (*set_ip)(const char *kind, const char *ip);
  int (*user_count)(void);
  int (*audit)(const char *what);
  int (*vacuum)(void);
} user_store;

const user_store *store(void);
void use_audit_backend(user_store *s);
