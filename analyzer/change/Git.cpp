#include "change/Git.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

namespace riskgate {

std::string GitResult::firstErrorLine() const {
  std::string S = err.empty() ? out : err;
  size_t End = S.find('\n');
  S = S.substr(0, End);
  if (S.rfind("fatal: ", 0) == 0)
    S = S.substr(7);
  return S.empty() ? "git exited with " + std::to_string(exitCode) : S;
}

GitResult runGit(const std::string &Dir, const std::vector<std::string> &Args) {
  GitResult R;
  auto Git = llvm::sys::findProgramByName("git");
  if (!Git) {
    R.err = "git is not installed (riskgate diff needs it)";
    return R;
  }
  llvm::SmallString<128> Out, Err;
  llvm::sys::fs::createTemporaryFile("riskgate-git", "out", Out);
  llvm::sys::fs::createTemporaryFile("riskgate-git", "err", Err);
  std::vector<llvm::StringRef> Argv{*Git, "-C", Dir, "-c", "core.quotepath=on"};
  for (const std::string &A : Args)
    Argv.push_back(A);
  std::optional<llvm::StringRef> Redirects[] = {llvm::StringRef(""), llvm::StringRef(Out),
                                                llvm::StringRef(Err)};
  std::string ErrMsg;
  R.exitCode = llvm::sys::ExecuteAndWait(*Git, Argv, std::nullopt, Redirects, 0, 0, &ErrMsg);
  if (auto B = llvm::MemoryBuffer::getFile(Out))
    R.out = (*B)->getBuffer().str();
  if (auto B = llvm::MemoryBuffer::getFile(Err))
    R.err = (*B)->getBuffer().str();
  if (R.exitCode < 0 && R.err.empty())
    R.err = ErrMsg;
  llvm::sys::fs::remove(Out);
  llvm::sys::fs::remove(Err);
  return R;
}

std::optional<std::string> gitTopLevel(const std::string &Dir) {
  GitResult R = runGit(Dir, {"rev-parse", "--show-toplevel"});
  if (!R.ok())
    return std::nullopt;
  std::string S = R.out;
  while (!S.empty() && (S.back() == '\n' || S.back() == '\r'))
    S.pop_back();
  return S;
}

std::optional<std::string> gitShow(const std::string &Top, const std::string &Rev,
                                   const std::string &Path) {
  // The blob's bytes: cat-file never runs textconv or filter drivers, whatever the
  // repository's .gitattributes say.
  GitResult R = runGit(Top, {"cat-file", "blob", Rev + ":" + Path});
  if (!R.ok())
    return std::nullopt;
  return R.out;
}

std::vector<std::string> splitNul(const std::string &S) {
  std::vector<std::string> Out;
  size_t Start = 0;
  while (Start < S.size()) {
    size_t End = S.find('\0', Start);
    if (End == std::string::npos)
      End = S.size();
    if (End > Start)
      Out.push_back(S.substr(Start, End - Start));
    Start = End + 1;
  }
  return Out;
}

} // namespace riskgate
