// The slice of a program a change can affect, read from the fact index: the units a diff
// loads instead of every unit of the program, and the functions whose findings can differ
// between the two revisions. docs/performance.md says how it is computed and where it stops.
#pragma once

#include "driver/Scan.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace riskgate {

struct DiffSlice {
  /// The units to analyze, in the order of the compile database.
  std::vector<std::string> units;
  /// USRs of the functions whose findings can differ: the changed units' functions, every
  /// function that reaches them through calls, and every function they reach.
  std::set<std::string> focus;
  /// The units the change touches (their source or a header they include), or that the
  /// index holds no current facts for: extracted here, for each revision.
  ExtractResult head, base;
  size_t changedUnits = 0;
};

/// The slice for a change to the files Changed (absolute paths), with the revisions' contents
/// Head and Base. Nullopt when there is no current index to read it from or the change
/// reaches most of the program: the caller then analyzes the whole program.
std::optional<DiffSlice> sliceChange(Pipeline &P, const std::set<std::string> &Changed,
                                     const std::vector<std::string> &HeadFiles,
                                     const std::vector<std::string> &BaseFiles, const Overlay *Head,
                                     const Overlay *Base);

/// Keeps the findings of functions in Focus (by the function's qualified name, and its body's
/// lines where several functions share a name).
void keepFocus(std::vector<Finding> &Findings, const ProgramModel &M,
               const std::set<std::string> &Focus);

} // namespace riskgate
