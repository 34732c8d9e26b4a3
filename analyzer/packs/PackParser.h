// The YAML reading shared by rule packs and .riskgate.yaml: values with their positions,
// and every mistake reported once with file, line and column.
#pragma once

#include "core/Diagnostics.h"
#include "packs/RulePack.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>

namespace riskgate {

/// Reads one pack document, reporting the first problem with its position.
class PackParser {
public:
  PackParser(const std::string &Path, const std::string &Text, PackError &Error)
      : Path(Path), Text(Text), Error(Error) {}

  /// Parses Text as a rule pack.
  /// An API entry's argument keys: which argument holds the SQL, the statement handle, the
  /// driver name, a command text.
  static ArgRef *argKey(ApiEntry &A, const std::string &Key) {
    if (Key == "sql-arg")
      return &A.sqlArg;
    if (Key == "statement-arg")
      return &A.statementArg;
    if (Key == "driver-arg")
      return &A.driverArg;
    if (Key == "command-arg")
      return &A.commandArg;
    return nullptr;
  }

  /// The pack's list-valued keys: headers, retry codes, driver names, cache commands.
  static std::vector<std::string> *listKey(RulePack &P, const std::string &Key) {
    if (Key == "headers")
      return &P.headers;
    if (Key == "retry-codes")
      return &P.retryCodes;
    if (Key == "in-process-drivers")
      return &P.inProcessDrivers;
    if (Key == "cache-read-commands")
      return &P.cacheReadCommands;
    if (Key == "cache-write-commands")
      return &P.cacheWriteCommands;
    return nullptr;
  }

  std::optional<RulePack> parse() {
    if (!plainText())
      return std::nullopt;
    llvm::SourceMgr SM;
    SM.setDiagHandler(&PackParser::onDiag, this);
    llvm::yaml::Stream Stream(llvm::StringRef(Text), SM);
    this->SM = &SM;
    auto It = Stream.begin();
    if (It == Stream.end() || !It->getRoot())
      return fail(nullptr, "empty rule pack");
    auto *Root = llvm::dyn_cast_or_null<llvm::yaml::MappingNode>(It->getRoot());
    if (!Root) {
      if (!Failed)
        fail(It->getRoot(), "a rule pack is a mapping with keys pack, apis, ...");
      return std::nullopt;
    }
    RulePack Pack;
    Pack.path = Path;
    bool SawApis = false;
    for (auto &KV : *Root) {
      std::string Key;
      if (!scalar(KV.getKey(), Key))
        return std::nullopt;
      llvm::yaml::Node *Value = KV.getValue();
      if (Key == "pack") {
        if (!scalar(Value, Pack.name))
          return std::nullopt;
      } else if (Key == "description") {
        if (!scalar(Value, Pack.description))
          return std::nullopt;
      } else if (std::vector<std::string> *List = listKey(Pack, Key)) {
        if (!scalarList(Value, *List))
          return std::nullopt;
      } else if (Key == "apis") {
        SawApis = true;
        auto *Seq = llvm::dyn_cast_or_null<llvm::yaml::SequenceNode>(Value);
        if (!Seq)
          return fail(Value, "'apis' must be a list of API entries");
        for (auto &Item : *Seq) {
          ApiEntry Api;
          if (!parseApiImpl(&Item, Api))
            return std::nullopt;
          Pack.apis.push_back(std::move(Api));
        }
      } else {
        return fail(KV.getKey(), "unknown key '" + Key +
                                     "' (expected pack, description, headers, retry-codes, "
                                     "in-process-drivers, cache-read-commands, "
                                     "cache-write-commands, apis)");
      }
      if (Failed)
        return std::nullopt;
    }
    if (Failed)
      return std::nullopt;
    if (Pack.name.empty())
      return fail(Root, "missing required key 'pack'");
    if (!SawApis)
      return fail(Root, "missing required key 'apis'");
    ++It;
    if (It != Stream.end() && It->getRoot() && !Failed)
      return fail(It->getRoot(), "a rule pack file holds one YAML document");
    if (Failed)
      return std::nullopt;
    return Pack;
  }

  /// Reads the document and calls OnKey(key, value node) for each top-level key; false on
  /// the first problem (OnKey reports its own through fail()).
  /// A text file the YAML parser can take: control characters (a NUL, a binary file) are
  /// refused before it sees them, since it would read them as one odd scalar; and so is
  /// nesting deep enough to exhaust its recursion.
  bool plainText() {
    for (size_t I = 0; I < Text.size(); ++I) {
      unsigned char C = static_cast<unsigned char>(Text[I]);
      if (C < 0x20 && C != '\n' && C != '\r' && C != '\t') {
        size_t LineStart = Text.rfind('\n', I == 0 ? 0 : I - 1);
        LineStart = LineStart == std::string::npos || I == 0 ? 0 : LineStart + 1;
        Failed = true;
        Error = {Path, 1 + static_cast<unsigned>(std::count(Text.begin(), Text.begin() + I, '\n')),
                 static_cast<unsigned>(I - LineStart) + 1,
                 "not a text file (control character " + std::to_string(C) + ")"};
        return false;
      }
    }
    if (unsigned Depth = jsonNesting(Text); Depth > MaxJsonNesting) {
      Failed = true;
      Error = {Path, 1, 1, "nested " + std::to_string(Depth) + " levels deep"};
      return false;
    }
    return true;
  }

  template <class Fn> bool forEachTopLevelKey(Fn OnKey) {
    if (!plainText())
      return false;
    llvm::SourceMgr SM;
    SM.setDiagHandler(&PackParser::onDiag, this);
    llvm::yaml::Stream Stream(llvm::StringRef(Text), SM);
    this->SM = &SM;
    bool Ok = walkTopLevel(Stream, OnKey);
    this->SM = nullptr;
    return Ok;
  }

  template <class Fn> bool walkTopLevel(llvm::yaml::Stream &Stream, Fn &OnKey) {
    auto It = Stream.begin();
    if (It == Stream.end() || !It->getRoot())
      return !Failed; // an empty file is an empty configuration
    if (!llvm::isa<llvm::yaml::NullNode>(It->getRoot())) {
      auto *Root = llvm::dyn_cast_or_null<llvm::yaml::MappingNode>(It->getRoot());
      if (!Root) {
        fail(It->getRoot(), "expected a mapping of keys to values");
        return false;
      }
      for (auto &KV : *Root) {
        std::string Key;
        if (!scalar(KV.getKey(), Key))
          return false;
        if (!OnKey(Key, KV.getKey(), KV.getValue()) || Failed)
          return false;
      }
    }
    if (Failed)
      return false;
    // One document: keys in a second one would be ignored without a word.
    if (++It != Stream.end() && It->getRoot() && !llvm::isa<llvm::yaml::NullNode>(It->getRoot())) {
      fail(It->getRoot(), "a second YAML document ('---'): the file must hold one");
      return false;
    }
    return !Failed;
  }

  /// Where N stands, as an error with no message yet.
  PackError where(llvm::yaml::Node *N) const {
    PackError E;
    E.file = Path;
    std::tie(E.line, E.column) = lineAndColumn(N);
    return E;
  }

  std::nullopt_t fail(llvm::yaml::Node *N, const std::string &Message) {
    if (Failed)
      return std::nullopt;
    Failed = true;
    Error.file = Path;
    Error.message = Message;
    std::tie(Error.line, Error.column) = lineAndColumn(N);
    return std::nullopt;
  }

  bool scalar(llvm::yaml::Node *N, std::string &Out) {
    auto *S = llvm::dyn_cast_or_null<llvm::yaml::ScalarNode>(N);
    if (!S) {
      fail(N, "expected a single value here");
      return false;
    }
    llvm::SmallString<64> Storage;
    Out = S->getValue(Storage).str();
    return !Failed;
  }

  bool scalarList(llvm::yaml::Node *N, std::vector<std::string> &Out) {
    auto *Seq = llvm::dyn_cast_or_null<llvm::yaml::SequenceNode>(N);
    if (!Seq) {
      fail(N, "expected a list here");
      return false;
    }
    for (auto &Item : *Seq) {
      std::string V;
      if (!scalar(&Item, V))
        return false;
      Out.push_back(V);
    }
    return !Failed;
  }

  bool parseApi(llvm::yaml::Node *N, ApiEntry &Api) { return parseApiImpl(N, Api); }

private:
  static void onDiag(const llvm::SMDiagnostic &D, void *Ctx) {
    auto *Self = static_cast<PackParser *>(Ctx);
    if (Self->Failed)
      return;
    Self->Failed = true;
    Self->Error = {Self->Path, static_cast<unsigned>(std::max(D.getLineNo(), 0)),
                   static_cast<unsigned>(D.getColumnNo() + 1),
                   "invalid YAML: " + D.getMessage().str()};
  }

  unsigned lineOf(llvm::yaml::Node *N) { return lineAndColumn(N).first; }

  /// Where N starts, or {0, 0} when the parser gave it no place in the text (a node made up
  /// after a syntax error).
  std::pair<unsigned, unsigned> lineAndColumn(llvm::yaml::Node *N) const {
    if (!N || !SM)
      return {0, 0};
    const char *P = N->getSourceRange().Start.getPointer();
    if (!P || P < Text.data() || P > Text.data() + Text.size())
      return {0, 0};
    return SM->getLineAndColumn(N->getSourceRange().Start);
  }

  bool argRef(llvm::yaml::Node *N, ArgRef &Out) {
    std::string V;
    if (!scalar(N, V))
      return false;
    if (V == "this") {
      Out.index = ArgRef::This;
      return true;
    }
    unsigned Index = 0;
    if (llvm::StringRef(V).getAsInteger(10, Index) || Index > 64) {
      fail(N, "expected an argument index (0-based) or 'this', got '" + V + "'");
      return false;
    }
    Out.index = static_cast<int>(Index);
    return true;
  }

  bool parseApiImpl(llvm::yaml::Node *N, ApiEntry &Api) {
    auto *Map = llvm::dyn_cast_or_null<llvm::yaml::MappingNode>(N);
    if (!Map) {
      fail(N, "an API entry is a mapping with keys name, kind, ...");
      return false;
    }
    Api.line = lineOf(N);
    bool SawKind = false, SawLatency = false;
    for (auto &KV : *Map) {
      std::string Key, V;
      if (!scalar(KV.getKey(), Key))
        return false;
      llvm::yaml::Node *Value = KV.getValue();
      if (Key == "name") {
        if (!scalar(Value, Api.name))
          return false;
        if (Api.name.empty() || Api.name == "*") {
          fail(Value, "an API name must name something");
          return false;
        }
      } else if (Key == "kind") {
        if (!scalar(Value, V))
          return false;
        auto K = V == "ignore" ? std::optional<AccessKind>(AccessKind::None) : parseAccessKind(V);
        if (!K) {
          fail(Value, "unknown kind '" + V +
                          "' (expected query, execute, step, prepare, bind, reset, finalize, "
                          "txn-begin, txn-end, remote, cache-read, cache-write, iterate, "
                          "indirect-call, connect, wait, status, lookup, insert, ignore)");
          return false;
        }
        Api.kind = *K;
        SawKind = true;
      } else if (Key == "latency") {
        if (!scalar(Value, V))
          return false;
        if (V == "network")
          Api.latency = Latency::Network;
        else if (V == "in-process")
          Api.latency = Latency::InProcess;
        else {
          fail(Value, "unknown latency '" + V + "' (expected network or in-process)");
          return false;
        }
        SawLatency = true;
      } else if (ArgRef *Ref = argKey(Api, Key)) {
        if (!argRef(Value, *Ref))
          return false;
      } else if (Key == "sql-stream") {
        if (!scalar(Value, V))
          return false;
        if (V != "true" && V != "false") {
          fail(Value, "expected true or false, got '" + V + "'");
          return false;
        }
        Api.sqlStream = V == "true";
      } else if (Key == "arity") {
        if (!scalar(Value, V))
          return false;
        unsigned N = 0;
        if (llvm::StringRef(V).getAsInteger(10, N) || N > 64) {
          fail(Value, "expected a number of parameters, got '" + V + "'");
          return false;
        }
        Api.arity = static_cast<int>(N);
      } else if (Key == "reports-failure") {
        if (!scalar(Value, V))
          return false;
        if (V == "none")
          Api.failure = FailureReport::None;
        else if (V == "return-code")
          Api.failure = FailureReport::ReturnCode;
        else if (V == "null-pointer")
          Api.failure = FailureReport::NullPointer;
        else if (V == "result-status")
          Api.failure = FailureReport::ResultStatus;
        else if (V == "false")
          Api.failure = FailureReport::FalseValue;
        else if (V == "exception")
          Api.failure = FailureReport::Exception;
        else {
          fail(Value,
               "unknown reports-failure '" + V +
                   "' (expected none, return-code, null-pointer, result-status, false, exception)");
          return false;
        }
      } else {
        fail(KV.getKey(),
             "unknown key '" + Key +
                 "' in API entry (expected name, kind, latency, sql-arg, "
                 "statement-arg, driver-arg, command-arg, sql-stream, reports-failure, "
                 "arity)");
        return false;
      }
      if (Failed)
        return false;
    }
    if (Api.name.empty()) {
      fail(N, "API entry is missing required key 'name'");
      return false;
    }
    if (!SawKind) {
      fail(N, "API entry '" + Api.name + "' is missing required key 'kind'");
      return false;
    }
    if (!SawLatency && (isRoundTrip(Api.kind) || Api.kind == AccessKind::Step)) {
      fail(N, "API entry '" + Api.name + "' of kind " + accessKindName(Api.kind) +
                  " is missing required key 'latency'");
      return false;
    }
    return !Failed;
  }

  std::string Path;
  const std::string &Text;
  PackError &Error;
  llvm::SourceMgr *SM = nullptr;
  bool Failed = false;
};
} // namespace riskgate
