#include "change/Hook.h"

#include "change/Git.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace riskgate {

namespace {
const char *const Marker = "# installed by riskgate hook install";

std::string shellQuote(const std::string &S) {
  std::string Out = "'";
  for (char C : S) {
    if (C == '\'')
      Out += "'\\''";
    else
      Out += C;
  }
  return Out + "'";
}
} // namespace

bool installHook(const HookOptions &O, std::string &Message, std::string &Error) {
  std::optional<std::string> Top = gitTopLevel(O.cwd);
  if (!Top) {
    Error = O.cwd + ": not inside a git repository";
    return false;
  }
  // `git rev-parse --git-path hooks` honours core.hooksPath and worktrees.
  GitResult R = runGit(*Top, {"rev-parse", "--git-path", "hooks"});
  if (!R.ok()) {
    Error = "cannot find the hooks directory: " + R.firstErrorLine();
    return false;
  }
  std::string Dir = R.out.substr(0, R.out.find('\n'));
  if (llvm::sys::path::is_relative(Dir))
    Dir = *Top + "/" + Dir;
  if (auto EC = llvm::sys::fs::create_directories(Dir)) {
    Error = Dir + ": cannot create the hooks directory: " + EC.message();
    return false;
  }
  std::string Path = Dir + "/pre-commit";
  if (auto Existing = llvm::MemoryBuffer::getFile(Path)) {
    bool Ours = (*Existing)->getBuffer().contains(Marker);
    if (!Ours && !O.force) {
      Error = Path + ": a pre-commit hook riskgate did not write is already there; keep it "
                     "and call riskgate from it, or pass --force to replace it";
      return false;
    }
  }
  std::string Extra, Shown;
  for (const std::string &A : O.extraArgs) {
    Extra += " " + shellQuote(A);
    Shown += " " + A;
  }
  std::string Script = std::string("#!/bin/sh\n") + Marker +
                       "\n# Blocks a commit whose staged change trips riskgate's gate.\n"
                       "# Bypass once with: git commit --no-verify\n"
                       "exec " +
                       shellQuote(O.riskgatePath) + " diff --staged --quiet" + Extra + "\n";
  std::string Tmp = Path + ".riskgate.tmp";
  {
    std::error_code EC;
    llvm::raw_fd_ostream Out(Tmp, EC);
    if (EC) {
      Error = Tmp + ": cannot write: " + EC.message();
      return false;
    }
    Out << Script;
  }
  llvm::sys::fs::setPermissions(Tmp, llvm::sys::fs::all_read | llvm::sys::fs::all_exe |
                                         llvm::sys::fs::owner_write);
  if (auto EC = llvm::sys::fs::rename(Tmp, Path)) {
    Error = Path + ": cannot install: " + EC.message();
    return false;
  }
  Message = "installed " + Path + " (runs: riskgate diff --staged" + Shown + ")";
  return true;
}

} // namespace riskgate
