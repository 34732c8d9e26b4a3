// riskgate-test-rules: write-loop-without-transaction
// In process (sqlite), a row written outside a transaction costs a commit and a sync to
// disk: a few per call cost little, a table's worth is the incident. So the rule grades by
// what shows the loop can be table-sized: the rows of a query, a collection taken from a
// request or read from input. Over a collection nothing shows to be large, it is low, and the
// trace says why. Over a network every row is a round trip and a commit: high either way.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <istream>
#include <string>
#include <vector>

static void touch(sqlite3 *db, int id) {
  sqlite3_stmt *st = nullptr;
  sqlite3_prepare_v2(db, "UPDATE notifications SET last_sent = datetime('now') WHERE id = ?", -1,
                     &st, nullptr);
  sqlite3_bind_int(st, 1, id);
  sqlite3_step(st); // expect-note: {{which runs sqlite3_step here}}
  sqlite3_finalize(st);
}

// A device's few notifications, each touched as it fires: low, with the reason.
void touchFired(sqlite3 *db, const std::vector<int> &fired) {
  for (int id : fired) // expect-note: {{loop here (severity low: in process, over a collection nothing shows to be table-sized (it is not the rows of a query, a member filled from them, nor input), a few commits)}}
    touch(db, id); // expect: write-loop-without-transaction low {{call to 'touch' writes rows (UPDATE)}}
  // expect-note@-1: {{calls touch}}
}

// Every row of a table: the incident.
void touchAll(sqlite3 *db) {
  sqlite3_stmt *all = nullptr;
  sqlite3_prepare_v2(db, "SELECT id FROM notifications", -1, &all, nullptr);
  while (sqlite3_step(all) == SQLITE_ROW) // expect-note: {{loop here, over the rows of another query}}
    touch(db, sqlite3_column_int(all, 0)); // expect: write-loop-without-transaction critical {{call to 'touch'}}
  // expect-note@-1: {{calls touch}}
  sqlite3_finalize(all);
}

// The fired list again, handed down from a caller that read it from a table: table-sized.
void touchList(sqlite3 *db, const std::vector<int> &ids) {
  for (int id : ids) // expect-note: {{loop here}}
    touch(db, id); // expect: write-loop-without-transaction high {{call to 'touch'}}
  // expect-note@-1: {{calls touch}}
}
std::vector<int> overdue(sqlite3 *db) {
  std::vector<int> out;
  sqlite3_stmt *s = nullptr;
  sqlite3_prepare_v2(db, "SELECT id FROM notifications WHERE due < datetime('now')", -1, &s,
                     nullptr);
  while (sqlite3_step(s) == SQLITE_ROW)
    out.push_back(sqlite3_column_int(s, 0));
  sqlite3_finalize(s);
  return out;
}
void touchOverdue(sqlite3 *db) {
  std::vector<int> due = overdue(db);
  touchList(db, due);
}

// The few notifications of one device, looked up by an id its caller took from a table's
// rows: the key comes from the rows, the list is the device's own few.
std::vector<int> configuredFor(int device); // an in-memory lookup
void touchDevice(sqlite3 *db, int device) {
  std::vector<int> mine = configuredFor(device);
  for (int id : mine) // expect-note: {{loop here (severity low: in process, over a collection nothing shows to be table-sized}}
    touch(db, id); // expect: write-loop-without-transaction low {{call to 'touch'}}
  // expect-note@-1: {{calls touch}}
}
void touchDevices(sqlite3 *db) {
  sqlite3_stmt *all = nullptr;
  sqlite3_prepare_v2(db, "SELECT id FROM devices", -1, &all, nullptr);
  while (sqlite3_step(all) == SQLITE_ROW) // expect-note: {{loop here, over the rows of another query}}
    touchDevice(db, sqlite3_column_int(all, 0)); // expect: write-loop-without-transaction critical {{call to 'touchDevice'}}
  // expect-note@-1: {{calls touchDevice}}
  sqlite3_finalize(all);
}

// A list the request carries: as long as the client makes it.
struct Request {
  std::string param(const char *name) const;
};
std::vector<int> parseIds(const std::string &text);

void touchRequested(sqlite3 *db, const Request &req) {
  std::vector<int> ids = parseIds(req.param("ids"));
  for (int id : ids) // expect-note: {{loop here}}
    touch(db, id); // expect: write-loop-without-transaction high {{call to 'touch'}}
  // expect-note@-1: {{calls touch}}
}

// Lines read from a file: as many as the file holds.
void importIds(sqlite3 *db, std::istream &in) {
  std::vector<int> ids;
  for (std::string line; std::getline(in, line);)
    ids.push_back(std::stoi(line));
  for (int id : ids) // expect-note: {{loop here}}
    touch(db, id); // expect: write-loop-without-transaction high {{call to 'touch'}}
  // expect-note@-1: {{calls touch}}
}

// Over a network, one round trip and one commit per row whatever the collection.
void touchRemote(PGconn *c, const std::vector<std::string> &fired) {
  for (const std::string &id : fired) { // expect-note: {{loop here}}
    const char *v[1] = {id.c_str()};
    PQclear(PQexecParams(c, "UPDATE notifications SET last_sent = now() WHERE id = $1", 1, nullptr, v, nullptr, nullptr, 0)); // expect: write-loop-without-transaction high {{(UPDATE)}}
  }
}
