#include "frontend/CompileDb.h"

#include "core/Diagnostics.h"
#include "packs/RulePack.h"

#include "clang/Driver/Options.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cstdlib>

namespace riskgate {

namespace {
std::string absolute(const std::string &P) {
  llvm::SmallString<256> S(P);
  llvm::sys::fs::make_absolute(S);
  llvm::sys::path::remove_dots(S, true);
  return S.str().str();
}

/// "of a.cpp" from an interpolated command's "inferred from a.cpp".
std::string borrowedFrom(const clang::tooling::CompileCommand &C) {
  llvm::StringRef H(C.Heuristic);
  H.consume_front("inferred from ");
  return "of " + H.str();
}
} // namespace

bool loadCompileInputs(const std::string &BuildDir, const std::vector<std::string> &Files,
                       const std::vector<std::string> *FixedArgs, CompileInputs &Out,
                       std::string &Error) {
  using namespace clang::tooling;
  if (FixedArgs) {
    if (Files.empty()) {
      Error = "no input files: name the files to analyze before '--'";
      return false;
    }
    llvm::SmallString<256> Cwd;
    llvm::sys::fs::current_path(Cwd);
    Out.db = std::make_shared<FixedCompilationDatabase>(Cwd.str(), *FixedArgs);
    Out.dbPath = "<command line>";
  } else {
    std::vector<std::string> Candidates;
    if (!BuildDir.empty()) {
      if (!llvm::sys::fs::exists(BuildDir)) {
        Error = absolute(BuildDir) + ": no such build directory";
        return false;
      }
      if (llvm::sys::fs::is_directory(BuildDir))
        Candidates.push_back(BuildDir + "/compile_commands.json");
      else
        Candidates.push_back(BuildDir);
    } else {
      Candidates = {"compile_commands.json", "build/compile_commands.json"};
    }
    std::string Found;
    for (const std::string &C : Candidates)
      if (llvm::sys::fs::exists(C)) {
        Found = C;
        break;
      }
    if (Found.empty()) {
      Error = BuildDir.empty()
                  ? "no compile_commands.json in the current directory or ./build (pass -p "
                    "BUILD_DIR, or give flags after '--')"
                  : absolute(Candidates[0]) + ": no such compile database";
      return false;
    }
    if (auto Buf = llvm::MemoryBuffer::getFile(Found)) {
      std::string Text = (*Buf)->getBuffer().str();
      if (unsigned Depth = jsonNesting(Text); Depth > MaxJsonNesting) {
        Error = absolute(Found) + ": malformed compile database: nested " + std::to_string(Depth) +
                " levels deep";
        return false;
      }
    }
    std::string Err;
    auto DB = JSONCompilationDatabase::loadFromFile(Found, Err, JSONCommandLineSyntax::AutoDetect);
    if (!DB) {
      llvm::StringRef Msg(Err);
      Msg.consume_front("Error while parsing JSON.");
      Msg = Msg.trim();
      Error = absolute(Found) + ": malformed compile database" +
              (Msg.empty() ? std::string() : ": " + Msg.str());
      return false;
    }
    Out.dbPath = absolute(Found);
    // A file with no entry borrows the flags of the closest one (clangd's interpolation):
    // a new .cpp committed before CMake re-ran is analyzed, and the report says so.
    Out.db = inferMissingCompileCommands(std::move(DB));
  }

  if (Files.empty()) {
    for (const auto &C : Out.db->getAllCompileCommands()) {
      llvm::SmallString<256> P(C.Filename);
      if (llvm::sys::path::is_relative(P))
        llvm::sys::fs::make_absolute(C.Directory, P);
      llvm::sys::path::remove_dots(P, true);
      Out.files.push_back(P.str().str());
    }
    std::sort(Out.files.begin(), Out.files.end());
    Out.files.erase(std::unique(Out.files.begin(), Out.files.end()), Out.files.end());
    if (Out.files.empty()) {
      Error = Out.dbPath + ": the compile database has no entries";
      return false;
    }
    return true;
  }
  for (const std::string &F : Files) {
    std::string Abs = absolute(F);
    if (!llvm::sys::fs::exists(Abs)) {
      Error = F + ": no such file";
      return false;
    }
    auto Cmds = Out.db->getCompileCommands(Abs);
    if (Cmds.empty()) {
      Error = F + ": no entry in " + Out.dbPath;
      return false;
    }
    if (!FixedArgs && !Cmds.front().Heuristic.empty())
      Out.borrowed.push_back(F + ": no entry in " + Out.dbPath + "; analyzed with the flags " +
                             borrowedFrom(Cmds.front()));
    Out.files.push_back(Abs);
  }
  return true;
}

bool borrowCompileCommand(CompileInputs &In, const std::string &AbsPath) {
  if (!In.db || In.dbPath == "<command line>")
    return false;
  auto Cmds = In.db->getCompileCommands(AbsPath);
  if (Cmds.empty())
    return false;
  In.files.push_back(AbsPath);
  if (!Cmds.front().Heuristic.empty())
    In.borrowed.push_back(AbsPath + ": no entry in " + In.dbPath + "; analyzed with the flags " +
                          borrowedFrom(Cmds.front()));
  return true;
}

namespace {

bool insideDir(const std::string &Path, const std::string &Dir) {
  if (Dir.empty())
    return false;
  std::string D = Dir.back() == '/' ? Dir : Dir + "/";
  return Path == Dir || Path.compare(0, D.size(), D) == 0;
}

/// `-m` target options that name no file and load nothing (`-march=`, `-m64`; not `-mllvm`).
bool safeMachineFlag(llvm::StringRef A) {
  if (!A.starts_with("-m") || A.starts_with("-mllvm") ||
      A.starts_with("-mstack-protector-guard-symbol"))
    return false;
  return !A.contains('/') && !A.contains('\\');
}

/// `-f` options that change the language or diagnostics and read, write or raise nothing: a
/// flag without a value (bar those that write files, load code, or use module caches), or
/// one of the valued ones below. Limits (`-fbracket-depth=`, `-fconstexpr-steps=`,
/// `-ftemplate-depth=`) stay at Clang's defaults: raising them lets a stranger's file crash
/// or stall the parser.
bool safeLanguageFlag(llvm::StringRef A) {
  if (!A.starts_with("-f"))
    return false;
  static const char *const Unsafe[] = {"-fplugin",
                                       "-fpass-plugin",
                                       "-fprofile",
                                       "-fno-profile",
                                       "-fcrash-diagnostics",
                                       "-fmodules",
                                       "-fimplicit-module",
                                       "-fprebuilt-module",
                                       "-fmodule-",
                                       "-fbuild-session",
                                       "-ftime-trace",
                                       "-fsave-optimization-record",
                                       "-fembed",
                                       "-fxray",
                                       "-fsanitize-coverage",
                                       "-fsanitize-blacklist",
                                       "-fsanitize-ignorelist",
                                       "-fsanitize-system",
                                       "-fprofile",
                                       "-fcoverage",
                                       "-fdebug-prefix-map",
                                       "-fdebug-compilation-dir",
                                       "-ffile-prefix-map",
                                       "-fmacro-prefix-map",
                                       "-fcoverage-prefix-map",
                                       "-fpch",
                                       "-fdiagnostics-absolute-paths",
                                       "-fcs-profile",
                                       "-fthinlto",
                                       "-flto",
                                       "-fopenmp-targets",
                                       "-fcuda",
                                       "-fgpu",
                                       "-fsplit-",
                                       "-fbasic-block-",
                                       "-fdepfile",
                                       "-fapinotes-path",
                                       "-fvfsoverlay",
                                       "-fexperimental-",
                                       "-fdiagnostics-hotness",
                                       "-foptimization-record"};
  for (const char *U : Unsafe)
    if (A.starts_with(U))
      return false;
  size_t Eq = A.find('=');
  if (Eq == llvm::StringRef::npos)
    return true;
  llvm::StringRef Name = A.take_front(Eq + 1), Value = A.drop_front(Eq + 1);
  if (Value.contains('/') || Value.contains('\\'))
    return false;
  static const char *const Valued[] = {"-fvisibility=",
                                       "-fms-compatibility-version=",
                                       "-fdiagnostics-color=",
                                       "-fmessage-length=",
                                       "-fsanitize=",
                                       "-fno-sanitize=",
                                       "-fsanitize-recover=",
                                       "-fno-sanitize-recover=",
                                       "-fsanitize-trap=",
                                       "-fno-sanitize-trap=",
                                       "-ftemplate-backtrace-limit=",
                                       "-fconstexpr-backtrace-limit=",
                                       "-finput-charset=",
                                       "-fexec-charset=",
                                       "-ffp-model=",
                                       "-ffp-contract=",
                                       "-ffp-exception-behavior=",
                                       "-fopenmp=",
                                       "-fcf-protection=",
                                       "-fdiagnostics-format=",
                                       "-fgnuc-version=",
                                       "-fclang-abi-compat=",
                                       "-fstack-protector=",
                                       "-fdenormal-fp-math=",
                                       "-fcomplex-arithmetic=",
                                       "-ftls-model=",
                                       "-fwchar-type=",
                                       "-fdiagnostics-show-category=",
                                       "-fmath-errno=",
                                       "-ftrivial-auto-var-init=",
                                       "-fzero-call-used-regs=",
                                       "-fstrict-flex-arrays=",
                                       "-fcoroutines=",
                                       "-fms-runtime-lib=",
                                       "-fuse-ld=",
                                       "-fveclib=",
                                       "-fpatchable-function-entry="};
  for (const char *V : Valued)
    if (Name == V)
      return true;
  return false;
}

/// The allowlist of untrusted mode. Returns the arguments kept.
std::vector<std::string> untrustedArgs(const std::vector<std::string> &Args,
                                       std::set<std::string> &Dropped, const std::string &Root,
                                       const std::string &Directory) {
  std::vector<std::string> Out;
  if (Args.empty())
    return Out;
  llvm::StringRef Compiler = llvm::sys::path::filename(Args[0]);
  bool IsC = Compiler.ends_with("cc") || (Compiler.contains("clang") && !Compiler.contains("++"));
  if (Args[0] != "clang" && Args[0] != "clang++" && Args[0] != "c++" && Args[0] != "cc")
    Dropped.insert("compiler '" + Args[0] + "' (never run; its installation is not searched)");
  Out.push_back(IsC ? "clang" : "clang++");
  auto SafePath = [&](const std::string &P) {
    llvm::SmallString<256> Abs(P);
    if (llvm::sys::path::is_relative(Abs))
      llvm::sys::fs::make_absolute(Directory, Abs);
    llvm::sys::path::remove_dots(Abs, true);
    std::string A = Abs.str().str();
    return insideDir(A, Root) || insideDir(A, "/usr/include") || insideDir(A, "/usr/local/include");
  };
  static const char *const PathFlags[] = {"-isystem", "-iquote",  "-idirafter",
                                          "-include", "-imacros", "-I"};
  for (size_t I = 1; I < Args.size(); ++I) {
    llvm::StringRef A(Args[I]);
    if (A == "-cc1")
      return {}; // refused: a -cc1 command bypasses the driver
    if (A.starts_with("@")) {
      Dropped.insert(A.str() + " (response files are not read)");
      continue;
    }
    // Flags whose value is the next argument: dropped together, or the value would pass
    // for an input file.
    static const char *const WithValue[] = {"-Xclang",
                                            "-Xlinker",
                                            "-Xassembler",
                                            "-Xpreprocessor",
                                            "-mllvm",
                                            "-B",
                                            "--sysroot",
                                            "-isysroot",
                                            "--gcc-toolchain",
                                            "-include-pch",
                                            "--config",
                                            "-arch",
                                            "-MF",
                                            "-MT",
                                            "-MQ"};
    bool Pair = false;
    for (const char *F : WithValue)
      if (A == F && I + 1 < Args.size()) {
        Dropped.insert(A.str() + " " + Args[I + 1]);
        ++I;
        Pair = true;
        break;
      }
    if (Pair)
      continue;
    bool Handled = false;
    for (const char *F : PathFlags) {
      if (!A.starts_with(F))
        continue;
      Handled = true;
      std::string Path = A.drop_front(strlen(F)).str();
      bool Separate = Path.empty();
      if (Separate && I + 1 < Args.size())
        Path = Args[I + 1];
      if (SafePath(Path)) {
        Out.push_back(A.str());
        if (Separate)
          Out.push_back(Args[I + 1]);
      } else {
        Dropped.insert(std::string(F) + (Separate ? " " : "") + Path +
                       " (outside the checkout and the system include directories)");
      }
      if (Separate)
        ++I;
      break;
    }
    if (Handled)
      continue;
    bool Keep = A.starts_with("-D") || A.starts_with("-U") || A.starts_with("-std=") ||
                A.starts_with("--target=") || A.starts_with("-O") || A.starts_with("-g") ||
                A == "-c" || A == "-S" || A == "-pthread" || A == "-pedantic" || A == "-w" ||
                A == "-ansi" || A.starts_with("-nostdinc") || A == "-fsyntax-only" ||
                A == "--driver-mode=g++" || A == "--driver-mode=gcc" || safeMachineFlag(A) ||
                safeLanguageFlag(A) ||
                (A.starts_with("-W") && !A.starts_with("-Wl,") && !A.starts_with("-Wa,") &&
                 !A.starts_with("-Wp,"));
    // An input: only a file inside the checkout (or the system folders) may be named.
    if (!A.starts_with("-")) {
      if (SafePath(A.str()))
        Out.push_back(A.str());
      else
        Dropped.insert(A.str() + " (an input outside the checkout)");
      continue;
    }
    bool KeepWithNext = A == "-x" || A == "-target" || A == "-D" || A == "-U" || A == "-o";
    if (KeepWithNext && I + 1 < Args.size()) {
      Out.push_back(A.str());
      Out.push_back(Args[++I]);
      continue;
    }
    if (Keep) {
      Out.push_back(A.str());
      continue;
    }
    Dropped.insert(A.str());
  }
  return Out;
}

/// Does Arg match one of --remove-arg's patterns (globs: `-fopt*`, or the flag itself)?
bool removedByUser(const std::string &Arg, const std::vector<std::string> &Patterns) {
  return std::any_of(Patterns.begin(), Patterns.end(),
                     [&](const std::string &P) { return globMatch(P, Arg); });
}

/// Removes the flags Clang's driver would reject: options it does not know (GCC's own) and
/// options it marks unsupported. argv[0] stays.
void dropUnknownFlags(std::vector<std::string> &Args, std::set<std::string> &Unknown) {
  if (Args.size() < 2)
    return;
  namespace opts = clang::driver::options;
  std::vector<const char *> Argv;
  for (size_t I = 1; I < Args.size(); ++I)
    Argv.push_back(Args[I].c_str());
  unsigned MissingIndex = 0, MissingCount = 0;
  llvm::opt::InputArgList List = clang::driver::getDriverOptTable().ParseArgs(
      Argv, MissingIndex, MissingCount, llvm::opt::Visibility(opts::ClangOption));
  // GCC options Clang does not know that take the next argument as their value: dropped
  // with it, or the value would pass for an input file.
  static const char *const GccSeparate[] = {"-aux-info", "-dumpbase", "-dumpbase-ext",
                                            "-dumpdir",  "-wrapper",  "-fplugin-arg"};
  std::vector<bool> Drop(Args.size(), false);
  for (const llvm::opt::Arg *A : List) {
    const llvm::opt::Option &O = A->getOption();
    if (O.getID() != opts::OPT_UNKNOWN && !O.hasFlag(opts::Unsupported))
      continue;
    unsigned At = A->getIndex() + 1;
    if (At >= Args.size() || Drop[At])
      continue;
    Drop[At] = true;
    std::string Shown = Args[At];
    // The values an unsupported option consumed (`-specs FILE`), or the next argument of a
    // GCC option known to take one.
    unsigned Values = 0;
    if (O.getID() != opts::OPT_UNKNOWN) {
      auto K = O.getKind();
      if (K == llvm::opt::Option::SeparateClass || K == llvm::opt::Option::JoinedAndSeparateClass ||
          K == llvm::opt::Option::MultiArgClass ||
          (K == llvm::opt::Option::JoinedOrSeparateClass && Args[At] == O.getPrefixedName()))
        Values = A->getNumValues();
    } else if (std::find(std::begin(GccSeparate), std::end(GccSeparate), Args[At]) !=
               std::end(GccSeparate)) {
      Values = 1;
    }
    for (unsigned V = 1; V <= Values && At + V < Args.size(); ++V) {
      Drop[At + V] = true;
      Shown += " " + Args[At + V];
    }
    Unknown.insert(Shown);
  }
  std::vector<std::string> Kept;
  for (size_t I = 0; I < Args.size(); ++I)
    if (!Drop[I])
      Kept.push_back(std::move(Args[I]));
  Args = std::move(Kept);
}

} // namespace

std::string resolvedPath(const std::string &Path) {
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Path, Real))
    return Real.str().str();
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, true);
  return Abs.str().str();
}

bool insideDirectory(const std::string &Path, const std::string &Dir) {
  if (Dir.empty())
    return false;
  return insideDir(resolvedPath(Path), resolvedPath(Dir));
}

std::vector<std::string> sanitizeCommandLine(const std::vector<std::string> &InArgs,
                                             const std::string &ResourceDir,
                                             std::set<std::string> &Dropped,
                                             const SanitizePolicy &Policy) {
  std::vector<std::string> Out;
  std::vector<std::string> Args;
  for (const std::string &A : InArgs)
    if (Args.empty() || !removedByUser(A, Policy.removeArgs))
      Args.push_back(A);
  if (Policy.untrusted) {
    llvm::SmallString<256> Dir(Policy.directory);
    if (Dir.empty())
      llvm::sys::fs::current_path(Dir);
    Args = untrustedArgs(Args, Dropped, Policy.root, Dir.str().str());
    if (Args.empty())
      return {};
  }
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A(Args[I]);
    // Plugins and passes run arbitrary code inside the compiler.
    if (A.starts_with("-fplugin") || A.starts_with("-fpass-plugin")) {
      Dropped.insert(A.str());
      continue;
    }
    if (A == "-Xclang" && I + 1 < Args.size()) {
      llvm::StringRef Next(Args[I + 1]);
      if (Next == "-load" || Next == "-add-plugin" || Next == "-plugin" ||
          Next.starts_with("-plugin-arg")) {
        Dropped.insert("-Xclang " + Next.str());
        I += 1;
        if (I + 2 < Args.size() && Args[I + 1] == "-Xclang")
          I += 2; // the plugin's path or name
        continue;
      }
    }
    if (A == "-mllvm" && I + 1 < Args.size()) {
      llvm::StringRef Next(Args[I + 1]);
      if (Next.contains("load") || Next.contains("plugin")) {
        Dropped.insert("-mllvm " + Next.str());
        ++I;
        continue;
      }
    }
    // Outputs that a syntax-only run must not write.
    if (A.starts_with("-ftime-trace") || A == "--serialize-diagnostics" ||
        A.starts_with("-save-temps") || A.starts_with("-fprofile") ||
        A.starts_with("-fcrash-diagnostics-dir") || A.starts_with("-fmodules-cache-path")) {
      Dropped.insert(A.str());
      if (A == "--serialize-diagnostics")
        ++I;
      continue;
    }
    // Warnings are not riskgate's business, and -Werror must not turn them into parse errors.
    if (A.starts_with("-Werror") || A == "-pedantic-errors") {
      continue;
    }
    if (A.starts_with("-resource-dir")) {
      if (A == "-resource-dir")
        ++I;
      continue;
    }
    Out.push_back(Args[I]);
  }
  if (!Out.empty()) {
    Out.insert(Out.begin() + 1, Policy.extraArgsBefore.begin(), Policy.extraArgsBefore.end());
    // --extra-arg: at the end, or before a `--` that ends the options.
    auto DashDash = std::find(Out.begin() + 1, Out.end(), std::string("--"));
    Out.insert(DashDash, Policy.extraArgs.begin(), Policy.extraArgs.end());
    dropUnknownFlags(Out, Policy.unknown ? *Policy.unknown : Dropped);
    // Inserted after argv[0] so that they come before a trailing `-- file`.
    // -fno-caret-diagnostics also keeps Clang from printing "N errors generated." on
    // stderr: the errors are riskgate's to report.
    std::vector<std::string> Extra = {"-resource-dir=" + ResourceDir, "-w", "-Wno-error",
                                      "--no-default-config", "-fno-caret-diagnostics"};
    Out.insert(Out.begin() + 1, Extra.begin(), Extra.end());
  }
  return Out;
}

std::string bundledResourceDir() {
  // /proc/self/exe on Linux: the binary's own place, wherever it was copied or unpacked.
  static int Anchor;
  std::string Exe = llvm::sys::fs::getMainExecutable("riskgate", &Anchor);
  if (Exe.empty())
    return {};
  llvm::SmallString<256> Dir(Exe);
  llvm::sys::path::remove_filename(Dir); // bin/
  llvm::sys::path::remove_filename(Dir); // the prefix
  llvm::sys::path::append(Dir, "lib", "riskgate", "clang");
  return Dir.str().str();
}

std::string resolveResourceDir(const std::string &Requested, std::string &Error) {
  std::string Dir = Requested;
  if (Dir.empty())
    if (const char *Env = std::getenv("RISKGATE_RESOURCE_DIR"))
      Dir = Env;
  if (Dir.empty()) {
    std::string Bundled = bundledResourceDir();
    if (!Bundled.empty() && llvm::sys::fs::exists(Bundled + "/include/stddef.h"))
      Dir = Bundled;
  }
  if (Dir.empty())
    Dir = RISKGATE_DEFAULT_RESOURCE_DIR;
  if (!llvm::sys::fs::exists(Dir + "/include/stddef.h"))
    Error = Dir + ": not a clang resource directory (no include/stddef.h); install clang-19 "
                  "or pass --resource-dir";
  return Dir;
}

} // namespace riskgate
