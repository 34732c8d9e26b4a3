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

namespace {
/// The hooks directory (core.hooksPath and worktrees honoured) and the repository's top.
bool hooksDir(const std::string &Cwd, std::string &Top, std::string &Dir, std::string &Error) {
  std::optional<std::string> T = gitTopLevel(Cwd);
  if (!T) {
    Error = Cwd + ": not inside a git repository";
    return false;
  }
  Top = *T;
  GitResult R = runGit(Top, {"rev-parse", "--git-path", "hooks"});
  if (!R.ok()) {
    Error = "cannot find the hooks directory: " + R.firstErrorLine();
    return false;
  }
  Dir = R.out.substr(0, R.out.find('\n'));
  if (llvm::sys::path::is_relative(Dir))
    Dir = Top + "/" + Dir;
  return true;
}
} // namespace

bool installHook(const HookOptions &O, std::string &Message, std::string &Error,
                 std::vector<std::string> &Warnings) {
  std::string Top, Dir;
  if (!hooksDir(O.cwd, Top, Dir, Error))
    return false;
  // -p as typed is relative to where the install ran; git runs the hook at the top.
  std::vector<std::string> Args;
  std::string Shown;
  if (!O.buildDir.empty()) {
    llvm::SmallString<256> Abs(O.buildDir);
    if (llvm::sys::path::is_relative(Abs))
      llvm::sys::fs::make_absolute(O.cwd, Abs);
    llvm::sys::path::remove_dots(Abs, true);
    if (!llvm::sys::fs::exists(Abs)) {
      Error = O.buildDir + ": no such build directory (-p names the folder that holds "
                           "compile_commands.json, or the file itself)";
      return false;
    }
    if (llvm::sys::fs::is_directory(Abs) && !llvm::sys::fs::exists(Abs + "/compile_commands.json"))
      Warnings.push_back(O.buildDir + ": no compile_commands.json there yet; the hook needs one "
                                      "(CMake: -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)");
    std::string P = Abs.str().str();
    if (P == Top)
      P = ".";
    else if (llvm::StringRef(P).starts_with(Top + "/"))
      P = P.substr(Top.size() + 1);
    Args = {"-p", P};
  }
  Args.insert(Args.end(), O.extraArgs.begin(), O.extraArgs.end());
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
  std::string Extra;
  for (const std::string &A : Args) {
    Extra += " " + shellQuote(A);
    Shown += " " + A;
  }
  std::string Binary = O.onPath ? "riskgate" : shellQuote(O.riskgatePath);
  std::string Script =
      std::string("#!/bin/sh\n") + Marker +
      "\n# Blocks a commit whose staged change trips riskgate's gate.\n"
      "# Remove with: riskgate hook uninstall\n" +
      (O.onPath ? "if ! command -v riskgate >/dev/null 2>&1; then\n"
                  "  echo 'riskgate: not found on PATH, so this commit was not checked; install "
                  "riskgate or bypass once with: git commit --no-verify' >&2\n"
                  "  exit 2\n"
                  "fi\n"
                : "") +
      Binary + " diff --staged --quiet" + Extra +
      "\n"
      "status=$?\n"
      "if [ \"$status\" -eq 1 ]; then\n"
      "  echo 'riskgate: commit blocked: the staged change trips the gate (see above).' >&2\n"
      "  echo '  Fix the finding, or accept it with a reason on its line:' >&2\n"
      "  echo '    // riskgate-ignore(RULE): why this is fine' >&2\n"
      "  echo '  Bypass once: git commit --no-verify' >&2\n"
      "elif [ \"$status\" -ne 0 ]; then\n"
      "  echo 'riskgate: could not check this commit (see above). Bypass once: git commit "
      "--no-verify' >&2\n"
      "fi\n"
      "exit $status\n";
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
  Message = "installed " + Path + " (runs: " + (O.onPath ? "riskgate" : O.riskgatePath) +
            " diff --staged" + Shown + (O.onPath ? "; riskgate found on PATH" : "") + ")";
  return true;
}

bool uninstallHook(const std::string &Cwd, std::string &Message, std::string &Error) {
  std::string Top, Dir;
  if (!hooksDir(Cwd, Top, Dir, Error))
    return false;
  std::string Path = Dir + "/pre-commit";
  auto Existing = llvm::MemoryBuffer::getFile(Path);
  if (!Existing) {
    Message = "no pre-commit hook at " + Path + "; nothing to remove";
    return true;
  }
  if (!(*Existing)->getBuffer().contains(Marker)) {
    Error = Path + ": this pre-commit hook was not written by riskgate; left in place";
    return false;
  }
  if (auto EC = llvm::sys::fs::remove(Path)) {
    Error = Path + ": cannot remove: " + EC.message();
    return false;
  }
  Message = "removed " + Path;
  return true;
}

} // namespace riskgate
