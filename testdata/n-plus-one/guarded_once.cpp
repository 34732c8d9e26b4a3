// riskgate-test-rules: n-plus-one
// A branch guarded by a flag it flips runs at most once in the loop: the first row's extra
// lookup, a one-time setup. Not per-iteration. A flag re-armed in the loop, or one the
// branch never flips, is the ordinary case.
#include <sqlite3.h>

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
    for (int r : rows) {
      if (!headerLoaded) {
        sqlite3_exec(db, "SELECT title FROM meters WHERE id = 3", nullptr, nullptr, nullptr);
        headerLoaded = true;
      }
      (void)r;
    }
  }

  // Re-armed on every pass: it runs every other iteration, per row.
  void alternate(const std::vector<int> &rows) {
    bool odd = true;
    for (int r : rows) { // expect-note: {{loop here}}
      if (odd) {
        odd = false;
        sqlite3_exec(db, "UPDATE meters SET seen = 1 WHERE id = 4", nullptr, nullptr, nullptr); // expect: n-plus-one medium
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
        sqlite3_exec(db, "UPDATE meters SET seen = 2 WHERE id = 5", nullptr, nullptr, nullptr); // expect: n-plus-one medium
      }
      (void)r;
    }
  }

  // Tested, never flipped: every iteration while it holds.
  void whileEnabled(const std::vector<int> &rows, bool enabled) {
    for (int r : rows) { // expect-note: {{loop here}}
      if (enabled)
        sqlite3_exec(db, "UPDATE meters SET seen = 3 WHERE id = 6", nullptr, nullptr, nullptr); // expect: n-plus-one medium
      (void)r;
    }
  }
};
