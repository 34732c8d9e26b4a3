#include "driver.h"

void purge_users_bad(char **names, int n) {
  const user_store *s = store();
  for (int i = 0; i < n; ++i) // expect-note: {{loop here}}
    s->del_user(names[i]); // expect: n-plus-one high {{call to 'user_store::del_user' runs a query (PQexecParams, network round trip)}}
  // expect@-1: write-loop-without-transaction high {{writes rows (DELETE)}}
  // expect-note@-2: {{calls user_store::del_user}}
}

void audit_all_bad(char **events, int n) {
  const user_store *s = store();
  for (int i = 0; i < n; ++i) // expect-note: {{loop here}}
    (*s->audit)(events[i]); // expect: n-plus-one high {{call to 'user_store::audit'}}
  // expect@-1: write-loop-without-transaction high {{(INSERT)}}
  // expect-note@-2: {{calls user_store::audit}}
}

void allow_ip(const char *ip) { store()->set_ip("allowed", ip); }

int report(void) { return store()->user_count(); }

// Through a field nothing ever stores a function in: no call riskgate can follow.
typedef struct {
  int (*hook)(const char *);
} plugin;

void run_plugin(const plugin *p, char **items, int n) {
  for (int i = 0; i < n; ++i)
    p->hook(items[i]);
}
