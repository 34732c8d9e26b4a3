// Runs the facts stage over many translation units: in parallel, reusing the fact index,
// and never letting one unit's parse error or crash sink the run.
#pragma once

#include "core/Facts.h"
#include "frontend/CompileDb.h"
#include "packs/RulePack.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace riskgate {

class FactIndex;

struct ExtractOptions {
  unsigned jobs = 1;
  std::string resourceDir;
  FactIndex *index = nullptr; // null: parse everything, store nothing
  bool progress = false;      // a progress line on stderr
  /// Contents that replace the disk's for this run (another revision of some files).
  const std::map<std::string, std::optional<std::string>> *overlay = nullptr;
  SanitizePolicy policy; // untrusted mode and the checkout's root
  /// Per-unit limits (0: none). When either is set, each parsed unit runs in a child process
  /// of its own with that much time and address space; a unit over a limit is reported as
  /// not analyzed and the run goes on. Untrusted mode sets them by default.
  unsigned unitSeconds = 0;
  unsigned unitMegabytes = 0;
  /// Units taken from the index or not at all (a scan of some files reads the rest of the
  /// program from the index, never parses it): one the index lacks comes back empty.
  const std::set<std::string> *indexOnly = nullptr;
};

struct ExtractStats {
  unsigned parsed = 0;
  unsigned reused = 0;
  unsigned failed = 0;
  unsigned notInIndex = 0; // index-only units the index did not hold (left empty)
  /// Library prefixes parsed once and shared (PCHs built), the units parsed over one, and
  /// those parsed again on their own because they did not begin with theirs after all.
  unsigned sharedPrefixes = 0, sharedUnits = 0, unsharedUnits = 0;
  void addShared(const ExtractStats &O) {
    sharedPrefixes += O.sharedPrefixes;
    sharedUnits += O.sharedUnits;
    unsharedUnits += O.unsharedUnits;
  }
  double seconds = 0;
};

struct ExtractResult {
  std::vector<TuFacts> units; // in the order of CompileInputs::files
  std::set<std::string> droppedFlags;
  std::set<std::string> unknownFlags; // flags Clang does not know (GCC's), dropped
  /// The same two sets for each unit, in the order of units (a facts file carries its own).
  std::vector<std::set<std::string>> unitDroppedFlags, unitUnknownFlags;
  ExtractStats stats;
};

/// The command line riskgate runs for File: the database's first entry for it, sanitized
/// (empty when the database has none).
std::vector<std::string> commandFor(const CompileInputs &Inputs, const std::string &File,
                                    const std::string &ResourceDir, std::set<std::string> &Dropped,
                                    SanitizePolicy Policy);

/// Extracts the facts of Files (each must have an entry in Inputs.db).
ExtractResult runExtraction(const CompileInputs &Inputs, const std::vector<std::string> &Files,
                            const PackSet &Packs, const ExtractOptions &Options);

} // namespace riskgate
