// The rule pages (docs/rules/<id>.md), compiled into the binary (scripts/embed-docs.cmake):
// `riskgate help RULE`, `riskgate rules --explain RULE` and the SARIF rules' help.
#pragma once

#include <string>
#include <vector>

namespace riskgate {
struct RuleDoc {
  const char *id;       // the rule id: the page's file name without .md
  const char *markdown; // the page
};
const std::vector<RuleDoc> &ruleDocs();

/// The page of rule Id, or null.
inline const char *ruleDoc(const std::string &Id) {
  for (const RuleDoc &D : ruleDocs())
    if (Id == D.id)
      return D.markdown;
  return nullptr;
}
} // namespace riskgate
