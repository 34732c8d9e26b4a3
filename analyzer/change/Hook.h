// `riskgate hook install`: a plain git pre-commit hook that runs `riskgate diff --staged`.
#pragma once

#include <string>
#include <vector>

namespace riskgate {

struct HookOptions {
  std::string cwd;
  std::string riskgatePath;           // absolute path of the riskgate binary the hook runs
  std::vector<std::string> extraArgs; // appended to `riskgate diff --staged`, each quoted
  bool force = false;                 // replace a hook riskgate did not write
};

/// Writes the hook into the repository's hooks directory (core.hooksPath respected).
/// Returns false with a one-line Error; Message says what was done.
bool installHook(const HookOptions &O, std::string &Message, std::string &Error);

} // namespace riskgate
