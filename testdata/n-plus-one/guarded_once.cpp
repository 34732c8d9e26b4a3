// riskgate-test-rules: n-plus-one
// A branch guarded by a local flag it flips unconditionally runs at most once in the loop:
// the first row's extra lookup, a one-time setup. Not per-iteration. A flag re-armed or
// toggled inside the loop, flipped only on some paths, a member (any call may re-arm it),
// or one the branch never flips is the ordinary case. A write before the loop decides
// whether the branch runs at all, not how often. A pointer set on first use is such a flag.
#include <sqlite3.h>

#include <string>
#include <vector>

struct History {
  sqlite3 *db = nullptr;
  bool headerLoaded = false;

  void render(const std::vector<int> &rows) {
    bool first = true;
    for (int r : rows) {
      if (first) {
        first = false;
        sqlite3_exec(db, "SELECT unit FROM meters WHERE id = 1", nullptr, nullptr, nullptr);
      }
      (void)r;
    }
    bool haveFirst = false;
    for (int r : rows) {
      if (haveFirst) {
        (void)r;
      } else {
        haveFirst = true;
        sqlite3_exec(db, "SELECT unit FROM meters WHERE id = 2", nullptr, nullptr, nullptr);
      }
    }
    bool titled = false;
    for (int r : rows) {
      if (!titled) {
        sqlite3_exec(db, "SELECT title FROM meters WHERE id = 3", nullptr, nullptr, nullptr);
        titled = true;
      }
      (void)r;
    }
  }

  // Set before the loop on some paths: that decides whether the branch runs at all, not
  // how often; inside the loop only the branch flips it.
  void managed(const std::vector<int> &rows, bool managedCounter) {
    bool haveFirst = false;
    if (managedCounter)
      haveFirst = true;
    for (int r : rows) {
      if (!haveFirst) {
        haveFirst = true;
        sqlite3_exec(db, "SELECT unit FROM meters WHERE id = 10", nullptr, nullptr, nullptr);
      }
      (void)r;
    }
  }

  // A pointer made on first use in the loop.
  void lazy(const std::vector<int> &rows) {
    const char *unit = nullptr;
    for (int r : rows) {
      if (unit == nullptr) {
        sqlite3_exec(db, "SELECT unit FROM meters WHERE id = 11", nullptr, nullptr, nullptr);
        unit = "kWh";
      }
      (void)r;
    }
  }

  // Cleared again inside the loop: made again for every row that clears it.
  void relazy(const std::vector<int> &rows) {
    const char *unit = nullptr;
    for (int r : rows) { // expect-note: {{loop here}}
      if (!unit) {
        sqlite3_exec(db, "UPDATE meters SET seen = 12 WHERE id = 12", nullptr, nullptr, nullptr); // expect: n-plus-one low
        unit = "kWh";
      }
      if (r < 0)
        unit = nullptr;
    }
  }

  // Emptiness as the flag: filled on first use, by an assignment or by adding to it.
  void lazyText(const std::vector<int> &rows) {
    std::string unit;
    std::vector<int> ids;
    for (int r : rows) {
      if (unit.empty()) {
        sqlite3_exec(db, "SELECT unit FROM meters WHERE id = 13", nullptr, nullptr, nullptr);
        unit = pickUnit(r);
      }
      if (ids.empty()) {
        sqlite3_exec(db, "SELECT id FROM meters WHERE id = 14", nullptr, nullptr, nullptr);
        ids.push_back(r);
      }
    }
  }

  // Cleared again inside the loop: made again after every clear.
  void relazyText(const std::vector<int> &rows) {
    std::string unit;
    for (int r : rows) { // expect-note: {{loop here}}
      if (unit.empty()) {
        sqlite3_exec(db, "UPDATE meters SET seen = 15 WHERE id = 15", nullptr, nullptr, nullptr); // expect: n-plus-one low
        unit = pickUnit(r);
      }
      if (r < 0)
        unit.clear();
    }
  }

  // Assigned an empty text: still empty, the branch runs again.
  void emptied(const std::vector<int> &rows) {
    std::string unit;
    for (int r : rows) { // expect-note: {{loop here}}
      if (unit.empty()) {
        sqlite3_exec(db, "UPDATE meters SET seen = 16 WHERE id = 16", nullptr, nullptr, nullptr); // expect: n-plus-one low
        unit = "";
      }
      (void)r;
    }
  }

  static std::string pickUnit(int r) { return r > 0 ? "kWh" : "W"; }

  // A member flag: any call in the loop may re-arm it (apply() does), so it is per row.
  void apply(int r) { headerLoaded = r > 0 ? false : headerLoaded; }
  void refresh(const std::vector<int> &rows) {
    for (int r : rows) { // expect-note: {{loop here}}
      if (!headerLoaded) {
        headerLoaded = true;
        sqlite3_exec(db, "UPDATE meters SET seen = 7 WHERE id = 7", nullptr, nullptr, nullptr); // expect: n-plus-one low
      }
      apply(r);
    }
  }

  // Flipped only on the last page: every page until then.
  void pages(const std::vector<int> &rows) {
    bool done = false;
    for (int r : rows) { // expect-note: {{loop here}}
      if (!done) {
        sqlite3_exec(db, "UPDATE meters SET seen = 8 WHERE id = 8", nullptr, nullptr, nullptr); // expect: n-plus-one low
        if (r == 0)
          done = true;
      }
    }
  }

  // Toggled: every other row.
  void toggled(const std::vector<int> &rows) {
    bool even = true;
    for (int r : rows) { // expect-note: {{loop here}}
      if (even) {
        even = false;
        sqlite3_exec(db, "UPDATE meters SET seen = 9 WHERE id = 9", nullptr, nullptr, nullptr); // expect: n-plus-one low
      }
      even = !even;
      (void)r;
    }
  }

  // Re-armed on every pass: it runs every other iteration, per row.
  void alternate(const std::vector<int> &rows) {
    bool odd = true;
    for (int r : rows) { // expect-note: {{loop here}}
      if (odd) {
        odd = false;
        sqlite3_exec(db, "UPDATE meters SET seen = 1 WHERE id = 4", nullptr, nullptr, nullptr); // expect: n-plus-one low
      } else {
        odd = true;
      }
      (void)r;
    }
  }

  // Declared inside the loop: a fresh flag per iteration.
  void perRow(const std::vector<int> &rows) {
    for (int r : rows) { // expect-note: {{loop here}}
      bool pending = true;
      if (pending) {
        pending = false;
        sqlite3_exec(db, "UPDATE meters SET seen = 2 WHERE id = 5", nullptr, nullptr, nullptr); // expect: n-plus-one low
      }
      (void)r;
    }
  }

  // Tested, never flipped: every iteration while it holds.
  void whileEnabled(const std::vector<int> &rows, bool enabled) {
    for (int r : rows) { // expect-note: {{loop here}}
      if (enabled)
        sqlite3_exec(db, "UPDATE meters SET seen = 3 WHERE id = 6", nullptr, nullptr, nullptr); // expect: n-plus-one low
      (void)r;
    }
  }
};
