// riskgate-test-rules: n-plus-one
// A call that passes a constant to a parameter its callee tests takes one arm of that test
// only: `setLeader(id)` with `bool updateDb = false` never reaches `if (updateDb) save();`.
// The arm it rules out adds nothing to the loop around the call, at any depth; a value that
// is not a constant (a variable, a member) leaves both arms.
#include <libpq-fe.h>

#include <string>
#include <vector>

class Party {
public:
  explicit Party(PGconn *conn) : conn_(conn) {}

  void setLeader(long id, bool updateDb = false) {
    leader_ = id;
    if (updateDb)
      saveLeader(id); // expect-note: {{calls Party::saveLeader}}
  }

  void note(long id, bool quiet) {
    if (!quiet)
      record(id); // expect-note: {{calls Party::record}}
  }

  void touch(long id, bool persist) {
    if (persist && dirty_)
      record(id); // expect-note: {{calls Party::record}}
  }

  void refresh(long id, bool cached) {
    if (cached) {
      leader_ = id;
    } else {
      record(id); // expect-note: {{calls Party::record}}
    }
  }

  void promote(long id) { setLeader(id); }

  void saveLeader(long id) {
    std::string sql = "UPDATE parties SET leader = " + std::to_string(id);
    PQclear(PQexec(conn_, sql.c_str())); // expect-note: {{which runs PQexec here}}
  }

  void record(long id) {
    std::string sql = "SELECT name FROM members WHERE id = " + std::to_string(id);
    PQclear(PQexec(conn_, sql.c_str())); // expect-note: {{which runs PQexec here}}
  }

  bool dirty_ = false;

private:
  PGconn *conn_;
  long leader_ = 0;
};

void regroup_ok(Party &p, const std::vector<long> &members) {
  for (long m : members)
    p.setLeader(m);
  for (long m : members)
    p.setLeader(m, false);
  for (long m : members)
    p.note(m, true);
  for (long m : members)
    p.touch(m, false);
  for (long m : members)
    p.refresh(m, true);
  for (long m : members)
    p.promote(m);
}

void regroup_bad(Party &p, const std::vector<long> &members, bool flag) {
  for (long m : members) // expect-note: {{loop here}}
    p.setLeader(m, true); // expect: n-plus-one high {{call to 'Party::setLeader' runs a query}}
  // expect-note@-1: {{calls Party::setLeader}}
  for (long m : members) // expect-note: {{loop here}}
    p.setLeader(m, flag); // expect: n-plus-one high {{call to 'Party::setLeader' runs a query}}
  // expect-note@-1: {{calls Party::setLeader}}
  for (long m : members) // expect-note: {{loop here}}
    p.note(m, false); // expect: n-plus-one high {{call to 'Party::note' runs a query}}
  // expect-note@-1: {{calls Party::note}}
  for (long m : members) // expect-note: {{loop here}}
    p.touch(m, true); // expect: n-plus-one high {{call to 'Party::touch' runs a query}}
  // expect-note@-1: {{calls Party::touch}}
  for (long m : members) // expect-note: {{loop here}}
    p.refresh(m, false); // expect: n-plus-one high {{call to 'Party::refresh' runs a query}}
  // expect-note@-1: {{calls Party::refresh}}
}
