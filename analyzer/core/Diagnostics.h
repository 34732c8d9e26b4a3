// Findings: what the rules conclude, independent of how a report prints them.
#pragma once

#include "core/Facts.h"

#include <optional>
#include <string>
#include <vector>

namespace riskgate {

enum class Severity : uint8_t { Low, Medium, High, Critical };

const char *severityName(Severity S);
std::optional<Severity> parseSeverity(const std::string &Name);
/// One level up or down, saturating at the ends of the scale.
Severity raise(Severity S);
Severity lower(Severity S);

/// One step of the chain from the risky context down to the data access.
struct TraceStep {
  SourceLoc loc;
  std::string message;
};

/// Another rule's finding at the same site, folded into the site's one diagnostic.
struct RelatedFinding {
  std::string rule;
  Severity severity = Severity::Medium;
  std::string message;
};

struct Finding {
  std::string rule;
  Severity severity = Severity::Medium;
  SourceLoc loc;
  std::string function; // qualified name of the function that holds the risky context
  std::string message;
  std::vector<TraceStep> trace;
  /// Stable identity across line moves: rule, function, callee chain, normalized SQL.
  std::string fingerprint;
  /// Ingredients of the fingerprint, filled by the rule; hashed centrally.
  std::vector<std::string> fingerprintParts;
  /// The fingerprint before its occurrence suffix: findings that share it are the same
  /// finding in several places (one function defined in two units), paired by place in a diff.
  std::string identity;
  /// In a diff: "introduced", "preexisting" or "fixed"; empty in a scan.
  std::string status;
  /// For a finding silenced by a comment: the reason the comment gives.
  std::string justification;
  /// The other rules that fired at this site (mergeSites), most severe first.
  std::vector<RelatedFinding> also;
};

/// One diagnostic per site: findings of several rules at one call (same file, line and
/// column) become one, at the most severe rule (on a tie, the rule whose name sorts first), the
/// others kept as `also` reasons. Run after suppressions, so suppressing the primary rule
/// leaves the others.
void mergeSites(std::vector<Finding> &Findings);

/// The message with the site's other rules named: "... (also: loop-invariant-query, medium)".
std::string messageWithAlso(const Finding &F);

/// Hex of a 64-bit hash of the parts, stable across runs and platforms.
std::string stableHash(const std::vector<std::string> &Parts);

/// Orders findings by location, then rule, and gives each its fingerprint; findings that
/// share every fingerprint part get an occurrence suffix so each fingerprint is unique.
/// Exact duplicates (same rule and location, e.g. a template and its instantiation) are
/// dropped.
void finalizeFindings(std::vector<Finding> &Findings);

/// S on one line with no control characters: each (newline, escape, NUL, DEL) becomes a
/// visible `\xNN`. Everything riskgate prints that a file, a path or SQL could have shaped
/// goes through it, so no input can forge a line of output or a terminal sequence.
std::string printable(const std::string &S);

/// The deepest nesting of [ and { in JSON text (strings skipped). JSON and YAML parsers
/// recurse once per level: riskgate refuses input nested deeper than MaxJsonNesting
/// before parsing it.
unsigned jsonNesting(const std::string &Text);
constexpr unsigned MaxJsonNesting = 512;

} // namespace riskgate
