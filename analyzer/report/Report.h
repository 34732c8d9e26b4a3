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
  size_t sqlSkipped = 0;                 // queries in a dialect the planner could not read
  std::vector<std::string> unknownFlags; // compiler flags Clang does not know, dropped
  /// A scan of some files: units of the rest of the program whose facts the index did not
  /// hold (their callees are not seen); programWide false: no index, only the files named.
  unsigned outsideIndex = 0;
  bool partial = false, programWide = true;
  bool fromFacts = false; // analyze: every unit read from facts files, none parsed
  /// A diff analyzed as a slice: the program's units (units counts the slice's); 0 otherwise.
  size_t programUnits = 0;
  /// Library prefixes parsed once for several units (docs/performance.md), the units parsed
  /// over one, and those parsed again on their own because they did not begin with theirs.
  unsigned sharedPrefixes = 0, sharedUnits = 0, unsharedUnits = 0;
  double extractSeconds = 0, modelSeconds = 0, rulesSeconds = 0, totalSeconds = 0;
};

/// The diff's risk grade (docs/scoring.md).
enum class Grade : uint8_t { None, Low, Medium, High, Critical };
const char *gradeName(Grade G);
std::optional<Grade> parseGrade(const std::string &Name);

struct RiskScore {
  int value = 0; // 0..100
  Grade grade = Grade::None;
  std::vector<std::string> explanation; // one line per contribution, in order
};

/// A function the change touched, and how much of the program depends on it.
struct ReachEntry {
  std::string function;
  SourceLoc loc;
  size_t callSites = 0;  // direct call sites in the program
  bool fromLoop = false; // some loop calls it, directly or through calls
  bool fromHot = false;  // a hot entry point reaches it
};

struct DiffSummary {
  std::string description; // "changes since main (merge base 1a2b3c4)"
  std::vector<std::string> changedFiles;
  std::vector<ReachEntry> reach;
  RiskScore score;
  std::optional<Grade> failOn;
  size_t hiddenPreexisting = 0; // preexisting findings outside the touched functions
  size_t introduced = 0, preexisting = 0, fixed = 0;
  /// A diff analyzed as the slice the change can affect: its units and the program's (the
  /// preexisting counts are the slice's). Both 0: the whole program was analyzed.
  size_t sliceUnits = 0, programUnits = 0;
};

/// A suppression comment that silenced nothing (clang-tidy reports these too): a note.
struct UnusedSuppression {
  SourceLoc loc;
  std::string form; // the marker as written: riskgate-ignore(n-plus-one)
};

struct ScanReport {
  std::vector<Finding> findings;
  std::vector<UnusedSuppression> unusedSuppressions;
  std::vector<Finding> suppressed; // silenced by comments, counted in reports
  std::vector<ToolError> errors;
  std::set<std::string> droppedFlags;
  RunStatistics stats;
  std::optional<Severity> failOn; // nullopt: the gate never trips
  std::string rootDir;            // paths in reports are relative to it when inside it
  /// --docs-url: where the team publishes the rule pages (`{rule}` is replaced by the rule's
  /// id, else "/<id>.md" is appended); SARIF rules get a helpUri only when it is set.
  std::string docsUrl;
  std::optional<DiffSummary> diff; // set by `riskgate diff`
};

/// What the run could not see, one phrase per kind ("1 unit did not parse ..."); empty when
/// it saw everything. Printed as `riskgate: not seen: ...` in text, "notSeen" in JSON,
/// tool execution notifications in SARIF and a section in Markdown.
struct NotSeenItem {
  std::string id; // unitsWithErrors, sqlNotPlanned, unresolvedCalls, unitsOutsideIndex
  size_t count = 0;
  std::string text;
};
std::vector<NotSeenItem> notSeen(const ScanReport &R);

/// "1 finding", "2 findings".
std::string plural(size_t N, const std::string &One, const std::string &Many = "");

/// Clang's diagnostic format: `file:line:col: warning: [severity] message [rule]`, the
/// source line and a caret, then a `note:` per trace step; a summary line at the end.
/// Findings at or above the gate print as `error`.
void writeText(const ScanReport &R, llvm::raw_ostream &OS, bool Color);

/// The stable JSON shape documented in docs/output.md.
void writeJson(const ScanReport &R, llvm::raw_ostream &OS);

void writeStats(const RunStatistics &S, llvm::raw_ostream &OS);

/// A pull-request comment: score and grade, introduced findings with traces, fixed ones,
/// preexisting ones folded away.
void writeMarkdown(const ScanReport &R, llvm::raw_ostream &OS);

/// SARIF 2.1.0 for code scanning (docs/output.md): one run, a rule table, results with
/// code flows, related locations, partial fingerprints and in-source suppressions.
void writeSarif(const ScanReport &R, llvm::raw_ostream &OS);

/// GitHub workflow commands (::error file=...::message), most severe first, at most 10
/// per level (GitHub's per-step limit); in a diff, introduced findings only.
void writeGithubAnnotations(const ScanReport &R, llvm::raw_ostream &OS);

/// GitLab Code Quality JSON.
void writeGitlab(const ScanReport &R, llvm::raw_ostream &OS);

/// Byte column (as Clang counts) to UTF-16 code units (as SARIF's default columnKind does),
/// given the text of the line.
unsigned utf16Column(const std::string &LineText, unsigned ByteColumn);

/// Escaping of GitHub workflow commands: data (the message) and property values.
std::string githubEscapeData(const std::string &S);
std::string githubEscapeProperty(const std::string &S);

/// True if the gate trips: in a diff, the grade reaches --fail-on; in a scan, a finding's
/// severity does.
bool tripsGate(const ScanReport &R);

std::string displayPath(const std::string &Path, const std::string &Root);

/// Where a unit's error stands: Clang's "file:line:col: " at the start of the message, or the
/// unit itself (line 0) for errors with no location.
struct ErrorPlace {
  std::string file; // absolute or as Clang named it
  unsigned line = 0, column = 0;
  std::string text; // the message without its location
};
ErrorPlace placeOf(const ToolError &E);

/// One line in the form editors' problem matchers read:
/// `file:line:col: error: message [riskgate-parse]` (`file: error: ...` with no location),
/// naming the unit when the error is in another file (a header).
std::string toolErrorLine(const ToolError &E, const std::string &Root);

} // namespace riskgate
