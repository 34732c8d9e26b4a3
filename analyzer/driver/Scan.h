// The pipeline end to end: compile inputs -> facts (through the index) -> program model
// -> rules -> report. The CLI and the tests both call it.
#pragma once

#include "core/Diagnostics.h"
#include "report/Report.h"

#include <optional>
#include <string>
#include <vector>

namespace riskgate {

struct ScanOptions {
  std::string buildDir;                        // -p
  std::vector<std::string> files;              // FILE...; empty: every database entry
  std::optional<std::vector<std::string>> fixedArgs; // flags after `--`
  std::string packsDir;                        // --packs-dir; empty: the embedded packs
  std::string resourceDir;                     // --resource-dir
  std::string cacheDir;                        // --cache; empty: next to the database
  bool noCache = false;                        // --no-cache
  unsigned jobs = 0;                           // -j; 0: the machine's cores
  bool progress = false;
  std::optional<Severity> failOn = Severity::High;
  std::string rootDir;                         // report paths relative to it
};

struct ScanOutcome {
  ScanReport report;
  std::string fatal;                 // riskgate could not do its job: exit 2
  std::vector<std::string> warnings; // one line each, printed on stderr
};

ScanOutcome runScan(const ScanOptions &Options);

/// 0: below the gate; 1: the gate tripped; 2: riskgate could not do its job, or a
/// translation unit failed to parse (docs/exit-codes in README).
int exitCodeFor(const ScanOutcome &O);

} // namespace riskgate
