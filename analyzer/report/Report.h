// Reports: findings and errors printed for people (text) and for machines (json).
#pragma once

#include "core/Diagnostics.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
}

namespace riskgate {

struct RunStatistics {
  unsigned units = 0, parsed = 0, reused = 0, failed = 0;
  size_t functions = 0, callEdges = 0, unresolvedCalls = 0, virtualCalls = 0;
  double extractSeconds = 0, modelSeconds = 0, rulesSeconds = 0, totalSeconds = 0;
};

struct ScanReport {
  std::vector<Finding> findings;
  std::vector<ToolError> errors;
  std::set<std::string> droppedFlags;
  RunStatistics stats;
  std::optional<Severity> failOn; // nullopt: the gate never trips
  std::string rootDir;            // paths in reports are relative to it when inside it
};

/// Clang's diagnostic format: `file:line:col: warning: [severity] message [rule]`, the
/// source line and a caret, then a `note:` per trace step; a summary line at the end.
/// Findings at or above the gate print as `error`.
void writeText(const ScanReport &R, llvm::raw_ostream &OS, bool Color);

/// The stable JSON shape documented in docs/output.md.
void writeJson(const ScanReport &R, llvm::raw_ostream &OS);

void writeStats(const RunStatistics &S, llvm::raw_ostream &OS);

/// True if a finding reaches the gate.
bool tripsGate(const ScanReport &R);

std::string displayPath(const std::string &Path, const std::string &Root);

} // namespace riskgate
