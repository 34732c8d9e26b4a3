// `riskgate hook install`: a plain git pre-commit hook that runs `riskgate diff --staged`.
#pragma once

#include <string>
#include <vector>

namespace riskgate {

struct HookOptions {
  std::string cwd;
  std::string riskgatePath;           // absolute path of the riskgate binary the hook runs
  bool onPath = false;                // `riskgate` is on PATH: the hook runs it by name
  std::string buildDir;               // -p, as typed (relative to cwd); empty: riskgate's default
  std::vector<std::string> extraArgs; // appended to `riskgate diff --staged`, each quoted
  bool force = false;                 // replace a hook riskgate did not write
};

/// Writes the hook into the repository's hooks directory (core.hooksPath respected). -p is
/// checked (it must exist) and written relative to the repository's top, where git runs
/// hooks, so it works whichever subdirectory the install ran from. The hook runs `riskgate`
/// from PATH when it is there, else the absolute path; a blocked commit says how to
/// suppress a finding and how to bypass once. Returns false with a one-line Error; Message
/// says what was done; Warnings are worth saying but not fatal.
bool installHook(const HookOptions &O, std::string &Message, std::string &Error,
                 std::vector<std::string> &Warnings);

/// Removes the hook `hook install` wrote (never one it did not write).
bool uninstallHook(const std::string &Cwd, std::string &Message, std::string &Error);

} // namespace riskgate
