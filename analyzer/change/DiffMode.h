// `riskgate diff`: analyze a change. The head and base revisions go through the same
// pipeline (the fact index makes unchanged units free), findings are matched by
// fingerprint into introduced, preexisting and fixed, and the change is scored.
#pragma once

#include "driver/Scan.h"

namespace riskgate {

struct DiffOptions {
  ScanOptions scan;
  enum class Mode { Base, Staged, Patch } mode = Mode::Base;
  std::string baseRev;   // --base REV
  std::string patchFile; // --patch FILE, or "-" for standard input
  bool all = false;      // --all: every finding, not only those the change concerns
  /// --whole-program: load every unit's facts, not only the slice the change can affect
  /// (--all implies it: findings the change cannot affect are listed too).
  bool wholeProgram = false;
  std::optional<Grade> failOn = Grade::High;
  std::string cwd; // where riskgate runs (any directory inside the repository)
};

ScanOutcome runDiff(const DiffOptions &Options);

} // namespace riskgate
