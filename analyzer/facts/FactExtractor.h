// The facts stage: the one place that reads the Clang AST (docs/architecture.md).
#pragma once

#include "core/Facts.h"
#include "packs/RulePack.h"

namespace clang {
class ASTContext;
}

namespace riskgate {

/// Walks every function defined in the translation unit outside system headers (including
/// template instantiations and lambda bodies) and records its loops and call sites, with
/// rule-pack APIs resolved to access kinds. SystemDirs: the folders whose files are library
/// headers (absolute, no trailing slash); null: Clang's own notion, which a file can claim.
void extractFacts(clang::ASTContext &Ctx, const PackSet &Packs, TuFacts &Out,
                  const std::vector<std::string> *SystemDirs = nullptr);

} // namespace riskgate
