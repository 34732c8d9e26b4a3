// Inline expectations in testdata (docs/testing.md):
//   code();  // expect: <rule> <severity> {{message substring}}
//   // expect@+1: <rule> <severity>          (the finding is N lines below)
//   code();  // expect-note: {{trace text}}   (a trace step of some finding is here)
//   #include "missing.h" // expect-error: {{text}}  (a parse error is reported here)
// Every finding, trace step and error must be expected, and every expectation met.
#pragma once

#include "core/Diagnostics.h"

#include <string>
#include <vector>

namespace riskgate::test {

struct Expectation {
  enum Kind { Finding, Note, Error } kind = Finding;
  std::string file;
  unsigned line = 0;
  std::string rule;
  std::string severity;
  std::string text; // substring of the message, may be empty for findings
  unsigned matched = 0;
};

/// Reads the expectations of one file; malformed expectation comments are returned as
/// errors (a typo must not silently expect nothing).
std::vector<Expectation> parseExpectations(const std::string &File,
                                           std::vector<std::string> &Problems);

/// Compares findings and errors with expectations; returns a description of every
/// mismatch, empty when everything matched.
std::string verify(std::vector<Expectation> Expected, const std::vector<Finding> &Findings,
                   const std::vector<ToolError> &Errors);

} // namespace riskgate::test
