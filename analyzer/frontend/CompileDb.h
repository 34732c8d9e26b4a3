// The frontend's inputs: which translation units to parse, with which (sanitized) flags.
#pragma once

#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace clang::tooling {
class CompilationDatabase;
class CompileCommand;
} // namespace clang::tooling

namespace riskgate {

struct CompileInputs {
  std::shared_ptr<clang::tooling::CompilationDatabase> db;
  std::string dbPath;             // compile_commands.json, or "<command line>"
  std::vector<std::string> files; // absolute paths of the translation units to analyze
  /// Files with no entry of their own, analyzed with the flags of the nearest one (as
  /// clangd does): "b.cpp: no entry in DB; analyzed with the flags of a.cpp".
  std::vector<std::string> borrowed;
};

/// For a source file with no entry of its own in a loaded compile database: borrows the
/// flags of the closest entry (LibTooling's interpolation), adds the file to In.files and a
/// line saying whose flags it borrowed to In.borrowed. False when nothing can be borrowed.
bool borrowCompileCommand(CompileInputs &In, const std::string &AbsPath);

/// Finds and loads compile_commands.json: in BuildDir when given (a directory or the file
/// itself), else in the current directory, else in ./build. With FixedArgs (the words after
/// `--`), no database is read: every file is compiled with those flags.
/// Files are made absolute; one without an entry borrows the flags of the closest entry
/// (Out.borrowed says so). On failure, Error holds one line.
bool loadCompileInputs(const std::string &BuildDir, const std::vector<std::string> &Files,
                       const std::vector<std::string> *FixedArgs, CompileInputs &Out,
                       std::string &Error);

/// Removes the flags that would make the compiler load or run code, or write files
/// (docs/architecture.md, "Trust boundaries"), and adds the ones riskgate needs.
/// Dropped flags are added to Dropped.
/// Untrusted (a pull request from a fork): an allowlist instead. Only include paths inside
/// Root or the system include directories, macros, the language standard and target,
/// warning and language flags survive; `@file`, --config, -B, --sysroot, -Xclang and
/// anything unknown are dropped; argv[0] is replaced by a plain `clang++`; a `-cc1`
/// command is refused (empty result).
/// In both modes, flags Clang's driver rejects (GCC-only options) are dropped.
struct SanitizePolicy {
  bool untrusted = false;
  std::string root;      // the checkout: include paths must stay inside it (untrusted mode)
  std::string directory; // the command's working directory, for relative paths
  /// --extra-arg-before / --extra-arg: added after the compiler's name / at the end, as
  /// clang-tidy does. --remove-arg: dropped wherever they appear (`-fopt*` drops every flag
  /// that starts with -fopt). The user's own flags: never filtered by the allowlist.
  std::vector<std::string> extraArgsBefore, extraArgs, removeArgs;
  /// Flags Clang's driver does not know (a GCC build's -fipa-pta, -mno-direct-extern-access)
  /// are dropped, so that they cannot fail the unit; they are recorded here when set, else
  /// in Dropped.
  std::set<std::string> *unknown = nullptr;
};
std::vector<std::string> sanitizeCommandLine(const std::vector<std::string> &Args,
                                             const std::string &ResourceDir,
                                             std::set<std::string> &Dropped,
                                             const SanitizePolicy &Policy = {});

/// Path with symlinks resolved where it exists, else made absolute without dots: how two
/// spellings of one file are compared.
std::string resolvedPath(const std::string &Path);

/// Is Path (symlinks resolved) Dir or below it?
bool insideDirectory(const std::string &Path, const std::string &Dir);

/// The clang resource directory (builtin headers): --resource-dir, $RISKGATE_RESOURCE_DIR,
/// the one bundled next to the binary (PREFIX/lib/riskgate/clang, in the self-contained
/// tarball), or the one found at build time (Debian's LLVM 19). Empty Error means it exists.
std::string resolveResourceDir(const std::string &Requested, std::string &Error);

/// PREFIX/lib/riskgate/clang for the binary at PREFIX/bin/riskgate (it may not exist).
std::string bundledResourceDir();

} // namespace riskgate
