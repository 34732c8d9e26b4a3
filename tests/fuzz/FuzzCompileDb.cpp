// libFuzzer target: the compile-database loader and untrusted mode's flag allowlist, as a
// pull request's build would hand them over.
#include "frontend/CompileDb.h"

#include "clang/Tooling/CompilationDatabase.h"

#include "llvm/Support/FileSystem.h"

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <set>
#include <string>

#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  static const std::string Dir = [] {
    std::string D = "/tmp/riskgate-fuzz-compiledb-" + std::to_string(getpid());
    llvm::sys::fs::create_directories(D);
    return D;
  }();
  {
    std::ofstream Out(Dir + "/compile_commands.json", std::ios::binary | std::ios::trunc);
    Out.write(reinterpret_cast<const char *>(Data), static_cast<std::streamsize>(Size));
  }
  riskgate::CompileInputs Inputs;
  std::string Error;
  if (!riskgate::loadCompileInputs(Dir, {}, nullptr, Inputs, Error))
    return 0;
  riskgate::SanitizePolicy Policy;
  Policy.untrusted = true;
  Policy.root = Dir;
  for (const std::string &F : Inputs.files)
    for (const auto &C : Inputs.db->getCompileCommands(F)) {
      std::set<std::string> Dropped;
      Policy.directory = C.Directory;
      (void)riskgate::sanitizeCommandLine(C.CommandLine, "/nonexistent", Dropped, Policy);
      (void)riskgate::sanitizeCommandLine(C.CommandLine, "/nonexistent", Dropped, {});
    }
  return 0;
}
