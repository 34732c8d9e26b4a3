// n-plus-one on an in-process engine (sqlite): a read per pass costs microseconds, so the
// loop counts when something shows it is table-sized. The field corpus's largest class of
// false alarms was reads over small in-memory collections (a device's few modules, a plan's
// few entries); its real ones walked the rows of a query or wrote outside a transaction.
// riskgate-test-rules: n-plus-one
#include <sqlite3.h>

#include <filesystem>
#include <istream>
#include <map>
#include <string>
#include <vector>

struct Module {
  int id;
  std::string name;
};

// A read per element of a collection of unknown size: reported, low, and the trace says why.
void refreshModules(sqlite3 *db, const std::vector<Module> &modules) {
  for (const Module &m : modules) { // expect-note: {{loop here (severity low: starts at medium: an in-process call; one level down: in process, over a collection nothing shows to be table-sized (it is not the rows of a query, a member filled from them, nor input))}}
    sqlite3_stmt *s = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM devices WHERE id = ?", -1, &s, nullptr);
    sqlite3_bind_int(s, 1, m.id);
    sqlite3_step(s); // expect: n-plus-one low {{'sqlite3_step' runs a statement execution (in-process database call)}}
    sqlite3_finalize(s);
  }
}

// The same read per row of another query: table-sized, reported above medium.
void refreshAll(sqlite3 *db) {
  sqlite3_stmt *all = nullptr;
  sqlite3_prepare_v2(db, "SELECT id FROM modules", -1, &all, nullptr);
  while (sqlite3_step(all) == SQLITE_ROW) { // expect-note: {{loop here, over the rows of another query (severity high: starts at medium: an in-process call; one level up: the loop walks the rows of another query)}}
    sqlite3_stmt *s = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM devices WHERE id = ?", -1, &s, nullptr);
    sqlite3_bind_int(s, 1, sqlite3_column_int(all, 0));
    sqlite3_step(s); // expect: n-plus-one high {{'sqlite3_step' runs a statement execution}}
    sqlite3_finalize(s);
  }
  sqlite3_finalize(all);
}

// A write per element: graded like a read, by what shows the loop table-sized. Its commit
// per row outside a transaction is write-loop-without-transaction's finding, graded the
// same way (the field corpus's writes per element of a device's few modules or a fired
// notification's few targets were all false at medium).
void saveNames(sqlite3 *db, const std::map<int, std::string> &names) {
  for (const auto &[id, name] : names) { // expect-note: {{loop here (severity low: starts at medium: an in-process call; one level down: in process, over a collection nothing shows to be table-sized (it is not the rows of a query, a member filled from them, nor input))}}
    sqlite3_stmt *s = nullptr;
    sqlite3_prepare_v2(db, "UPDATE devices SET name = ? WHERE id = ?", -1, &s, nullptr);
    sqlite3_bind_text(s, 1, name.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 2, id);
    sqlite3_step(s); // expect: n-plus-one low {{'sqlite3_step' runs a statement execution}}
    sqlite3_finalize(s);
  }
}

// A collection the request carries (a handler's const reference to a request object, and
// what is computed from it): as long as the client makes it, so it stays medium.
struct Request {
  std::string param(const char *name) const;
};
void splitList(const std::string &text, char sep, std::vector<std::string> &out);

void shareDevices(sqlite3 *db, const Request &req) {
  std::vector<std::string> ids;
  splitList(req.param("devices"), ';', ids);
  for (size_t i = 0; i < ids.size(); ++i) { // expect-note: {{loop here (severity medium: starts at medium: an in-process call; stays medium: the loop walks the request 'req', as large as the client makes it)}}
    sqlite3_stmt *s = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO shared(device) VALUES (?)", -1, &s, nullptr);
    sqlite3_bind_text(s, 1, ids[i].c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_step(s); // expect: n-plus-one medium {{'sqlite3_step' runs a statement execution}}
    sqlite3_finalize(s);
  }
}

// Text read from outside the program (a file's lines): as many as it holds.
void importNames(sqlite3 *db, std::istream &in) {
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  for (const std::string &name : lines) { // expect-note: {{stays medium: the loop walks input read by 'std::getline', as large as the client makes it}}
    sqlite3_stmt *s = nullptr;
    sqlite3_prepare_v2(db, "SELECT id FROM devices WHERE name = ?", -1, &s, nullptr);
    sqlite3_bind_text(s, 1, name.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_step(s); // expect: n-plus-one medium
    sqlite3_finalize(s);
  }
}

// A collection handed in: table-sized when some caller took it from the rows of a query
// (through its own parameters too, up to three callers), input or a request.
static std::vector<int> pendingIds(sqlite3 *db) {
  std::vector<int> out;
  sqlite3_stmt *s = nullptr;
  sqlite3_prepare_v2(db, "SELECT id FROM pending", -1, &s, nullptr);
  while (sqlite3_step(s) == SQLITE_ROW)
    out.push_back(sqlite3_column_int(s, 0));
  sqlite3_finalize(s);
  return out;
}
static void markEach(sqlite3 *db, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{stays medium: the loop walks 'ids', which 'syncPending' passes from the rows of the query at in_process_size.cpp:}}
    sqlite3_stmt *s = nullptr;
    sqlite3_prepare_v2(db, "UPDATE pending SET seen = 1 WHERE id = ?", -1, &s, nullptr);
    sqlite3_bind_int(s, 1, id);
    sqlite3_step(s); // expect: n-plus-one medium
    sqlite3_finalize(s);
  }
}
void syncPending(sqlite3 *db) {
  std::vector<int> ids = pendingIds(db);
  markEach(db, ids);
}
void syncOne(sqlite3 *db, int id) { markEach(db, {id}); }

// Handed only a few constants by its one caller: nothing shows it large.
static void markFew(sqlite3 *db, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here (severity low:}}
    sqlite3_stmt *s = nullptr;
    sqlite3_prepare_v2(db, "UPDATE pending SET seen = 2 WHERE id = ?", -1, &s, nullptr);
    sqlite3_bind_int(s, 1, id);
    sqlite3_step(s); // expect: n-plus-one low
    sqlite3_finalize(s);
  }
}
void markDefaults(sqlite3 *db) { markFew(db, {1, 2, 3}); }

// A directory's listing: as many entries as the directory holds.
void indexFiles(sqlite3 *db, const std::string &dir) {
  for (const auto &entry : std::filesystem::directory_iterator(dir)) { // expect-note: {{stays medium: the loop walks input read by 'std::filesystem::}}
    sqlite3_stmt *s = nullptr;
    sqlite3_prepare_v2(db, "SELECT id FROM files WHERE path = ?", -1, &s, nullptr);
    sqlite3_bind_text(s, 1, entry.path().c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_step(s); // expect: n-plus-one medium
    sqlite3_finalize(s);
  }
}

// A class handed in read-only that is not a request (a table's definition): its columns are
// the program's own few, nothing shows them large.
struct TableDef {
  std::vector<std::string> columns;
};
void maxOfEach(sqlite3 *db, const TableDef &table) {
  for (const std::string &column : table.columns) { // expect-note: {{loop here (severity low:}}
    sqlite3_stmt *s = nullptr;
    sqlite3_prepare_v2(db, "SELECT max(rowid) FROM t", -1, &s, nullptr);
    sqlite3_bind_text(s, 1, column.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_step(s); // expect: n-plus-one low
    sqlite3_finalize(s);
  }
}

// A service's own settings object, handed in mutable: not a request, nothing shows it large.
struct Settings {
  std::vector<int> watched;
};
void refreshWatched(sqlite3 *db, Settings &settings) {
  for (int id : settings.watched) { // expect-note: {{loop here (severity low:}}
    sqlite3_stmt *s = nullptr;
    sqlite3_prepare_v2(db, "SELECT state FROM devices WHERE id = ?", -1, &s, nullptr);
    sqlite3_bind_int(s, 1, id);
    sqlite3_step(s); // expect: n-plus-one low
    sqlite3_finalize(s);
  }
}

// Nested loops over in-memory collections: groups x members reads, but in process the
// nesting alone shows nothing table-sized (on the field corpus, 21 of 21 such reports at
// high were a node's few children, an upload's few lines, a tick over a few queued ids).
void loadGroups(sqlite3 *db, const std::vector<std::vector<int>> &groups) {
  for (const auto &g : groups)
    for (int member : g) { // expect-note: {{loop here (severity low: starts at medium: an in-process call; not raised for the nesting: in process, and no loop around it is shown to be table-sized; one level down: in process, over a collection nothing shows to be table-sized (it is not the rows of a query, a member filled from them, nor input))}}
      sqlite3_stmt *s = nullptr;
      sqlite3_prepare_v2(db, "SELECT name FROM users WHERE id = ?", -1, &s, nullptr);
      sqlite3_bind_int(s, 1, member);
      sqlite3_step(s); // expect: n-plus-one low
      sqlite3_finalize(s);
    }
}

// The same nesting where the outer loop walks the rows of a query: table-sized, so the
// nesting counts.
void loadTeams(sqlite3 *db, const std::vector<int> &roles) {
  sqlite3_stmt *teams = nullptr;
  sqlite3_prepare_v2(db, "SELECT id FROM teams", -1, &teams, nullptr);
  while (sqlite3_step(teams) == SQLITE_ROW)
    for (int role : roles) { // expect-note: {{loop here (severity high: starts at medium: an in-process call; one level up: the loop is nested in another loop)}}
      sqlite3_stmt *s = nullptr;
      sqlite3_prepare_v2(db, "SELECT name FROM members WHERE team = ? AND role = ?", -1, &s,
                         nullptr);
      sqlite3_bind_int(s, 1, sqlite3_column_int(teams, 0));
      sqlite3_bind_int(s, 2, role);
      sqlite3_step(s); // expect: n-plus-one high
      sqlite3_finalize(s);
    }
  sqlite3_finalize(teams);
}

// A member the program fills from the rows of a query is table-sized wherever it is walked:
// the states of every device, loaded in one method and read back in another.
struct Rows {
  std::vector<std::vector<std::string>> rows(sqlite3 *db, const char *sql) {
    std::vector<std::vector<std::string>> out;
    sqlite3_stmt *s = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &s, nullptr);
    while (sqlite3_step(s) == SQLITE_ROW)
      out.push_back({reinterpret_cast<const char *>(sqlite3_column_text(s, 0))});
    sqlite3_finalize(s);
    return out;
  }
};

struct DeviceStates {
  sqlite3 *db = nullptr;
  Rows wrapper;
  std::map<int, std::string> states; // every enabled device, from the database
  std::map<int, std::string> kinds;  // a few constant entries
  std::map<int, std::string> seen;   // filled one entry at a time, as events arrive

  void load() {
    std::map<int, std::string> fresh;
    auto rows = wrapper.rows(db, "SELECT id, state FROM devices WHERE enabled = 1");
    for (const auto &row : rows)
      fresh[std::stoi(row[0])] = row[0];
    states = fresh;
  }
  void setUp() {
    kinds[1] = "switch";
    kinds[2] = "meter";
  }
  void onEvent(int id, const std::string &state) { seen[id] = state; }

  void readMeters() {
    for (const auto &entry : states) { // expect-note: {{loop here (severity medium: starts at medium: an in-process call; stays medium: over 'states', which 'DeviceStates::load' fills from the rows of a query)}}
      sqlite3_stmt *s = nullptr;
      sqlite3_prepare_v2(db, "SELECT value FROM meters WHERE device = ?", -1, &s, nullptr);
      sqlite3_bind_int(s, 1, entry.first);
      sqlite3_step(s); // expect: n-plus-one medium {{'sqlite3_step' runs a statement execution}}
      sqlite3_finalize(s);
    }
  }
  // An iterator loop over it: the same.
  void readMetersByIterator() {
    for (auto it = states.begin(); it != states.end(); ++it) { // expect-note: {{stays medium: over 'states'}}
      sqlite3_stmt *s = nullptr;
      sqlite3_prepare_v2(db, "SELECT value FROM meters WHERE device = ?", -1, &s, nullptr);
      sqlite3_bind_int(s, 1, it->first);
      sqlite3_step(s); // expect: n-plus-one medium
      sqlite3_finalize(s);
    }
  }
  void readKinds() {
    for (const auto &entry : kinds) { // expect-note: {{loop here (severity low:}}
      sqlite3_stmt *s = nullptr;
      sqlite3_prepare_v2(db, "SELECT label FROM kinds WHERE id = ?", -1, &s, nullptr);
      sqlite3_bind_int(s, 1, entry.first);
      sqlite3_step(s); // expect: n-plus-one low
      sqlite3_finalize(s);
    }
  }
  void readSeen() {
    for (auto it = seen.begin(); it != seen.end(); ++it) { // expect-note: {{loop here (severity low:}}
      sqlite3_stmt *s = nullptr;
      sqlite3_prepare_v2(db, "SELECT label FROM kinds WHERE id = ?", -1, &s, nullptr);
      sqlite3_bind_int(s, 1, it->first);
      sqlite3_step(s); // expect: n-plus-one low
      sqlite3_finalize(s);
    }
  }
};

// Two steps: the ids of a query's rows collected first, then a read per id. The second loop
// walks those rows as surely as a loop over the cursor would: table-sized, one level up, and
// the note names the query. A list filled from anything else (here, the caller's names) is
// not.
void refreshCollected(sqlite3 *db, const std::vector<std::string> &wanted) {
  std::vector<int> ids;
  sqlite3_stmt *all = nullptr;
  sqlite3_prepare_v2(db, "SELECT id FROM modules", -1, &all, nullptr);
  while (sqlite3_step(all) == SQLITE_ROW)
    ids.push_back(sqlite3_column_int(all, 0));
  sqlite3_finalize(all);
  for (size_t i = 0; i < ids.size(); ++i) { // expect-note: {{loop here, over the rows of the query at line 282 (severity high: starts at medium: an in-process call; one level up: the loop walks the rows of the query at line 282)}}
    sqlite3_stmt *s = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM devices WHERE id = ?", -1, &s, nullptr);
    sqlite3_bind_int(s, 1, ids[i]);
    sqlite3_step(s); // expect: n-plus-one high {{'sqlite3_step' runs a statement execution}}
    sqlite3_finalize(s);
  }
  std::vector<std::string> names;
  for (const std::string &w : wanted)
    names.push_back(w);
  for (size_t i = 0; i < names.size(); ++i) { // expect-note: {{loop here (severity low: starts at medium: an in-process call; one level down}}
    sqlite3_stmt *s = nullptr;
    sqlite3_prepare_v2(db, "SELECT id FROM devices WHERE name = ?", -1, &s, nullptr);
    sqlite3_bind_text(s, 1, names[i].c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_step(s); // expect: n-plus-one low {{'sqlite3_step' runs a statement execution}}
    sqlite3_finalize(s);
  }
}
