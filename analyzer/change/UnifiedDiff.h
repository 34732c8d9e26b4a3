// Unified diffs as git prints them (and as plain `diff -u` does): which files a change
// touches and which lines, and the old content of a file rebuilt from its new content.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace riskgate {

struct Hunk {
  unsigned oldStart = 0, oldCount = 0, newStart = 0, newCount = 0;
  /// Body lines with their marker: ' ' context, '-' removed, '+' added (no line ending).
  std::vector<std::string> lines;
  bool oldMissingNewline = false; // "\ No newline at end of file" after the old side's last line
  bool newMissingNewline = false;
};

struct FileDiff {
  enum Status { Modified, Added, Deleted, Renamed, Copied };
  Status status = Modified;
  std::string oldPath, newPath; // relative to the repository root, without a/ b/
  bool binary = false;
  std::vector<Hunk> hunks;
  unsigned headerLine = 0; // where the file's section starts in the diff, for messages

  /// Lines of the new side the change added (1-based).
  std::set<unsigned> addedLines() const;
  /// Lines of the old side the change removed.
  std::set<unsigned> removedLines() const;
  /// New-side lines next to which something was only removed (pure deletions), so that a
  /// deletion still touches the function around it.
  std::set<unsigned> deletionPoints() const;
};

struct DiffError {
  unsigned line = 0;
  std::string message;
};

/// Parses Text; on a truncated or garbled diff returns false with the line and problem.
bool parseUnifiedDiff(const std::string &Text, std::vector<FileDiff> &Out, DiffError &Error);

/// Rebuilds the old content of a file from its new content and the file's hunks (the
/// patch reversed). False with a message when the hunks do not match NewContent.
bool reverseApply(const FileDiff &D, const std::string &NewContent, std::string &OldContent,
                  std::string &Error);

/// Git's C-style quoted path ("a/sp\303\251cial name") to its bytes.
std::string unquoteGitPath(const std::string &Quoted);

} // namespace riskgate
