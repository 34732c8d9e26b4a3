// The fact index: every translation unit's facts in a sqlite3 database, keyed by what
// they were computed from, so that a rescan re-parses only what changed.
//
// One table per concern (units, their inputs, functions, loops, call sites), stable string
// keys (paths, USRs), WAL journal with a busy timeout so that two riskgate processes can
// share it, one transaction per unit, a schema version, and a corrupt or foreign file
// rebuilt with a warning. docs/architecture.md describes the key.
#pragma once

#include "core/Facts.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace riskgate {

class FactIndex {
public:
  /// Opens (creating if needed) the index at Path. A corrupt index or one of another schema
  /// version is rebuilt once; Warning then says so in one line. Null with a Warning when
  /// there can be no index (a read-only or full folder, a symlink or another kind of file
  /// at Path, an index busy past the timeout): the caller runs without one. Error is left
  /// empty (kept for callers that distinguish).
  static std::unique_ptr<FactIndex> open(const std::string &Path, std::string &Warning,
                                         std::string &Error);
  ~FactIndex();

  /// Loads File's facts if the stored entry was computed from the same command line, rule
  /// packs, tool version and contents of the file and every non-system header it included.
  /// Several variants of a unit are kept (the base and the head of a diff), each keyed by
  /// the content hashes of its inputs; Files overrides the disk's contents.
  bool load(const std::string &File, const std::vector<std::string> &Command,
            const std::string &PacksHash, TuFacts &Out, const Overlay *Files = nullptr);

  void store(const std::string &File, const std::vector<std::string> &Command,
             const std::string &PacksHash, const TuFacts &Facts, const Overlay *Files = nullptr);

  /// Forgets every unit not in Keep (files deleted from the project or the database).
  void prune(const std::vector<std::string> &Keep);

  /// Opens an existing index only to read it (analyze over an index): never creates,
  /// rebuilds or writes anything. Null with a one-line Error for a file that is not a
  /// riskgate fact index of this schema version.
  static std::unique_ptr<FactIndex> openForReading(const std::string &Path, std::string &Error);

  /// A unit as the files on disk are now.
  struct CurrentUnit {
    TuFacts facts;
    std::string packsHash;
    std::map<std::string, std::string> inputHashes; // input path -> content hash
  };
  /// For every unit stored, its newest variant whose inputs all match the files on disk now.
  /// Outdated counts the units with no such variant (left out). False, with Error, when the
  /// index cannot be read through.
  bool loadCurrent(std::vector<CurrentUnit> &Out, size_t &Outdated, std::string &Error);

  /// Units currently stored, for tests and --stats.
  std::vector<std::string> units();

  static constexpr int SchemaVersion = 19;

private:
  FactIndex() = default;
  enum class InitResult { Ok, Replace, Busy };
  InitResult init(const std::string &Path, std::string &Why);
  std::string contentHash(const std::string &File, const Overlay *Files);
  std::string commandHash(const std::vector<std::string> &Command, const std::string &Packs);
  sqlite3_stmt *prepare(const char *Sql);
  bool loadVariant(const std::string &File, const std::string &Variant, TuFacts &Out);
  void fail(const char *What);

  sqlite3 *Db = nullptr;
  std::string Path;
  std::mutex Mutex;
  std::map<std::string, sqlite3_stmt *> Statements;
  std::map<std::string, std::string> HashCache;
  bool Broken = false;
};

} // namespace riskgate
