// Facts files: one translation unit's facts as a self-describing, deterministic JSON
// document, the unit of work `riskgate extract` produces and `riskgate analyze` merges.
//
// A facts file is hermetic: paths inside the declared root are written relative to it, object
// keys are sorted, and nothing of the run (time, host, absolute root) goes in, so the same
// sources, headers, flags, packs and riskgate version give the same bytes on any machine and
// a content-addressed cache (Bazel's, a CI's) can share it. docs/scaling.md describes the
// format and the checks analyze makes.
#pragma once

#include "core/Facts.h"

#include "llvm/Support/JSON.h"

#include <map>
#include <set>
#include <string>

namespace riskgate {

/// The facts of one unit as a facts file carries them.
struct UnitFactsFile {
  TuFacts facts;
  std::set<std::string> droppedFlags; // flags removed by the sanitizer
  std::set<std::string> unknownFlags; // GCC-only flags removed
  std::string packsHash;              // the rule packs the unit was matched against
  /// Content hash (stableHash) of each input the facts were computed from: the unit and the
  /// non-system headers it included, by absolute path. A reader compares them with the
  /// files it has, so facts of another revision are never taken for this one's.
  std::map<std::string, std::string> inputHashes;
  /// Set by loadFactsFiles, never written: the first input whose contents here differ from
  /// what the facts were computed from (empty: they match).
  std::string staleInput;
};

/// The hash inputHashes holds for a file's contents.
std::string contentHashOf(const std::string &Text);

/// contentHashOf the file at Path, or "missing" when it is not a regular file of a source's
/// size (a FIFO, a device or a 1 GiB file named as an input counts as changed).
std::string fileContentHash(const std::string &Path);

/// Path relative to Root when inside it ("src/a.cpp"); empty when it is not.
std::string pathUnderRoot(const std::string &Path, const std::string &Root);

/// Version of the facts file layout; a reader refuses any other.
constexpr int FactsFileFormat = 1;

/// The facts file text for U. Paths inside Root (an absolute, normalized folder) are written
/// relative to it; other paths (system headers reached by -I, say) stay absolute.
std::string encodeFactsFile(const UnitFactsFile &U, const std::string &Root);

/// Reads a facts file (Path names it in messages; relative paths in it are resolved against
/// Root). False with a one-line Error naming Path for anything but a facts file of this
/// riskgate version and facts schema.
bool decodeFactsFile(const std::string &Path, const std::string &Text, const std::string &Root,
                     UnitFactsFile &Out, std::string &Error);

/// The per-function and per-call data-flow facts as JSON (shared with the fact index, which
/// stores them as one column each).
llvm::json::Object functionFlowJson(const FunctionFact &F);
void readFunctionFlow(const llvm::json::Object &O, FunctionFact &F);
llvm::json::Object siteFlowJson(const CallSite &S);
void readSiteFlow(const llvm::json::Object &O, CallSite &S);

} // namespace riskgate
