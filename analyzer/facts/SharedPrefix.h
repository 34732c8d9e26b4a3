// Shares the parse of the library headers that several units include first: one precompiled
// header (PCH) per group of units with the same command, built once, loaded by each unit in
// place of its own parse of those headers (docs/performance.md, "Shared library prefixes").
#pragma once

#include "core/Facts.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace clang {
class CompilerInstance;
class PPCallbacks;
} // namespace clang

namespace riskgate {

/// Where a command looks for headers, as Clang's driver sets it up, in search order.
struct HeaderPaths {
  std::vector<std::string> quoted, angled, system;
  /// The folders whose headers are a library's: the system folders and Clang's own.
  std::vector<std::string> library;
};

/// The search paths of a sanitized command run in Directory. False when the command cannot
/// share a prefix at all: the driver makes no invocation of it, or it already includes
/// something before the unit (-include, -imacros, a PCH of its own) or uses modules.
bool headerPathsFor(const std::vector<std::string> &Command, const std::string &Directory,
                    HeaderPaths &Out);

/// True when Path lies inside one of Dirs (absolute, without a trailing slash).
bool insideAny(const std::string &Path, const std::vector<std::string> &Dirs);

struct PrefixHeader {
  std::string spelled; // the name between <>, as the unit wrote it
  std::string path;    // the file it names, absolute
};

/// The library headers a unit includes, in order, up to the first thing that could make them
/// read differently in this unit than in another: a macro defined or undefined (an include
/// guard's aside), a conditional other than an include guard, a pragma other than `once`, an
/// include inside braces, under a macro's name or not found, `#include_next`. Project headers
/// it includes are followed, once each as their guards make Clang do. Reads the overlay's
/// contents where it has them. Stop, if given, says where the scan stopped and why.
std::vector<PrefixHeader> scanLibraryPrefix(const std::string &MainFile, const HeaderPaths &Paths,
                                            const Overlay *Files, std::string *Stop = nullptr);

/// Library headers parsed once for several units.
struct SharedPrefix {
  std::vector<PrefixHeader> headers;
  std::string pchPath;                // where the PCH is, once built
  std::vector<std::string> userFiles; // files the PCH holds that are not in system folders
  std::vector<std::string> found;     // what each of headers named when the PCH was built
};

/// Library headers per link of a prefix's PCH chain (see buildPrefixPch).
constexpr size_t PrefixLinkHeaders = 4;

/// Builds the PCH of Prefix.headers for Command (a sanitized command of one of the units, run
/// in Directory): a chain of PCHs named Stem-N.pch, each over the last, with their headers
/// Stem-N.h; Creating is told each path before it is written. Function bodies are skipped, as
/// every one of them is a library's. Returns "" (Prefix.pchPath is the chain's last link) or
/// what went wrong.
std::string buildPrefixPch(const std::vector<std::string> &Command, const std::string &Directory,
                           const std::string &Stem, SharedPrefix &Prefix,
                           const std::function<void(const std::string &)> &Creating);

/// What the check found: the unit began with the prefix, in the same order and the same
/// circumstances as the PCH was built (`held`), or why not.
struct PrefixCheck {
  bool held = false;
  std::string why = "the unit never included the whole prefix";
};

/// Watches a unit's preprocessing for the conditions the PCH assumes: its first library
/// includes from project code are the prefix's, at file scope, with no macro defined or
/// undefined (an include guard's aside), no conditional and no pragma but `once` before them.
std::unique_ptr<clang::PPCallbacks> prefixChecker(clang::CompilerInstance &CI,
                                                  const std::vector<std::string> &Expected,
                                                  const std::vector<std::string> &LibraryDirs,
                                                  PrefixCheck &Result);

} // namespace riskgate
