// riskgate-test-rules: n-plus-one
// Schema upgrades: a loop under a check of the schema version, or in a function named for
// migration, runs once per upgrade of a database, and schema statements (DDL) run once per
// schema object. Reported low, with the reason; the same loop on the normal path is not.
#include <sqlite3.h>

#include <string>
#include <vector>

void openDatabase(sqlite3 *db, int dbversion, const std::vector<int> &meters) {
  if (dbversion < 12) {
    for (int m : meters) { // expect-note: {{loop here}}
      (void)m;
      sqlite3_exec(db, "UPDATE meters SET unit = 1 WHERE id = 1", nullptr, nullptr, nullptr); // expect: n-plus-one low {{the loop runs only when the schema is upgraded}}
    }
  }
  if (meters.size() < 100) {
    for (int m : meters) { // expect-note: {{loop here}}
      (void)m;
      sqlite3_exec(db, "UPDATE meters SET seen = 1 WHERE id = 1", nullptr, nullptr, nullptr); // expect: n-plus-one low {{on every iteration of a loop}}
    }
  }
}

struct Store {
  int schemaVersion() const { return 3; }
  void upgrade(sqlite3 *db, const std::vector<int> &rows) {
    if (!rows.empty() && schemaVersion() <= 2)
      for (int r : rows) { // expect-note: {{loop here}}
        (void)r;
        sqlite3_exec(db, "DELETE FROM old_rows WHERE id = 1", nullptr, nullptr, nullptr); // expect: n-plus-one low {{upgraded}}
      }
  }
};

void migrateTables(sqlite3 *db, const std::vector<std::string> &tables) {
  for (const std::string &t : tables) { // expect-note: {{loop here}}
    (void)t;
    sqlite3_exec(db, "INSERT INTO new_t SELECT * FROM old_t", nullptr, nullptr, nullptr); // expect: n-plus-one low {{in a migration function}}
  }
}

void addColumns(sqlite3 *db, const std::vector<std::string> &columns) {
  for (const std::string &c : columns) { // expect-note: {{loop here}}
    (void)c;
    sqlite3_exec(db, "ALTER TABLE t ADD COLUMN c INTEGER", nullptr, nullptr, nullptr); // expect: n-plus-one low {{a schema statement (ALTER) runs once per schema object}}
  }
}

// A data fix called only from upgrade steps: its loop runs on an upgrade too, whatever its
// name. One called from the normal path as well is an ordinary N+1.
static void fixMeterUnits(sqlite3 *db, const std::vector<int> &meters) {
  for (int m : meters) { // expect-note: {{loop here}}
    (void)m;
    sqlite3_exec(db, "UPDATE meters SET unit = 2 WHERE id = 1", nullptr, nullptr, nullptr); // expect: n-plus-one low {{'fixMeterUnits' is called only when the schema is upgraded}}
  }
}

static void touchMeters(sqlite3 *db, const std::vector<int> &meters) {
  for (int m : meters) { // expect-note: {{loop here}}
    (void)m;
    sqlite3_exec(db, "UPDATE meters SET seen = 2 WHERE id = 1", nullptr, nullptr, nullptr); // expect: n-plus-one low {{on every iteration of a loop}}
  }
}

static void upgradeSteps(sqlite3 *db, int dbversion, const std::vector<int> &meters) {
  if (dbversion < 14) {
    fixMeterUnits(db, meters);
    touchMeters(db, meters);
  }
}

void openAndServe(sqlite3 *db, int dbversion, const std::vector<int> &meters) {
  upgradeSteps(db, dbversion, meters);
  touchMeters(db, meters); // the normal path calls it too
}

// Not schema upgrades: a version above a threshold (a newer client), two versions compared,
// or a version check in an '||' that the normal path also takes.
struct Peer {
  int version = 0;
};
void syncPeers(sqlite3 *db, int clientVersion, const Peer &remote, const Peer &local, bool hot,
               int dbversion, const std::vector<int> &items) {
  if (clientVersion >= 2) {
    for (int i : items) { // expect-note: {{loop here}}
      (void)i;
      sqlite3_exec(db, "UPDATE items SET sent = 1 WHERE id = 1", nullptr, nullptr, nullptr); // expect: n-plus-one low {{on every iteration of a loop}}
    }
  }
  if (remote.version > local.version) {
    for (int i : items) { // expect-note: {{loop here}}
      (void)i;
      sqlite3_exec(db, "UPDATE items SET sent = 2 WHERE id = 1", nullptr, nullptr, nullptr); // expect: n-plus-one low {{on every iteration of a loop}}
    }
  }
  if (hot || dbversion < 3) {
    for (int i : items) { // expect-note: {{loop here}}
      (void)i;
      sqlite3_exec(db, "UPDATE items SET sent = 3 WHERE id = 1", nullptr, nullptr, nullptr); // expect: n-plus-one low {{on every iteration of a loop}}
    }
  }
  const int kSchemaVersion = 9;
  if (dbversion < kSchemaVersion && !items.empty()) {
    for (int i : items) { // expect-note: {{loop here}}
      (void)i;
      sqlite3_exec(db, "UPDATE items SET sent = 4 WHERE id = 1", nullptr, nullptr, nullptr); // expect: n-plus-one low {{the loop runs only when the schema is upgraded}}
    }
  }
}
