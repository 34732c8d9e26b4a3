// The few git commands diff mode needs, run without a shell.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace riskgate {

struct GitResult {
  int exitCode = -1;
  std::string out, err;
  bool ok() const { return exitCode == 0; }
  std::string firstErrorLine() const;
};

/// Runs `git -C Dir Args...`; captures stdout and stderr.
GitResult runGit(const std::string &Dir, const std::vector<std::string> &Args);

/// The top of the work tree containing Dir, or nullopt when Dir is not in a repository.
std::optional<std::string> gitTopLevel(const std::string &Dir);

/// The content of Path (relative to the top) at Rev ("" for the index, ":path"), or nullopt
/// when the file does not exist there.
std::optional<std::string> gitShow(const std::string &Top, const std::string &Rev,
                                   const std::string &Path);

/// NUL-separated names as printed by `git ... -z --name-only`.
std::vector<std::string> splitNul(const std::string &S);

} // namespace riskgate
