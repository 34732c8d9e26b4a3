// Rule packs: what a library's API does, as data (rules/*.yaml, docs/rule-packs.md).
#pragma once

#include "core/Facts.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace riskgate {

/// How an API reports failure (for unchecked-result rules).
enum class FailureReport : uint8_t {
  None,
  ReturnCode,   // an int status (SQLITE_OK, SQL_SUCCESS, 0)
  NullPointer,  // a pointer that is null on failure
  ResultStatus, // a result object whose status must be read (PGresult)
  FalseValue,   // a bool that is false on failure
  Exception,    // throws
};

/// Where the statement handle of a call is: an argument, or the object a method is called on.
struct ArgRef {
  static constexpr int This = -2;
  int index = -1; // -1: none; This: the implicit object argument
  bool present() const { return index != -1; }
};

struct ApiEntry {
  std::string name; // qualified name; '*' matches any run of characters
  AccessKind kind = AccessKind::None;
  Latency latency = Latency::None;
  ArgRef sqlArg;
  ArgRef statementArg;
  ArgRef driverArg;  // connect: the argument naming the driver ("QSQLITE")
  ArgRef commandArg; // the argument holding a command text (Redis "GET %s")
  FailureReport failure = FailureReport::None;
  int arity = -1; // matches only overloads with this many parameters (-1: any)
  /// `sql << "SELECT ... FROM " << table`: further `<<` on the call's result add their
  /// operands to its SQL text (SOCI, Poco::Data), rather than binding values (CppDB).
  bool sqlStream = false;
  unsigned line = 0; // where the entry is defined in its pack
};

struct RulePack {
  std::string name;
  std::string path; // file it was read from, for messages
  std::string description;
  std::vector<std::string> headers;    // enabled for declarations from these headers
  std::vector<std::string> retryCodes; // result codes that mean "try again"
  /// Driver names (a connect call's driver argument) whose engine runs in the process
  /// (QSQLITE); any other constant driver is a network engine.
  std::vector<std::string> inProcessDrivers;
  /// Commands (the first word of a command-arg's constant text) that read from or fill a
  /// cache: a call sending one is a cache-read / cache-write (Redis GET, SET).
  std::vector<std::string> cacheReadCommands;
  std::vector<std::string> cacheWriteCommands;
  std::vector<ApiEntry> apis;
};

/// A pack loading problem: file, line, column and what is wrong.
struct PackError {
  std::string file;
  unsigned line = 0;
  unsigned column = 0;
  std::string message;
  std::string str() const; // "file:line:col: message"
};

/// Parses one pack; on failure returns std::nullopt and fills Error.
std::optional<RulePack> parseRulePack(const std::string &Path, const std::string &Text,
                                      PackError &Error);

/// The packs in force, with a fast lookup from a declaration to its API entry.
class PackSet {
public:
  void add(RulePack Pack);
  const std::vector<RulePack> &packs() const { return Packs; }

  struct Match {
    const RulePack *pack = nullptr;
    const ApiEntry *api = nullptr;
  };
  /// The API entry for a declaration named QualifiedName declared in DeclFile.
  std::optional<Match> match(const std::string &QualifiedName, const std::string &DeclFile,
                             int Arity = -1) const;

  /// Drops the packs named (`packs: {name: off}` in .riskgate.yaml).
  void disable(const std::vector<std::string> &Names);

  bool isRetryCode(const std::string &MacroName) const;
  /// Hash of every pack's content, part of the fact cache key.
  std::string contentHash() const { return Hash; }

private:
  std::vector<RulePack> Packs;
  std::multimap<std::string, std::pair<size_t, size_t>> Exact; // name -> (pack, api)
  std::vector<std::pair<size_t, size_t>> Globs;
  std::string Hash;
};

/// Loads the embedded packs, or every *.yaml in Dir when Dir is not empty.
/// Returns false and fills Error on the first malformed pack.
bool loadPacks(const std::string &Dir, PackSet &Out, PackError &Error);
/// The built-in packs (unless Builtin is false) and every DIR/*.yaml of Dirs, in order; a
/// pack from a directory replaces a built-in one of the same name.
bool loadPacks(const std::vector<std::string> &Dirs, bool Builtin, PackSet &Out, PackError &Error);

bool globMatch(const std::string &Pattern, const std::string &Text);

} // namespace riskgate
