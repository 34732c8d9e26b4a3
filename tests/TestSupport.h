// Helpers shared by the test files: temporary directories, files, running the CLI.
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace riskgate::test {

/// A fresh directory under $TMPDIR, removed when the test ends.
class TempDir {
public:
  TempDir() {
    const char *Base = std::getenv("TMPDIR");
    std::string Tmpl = std::string(Base ? Base : "/tmp") + "/riskgate-test-XXXXXX";
    std::vector<char> Buf(Tmpl.begin(), Tmpl.end());
    Buf.push_back('\0');
    Path = mkdtemp(Buf.data());
  }
  ~TempDir() {
    if (!Path.empty() && !std::getenv("RISKGATE_KEEP_TEMP"))
      std::system(("rm -rf '" + Path + "'").c_str());
  }
  std::string path(const std::string &Rel = "") const {
    return Rel.empty() ? Path : Path + "/" + Rel;
  }

private:
  std::string Path;
};

inline void writeFile(const std::string &Path, const std::string &Text) {
  std::system(("mkdir -p \"$(dirname '" + Path + "')\"").c_str());
  std::ofstream(Path, std::ios::binary) << Text;
}

inline std::string readFile(const std::string &Path) {
  std::ifstream In(Path, std::ios::binary);
  std::stringstream S;
  S << In.rdbuf();
  return S.str();
}

struct CommandResult {
  int exitCode = -1;
  std::string out, err;
};

/// Runs a shell command line in Dir, capturing both streams.
inline CommandResult run(const std::string &Dir, const std::string &Command) {
  static int Counter = 0;
  std::string Base =
      "/tmp/riskgate-cmd-" + std::to_string(getpid()) + "-" + std::to_string(Counter++);
  std::string Full =
      "cd '" + Dir + "' && ( " + Command + " ) >" + Base + ".out 2>" + Base + ".err </dev/null";
  int Status = std::system(Full.c_str());
  CommandResult R;
  R.exitCode = WIFEXITED(Status) ? WEXITSTATUS(Status) : -1;
  R.out = readFile(Base + ".out");
  R.err = readFile(Base + ".err");
  std::remove((Base + ".out").c_str());
  std::remove((Base + ".err").c_str());
  return R;
}

inline std::string riskgateBinary() { return RISKGATE_BINARY; }

/// Empty when A == B; else the first line where they differ, with its number: a readable
/// failure for two long reports that must be the same bytes.
inline std::string firstDifference(const std::string &A, const std::string &B) {
  if (A == B)
    return "";
  std::istringstream SA(A), SB(B);
  std::string LA, LB;
  for (size_t Line = 1;; ++Line) {
    bool HA = static_cast<bool>(std::getline(SA, LA)), HB = static_cast<bool>(std::getline(SB, LB));
    if (!HA && !HB)
      return "the texts differ only in their last line break";
    if (!HA || !HB || LA != LB)
      return "line " + std::to_string(Line) + ": '" + (HA ? LA : "<end>") + "' vs '" +
             (HB ? LB : "<end>") + "'";
  }
}

/// Default flags for testdata: C++17 and libpq's include directory.
inline std::vector<std::string> testFlags() {
  return {"-std=c++17", "-I" RISKGATE_PQ_INCLUDE, "-I" RISKGATE_SOURCE_DIR "/analyzer/include"};
}

} // namespace riskgate::test
