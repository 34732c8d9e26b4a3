// Lines of source files, read once per file, for snippets and column conversions.
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"

#include <map>
#include <string>
#include <vector>

namespace riskgate {

class SourceLines {
public:
  /// Line N (1-based) of File without its line ending; empty when there is none.
  const std::string &line(const std::string &File, unsigned N) {
    static const std::string Empty;
    auto It = Files.find(File);
    if (It == Files.end()) {
      std::vector<std::string> Lines;
      if (auto Buf = llvm::MemoryBuffer::getFile(File)) {
        llvm::StringRef Text = (*Buf)->getBuffer();
        while (!Text.empty()) {
          auto [Head, Tail] = Text.split('\n');
          Lines.push_back(Head.rtrim('\r').str());
          Text = Tail;
        }
      }
      It = Files.emplace(File, std::move(Lines)).first;
    }
    return N >= 1 && N <= It->second.size() ? It->second[N - 1] : Empty;
  }

private:
  std::map<std::string, std::vector<std::string>> Files;
};

} // namespace riskgate
