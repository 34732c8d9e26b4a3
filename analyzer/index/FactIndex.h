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
  /// Stamp: when this process closes an index it found sound, it records the file's stamp
  /// (PATH.checked) so that the next open skips the integrity check; false for a unit's
  /// hand-back index, which lives for one unit.
  static std::unique_ptr<FactIndex> open(const std::string &Path, std::string &Warning,
                                         std::string &Error, bool Stamp = true);
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

  // --- The program's shape, read without loading every unit (a diff's slice) ---

  /// The key load() matches a unit's command line and packs against.
  std::string commandKey(const std::vector<std::string> &Command, const std::string &PacksHash) {
    return commandHash(Command, PacksHash);
  }

  /// For every unit of Keys (unit -> commandKey), the newest stored variant computed with that
  /// key whose inputs are all as on disk now: each input has the size and modification time
  /// it had when stored, or else the same contents. Inputs receives that variant's inputs
  /// (the unit first). Units with no such variant are left out of Variants.
  bool currentVariants(const std::map<std::string, std::string> &Keys,
                       std::map<std::string, std::string> &Variants,
                       std::map<std::string, std::vector<std::string>> &Inputs);

  /// A function of one stored variant of a unit.
  struct StoredFunction {
    std::string unit, variant, usr, name;
  };
  /// The functions (any variant) with a call site whose callee is Usr.
  std::vector<StoredFunction> callersOf(const std::string &Usr);
  /// The functions (any variant) with the USR Usr: its definitions.
  std::vector<StoredFunction> definitionsOf(const std::string &Usr);
  /// The functions (any variant) that override Base.
  std::vector<StoredFunction> overridersOf(const std::string &Base);
  /// The functions (any variant) with a call site of Kind.
  std::vector<StoredFunction> functionsWithSite(AccessKind Kind);
  /// The methods of Class (any variant) with a call site of Kind in a loop.
  std::vector<StoredFunction> methodsWithSiteInLoop(const std::string &Class, AccessKind Kind);
  /// One stored variant's facts.
  bool loadStored(const std::string &File, const std::string &Variant, TuFacts &Out);

  static constexpr int SchemaVersion = 45;

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
  /// (modification time in ns, size) of each file hashed, taken before its contents were read.
  std::map<std::string, std::optional<std::pair<int64_t, int64_t>>> StampCache;
  static std::optional<std::pair<int64_t, int64_t>> stampOf(const std::string &File);
  std::vector<StoredFunction> storedFunctions(const char *Sql,
                                              const std::vector<std::string> &Texts,
                                              std::optional<int64_t> Kind = std::nullopt);
  bool Broken = false;
  bool Checked = false; // opened for writing and found sound (quick_check, or its stamp)
  bool Stamp = true;    // record the stamp at close
};

} // namespace riskgate
