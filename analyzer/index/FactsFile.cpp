#include "index/FactsFile.h"

#include "core/Diagnostics.h"
#include "index/FactIndex.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>

namespace riskgate {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

namespace {

Array strings(const std::vector<std::string> &V) {
  Array A;
  for (const std::string &S : V)
    A.push_back(S);
  return A;
}

Array stringLists(const std::vector<std::vector<std::string>> &V) {
  Array A;
  for (const std::vector<std::string> &L : V)
    A.push_back(strings(L));
  return A;
}

void readStrings(const Object &O, llvm::StringRef Key, std::vector<std::string> &Out) {
  if (const Array *A = O.getArray(Key))
    for (const Value &E : *A)
      Out.push_back(E.getAsString().value_or("").str());
}

/// An array of [string, string] pairs.
void readStringPairs(const Object &O, llvm::StringRef Key,
                     std::vector<std::pair<std::string, std::string>> &Out) {
  if (const Array *A = O.getArray(Key))
    for (const Value &E : *A)
      if (const Array *Pair = E.getAsArray(); Pair && Pair->size() == 2)
        Out.emplace_back((*Pair)[0].getAsString().value_or("").str(),
                         (*Pair)[1].getAsString().value_or("").str());
}

int64_t num(const Object &O, llvm::StringRef Key, int64_t Default = 0) {
  return O.getInteger(Key).value_or(Default);
}

std::string str(const Object &O, llvm::StringRef Key) {
  return O.getString(Key).value_or("").str();
}

/// Root with one trailing slash ("/" stays "/").
std::string rootPrefix(const std::string &Root) {
  return Root.empty() || Root.back() == '/' ? Root : Root + "/";
}

/// Path relative to Root when inside it ("src/a.cpp"), else unchanged.
std::string relative(const std::string &Path, const std::string &Root) {
  std::string Rel = pathUnderRoot(Path, Root);
  return Rel.empty() ? Path : Rel;
}

/// A relative path of a facts file resolved against Root; empty when it climbs out of the
/// root ("../x", "a/../../x"): a facts file names nothing outside its root by a relative path.
std::string absolute(const std::string &Path, const std::string &Root) {
  if (Path.empty() || llvm::sys::path::is_absolute(Path) || Root.empty())
    return Path;
  llvm::SmallString<256> Clean(Path);
  llvm::sys::path::remove_dots(Clean, /*remove_dot_dot=*/true);
  if (Clean.empty() || llvm::StringRef(Clean).starts_with(".."))
    return {};
  return rootPrefix(Root) + Clean.str().str();
}

/// Flags as the sanitizer reported them may name files under the root: written with
/// "${root}/" in their place, read back with the root of the reader.
constexpr llvm::StringLiteral RootMarker = "${root}/";

std::string markRoot(std::string Text, const std::string &Root) {
  std::string Prefix = rootPrefix(Root);
  if (Prefix.size() < 2)
    return Text;
  for (size_t At = 0; (At = Text.find(Prefix, At)) != std::string::npos;) {
    Text.replace(At, Prefix.size(), RootMarker.str());
    At += RootMarker.size();
  }
  return Text;
}

std::string unmarkRoot(std::string Text, const std::string &Root) {
  std::string Prefix = rootPrefix(Root);
  for (size_t At = 0; (At = Text.find(RootMarker.str(), At)) != std::string::npos;) {
    Text.replace(At, RootMarker.size(), Prefix);
    At += Prefix.size();
  }
  return Text;
}

/// riskgate's own key of a lambda ("lambda@FILE:LINE:COL") names its file: relative too.
constexpr llvm::StringLiteral LambdaKey = "lambda@";

std::string relativeUsr(const std::string &Usr, const std::string &Root) {
  llvm::StringRef U(Usr);
  if (!U.consume_front(LambdaKey))
    return Usr;
  return LambdaKey.str() + relative(U.str(), Root);
}

std::string absoluteUsr(const std::string &Usr, const std::string &Root) {
  llvm::StringRef U(Usr);
  if (!U.consume_front(LambdaKey))
    return Usr;
  return LambdaKey.str() + absolute(U.str(), Root);
}

std::vector<std::string> relativeUsrs(const std::vector<std::string> &Usrs,
                                      const std::string &Root) {
  std::vector<std::string> Out;
  for (const std::string &U : Usrs)
    Out.push_back(relativeUsr(U, Root));
  return Out;
}

Value locJson(const SourceLoc &L, const std::string &Root) {
  return Array{relative(L.file, Root), static_cast<int64_t>(L.line),
               static_cast<int64_t>(L.column)};
}

SourceLoc readLoc(const Object &O, llvm::StringRef Key, const std::string &Root) {
  SourceLoc L;
  if (const Array *A = O.getArray(Key); A && A->size() == 3) {
    L.file = absolute((*A)[0].getAsString().value_or("").str(), Root);
    L.line = static_cast<unsigned>((*A)[1].getAsInteger().value_or(0));
    L.column = static_cast<unsigned>((*A)[2].getAsInteger().value_or(0));
  }
  return L;
}

std::string toolLine() {
  return "riskgate " RISKGATE_VERSION " (facts schema " + std::to_string(FactIndex::SchemaVersion) +
         ")";
}

} // namespace

std::string contentHashOf(const std::string &Text) { return stableHash({Text}); }

std::string fileContentHash(const std::string &Path) {
  llvm::sys::fs::file_status St;
  if (llvm::sys::fs::status(Path, St) || !llvm::sys::fs::is_regular_file(St) ||
      St.getSize() > (256u << 20))
    return "missing";
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  return Buf ? contentHashOf((*Buf)->getBuffer().str()) : "missing";
}

std::string pathUnderRoot(const std::string &Path, const std::string &Root) {
  std::string Prefix = rootPrefix(Root);
  llvm::StringRef P(Path);
  if (!Prefix.empty() && P.size() > Prefix.size() && P.starts_with(Prefix))
    return P.drop_front(Prefix.size()).str();
  return {};
}

Object functionFlowJson(const FunctionFact &F) {
  Array Deps, Assigns, Guards, Tests;
  for (const auto &[A, B] : F.varDeps)
    Deps.push_back(Array{A, B});
  for (const auto &[V, Seq] : F.assignments)
    Assigns.push_back(Array{V, Seq});
  for (const ExitGuard &G : F.exitGuards)
    Guards.push_back(Array{G.var, G.seq, G.loop});
  for (const auto &[V, If] : F.branchTests)
    Tests.push_back(Array{V, If});
  Array ParamTests;
  for (const ParamTest &T : F.paramTests)
    ParamTests.push_back(Array{T.ifId, T.param, T.negated, T.conjunct});
  return Object{{"pt", std::move(ParamTests)},  {"p", strings(F.params)},
                {"dp", strings(F.dataParams)},  {"rq", strings(F.requestParams)},
                {"d", std::move(Deps)},         {"a", std::move(Assigns)},
                {"r", strings(F.returnedVars)}, {"rt", F.returnedText},
                {"eg", std::move(Guards)},      {"bt", std::move(Tests)}};
}

void readFunctionFlow(const Object &O, FunctionFact &F) {
  readStrings(O, "p", F.params);
  readStrings(O, "dp", F.dataParams);
  readStrings(O, "rq", F.requestParams);
  readStrings(O, "r", F.returnedVars);
  F.returnedText = str(O, "rt");
  readStringPairs(O, "d", F.varDeps);
  if (const Array *A = O.getArray("a"))
    for (const Value &E : *A)
      if (const Array *Pair = E.getAsArray(); Pair && Pair->size() == 2)
        F.assignments.emplace_back((*Pair)[0].getAsString().value_or("").str(),
                                   static_cast<int>((*Pair)[1].getAsInteger().value_or(0)));
  readStringPairs(O, "bt", F.branchTests);
  if (const Array *A = O.getArray("pt"))
    for (const Value &E : *A)
      if (const Array *T = E.getAsArray(); T && T->size() == 4)
        F.paramTests.push_back({(*T)[0].getAsString().value_or("").str(),
                                static_cast<int>((*T)[1].getAsInteger().value_or(0)),
                                (*T)[2].getAsBoolean().value_or(false),
                                (*T)[3].getAsBoolean().value_or(false)});
  if (const Array *A = O.getArray("eg"))
    for (const Value &E : *A)
      if (const Array *G = E.getAsArray(); G && G->size() == 3)
        F.exitGuards.push_back({(*G)[0].getAsString().value_or("").str(),
                                static_cast<int>((*G)[1].getAsInteger().value_or(0)),
                                static_cast<int>((*G)[2].getAsInteger().value_or(-1))});
}

Object siteFlowJson(const CallSite &S) {
  Array Origins, Exited;
  for (int L : S.exitedLoops)
    Exited.push_back(static_cast<int64_t>(L));
  for (uint8_t O : S.argOrigins)
    Origins.push_back(static_cast<int64_t>(O));
  return Object{{"x", S.resultDiscarded},
                {"v", strings(S.argVars)},
                {"t", S.argsText},
                {"q", S.seq},
                {"b", S.branch},
                {"o", static_cast<int64_t>(S.sqlOrigin)},
                {"ot", S.sqlTaint},
                {"sp", S.sqlParam},
                {"sf", S.sqlFormatParam},
                {"cr", static_cast<int64_t>(S.cacheRole)},
                {"ge", S.guardsExit},
                {"ao", std::move(Origins)},
                {"at", strings(S.argTaints)},
                {"as", strings(S.argStrings)},
                {"ap", strings(S.argPrefixes)},
                {"ae", stringLists(S.argVarsEach)},
                {"pre", S.sqlPrefix},
                {"nx", S.sqlNext},
                {"sfr", S.sqlFrom},
                {"sc", strings(S.sqlCandidates)},
                {"afr", strings(S.argFroms)},
                {"xl", std::move(Exited)},
                {"tr", S.argTruth},
                {"lf", S.leavesFunction},
                {"ov", S.objectVar}};
}

void readSiteFlow(const Object &O, CallSite &S) {
  S.resultDiscarded = O.getBoolean("x").value_or(false);
  readStrings(O, "v", S.argVars);
  S.argsText = str(O, "t");
  S.seq = static_cast<int>(num(O, "q"));
  S.branch = str(O, "b");
  S.sqlOrigin = static_cast<SqlOrigin>(num(O, "o"));
  S.sqlTaint = str(O, "ot");
  S.sqlParam = static_cast<int>(num(O, "sp", -1));
  S.sqlFormatParam = static_cast<int>(num(O, "sf", -1));
  S.cacheRole = static_cast<uint8_t>(num(O, "cr"));
  S.guardsExit = static_cast<int>(num(O, "ge", -2));
  S.objectVar = str(O, "ov");
  S.argTruth = str(O, "tr");
  S.leavesFunction = O.getBoolean("lf").value_or(false);
  if (const Array *A = O.getArray("ao"))
    for (const Value &E : *A)
      S.argOrigins.push_back(static_cast<uint8_t>(E.getAsInteger().value_or(0)));
  readStrings(O, "at", S.argTaints);
  S.sqlPrefix = str(O, "pre");
  S.sqlNext = str(O, "nx");
  S.sqlFrom = str(O, "sfr");
  readStrings(O, "afr", S.argFroms);
  readStrings(O, "sc", S.sqlCandidates);
  readStrings(O, "as", S.argStrings);
  readStrings(O, "ap", S.argPrefixes);
  if (const Array *A = O.getArray("ae"))
    for (const Value &E : *A) {
      S.argVarsEach.emplace_back();
      if (const Array *Vars = E.getAsArray())
        for (const Value &V : *Vars)
          S.argVarsEach.back().push_back(V.getAsString().value_or("").str());
    }
  if (const Array *A = O.getArray("xl"))
    for (const Value &E : *A)
      S.exitedLoops.push_back(static_cast<int>(E.getAsInteger().value_or(-1)));
}

std::string encodeFactsFile(const UnitFactsFile &U, const std::string &Root) {
  const TuFacts &T = U.facts;
  Array Functions;
  for (const FunctionFact &F : T.functions) {
    Array Loops, Calls;
    for (const LoopFact &L : F.loops) {
      Array Cond;
      for (const ConditionVar &V : L.conditionVars)
        Cond.push_back(Array{V.var, V.comparedToConstant});
      Object J{{"id", L.id},
               {"parent", L.parent},
               {"kind", static_cast<int64_t>(L.kind)},
               {"loc", locJson(L.loc, Root)},
               {"label", L.label},
               {"increment", L.hasIncrement},
               {"chunked", L.chunked},
               {"upgradeOnly", L.upgradeOnly},
               {"condition", std::move(Cond)},
               {"macros", strings(L.conditionMacros)},
               {"modified", strings(L.modifiedVars)}};
      if (L.tripCount)
        J["trips"] = *L.tripCount;
      Loops.push_back(std::move(J));
    }
    for (const CallSite &S : F.calls)
      Calls.push_back(Object{{"id", S.id},
                             {"loc", locJson(S.loc, Root)},
                             {"usr", relativeUsr(S.calleeUsr, Root)},
                             {"name", S.calleeName},
                             {"loop", S.loop},
                             {"inCondition", S.inLoopCondition},
                             {"virtual", S.virtualDispatch},
                             {"unresolved", S.unresolved},
                             {"lambda", S.calleeIsLambda},
                             {"upgradeOnly", S.upgradeOnly},
                             {"runsOnce", S.runsOnce},
                             {"leavesByException", S.leavesByException},
                             {"kind", static_cast<int64_t>(S.kind)},
                             {"latency", static_cast<int64_t>(S.latency)},
                             {"pack", S.pack},
                             {"api", S.api},
                             {"sql", S.sql},
                             {"statement", S.statementVar},
                             {"result", S.resultVar},
                             {"failure", static_cast<int64_t>(S.failure)},
                             {"flow", siteFlowJson(S)}});
    Functions.push_back(Object{{"usr", relativeUsr(F.usr, Root)},
                               {"name", F.name},
                               {"loc", locJson(F.loc, Root)},
                               {"end", static_cast<int64_t>(F.endLine)},
                               {"lambda", F.isLambda},
                               {"hot", F.hot},
                               {"overrides", strings(relativeUsrs(F.overrides, Root))},
                               {"flow", functionFlowJson(F)},
                               {"loops", std::move(Loops)},
                               {"calls", std::move(Calls)}});
  }
  // The headers as a sorted set without the unit itself: the same list whether the facts
  // were just parsed or read back from a fact index.
  std::set<std::string> IncludeSet;
  for (const std::string &I : T.includedFiles)
    if (I != T.mainFile)
      IncludeSet.insert(relative(I, Root));
  Array Includes, Errors;
  for (const std::string &I : IncludeSet)
    Includes.push_back(I);
  for (const ToolError &E : T.errors) {
    // Clang's messages start with the absolute path of the file they are about.
    std::string Message = E.message;
    bool Rel = !Root.empty() && llvm::StringRef(Message).starts_with(Root + "/");
    if (Rel)
      Message.erase(0, Root.size() + 1);
    Errors.push_back(
        Object{{"file", relative(E.file, Root)}, {"message", Message}, {"relativeMessage", Rel}});
  }
  Object Inputs;
  for (const auto &[Path, Hash] : U.inputHashes)
    Inputs[relative(Path, Root)] = Hash;
  std::set<std::string> DroppedSet, UnknownSet;
  for (const std::string &F : U.droppedFlags)
    DroppedSet.insert(markRoot(F, Root));
  for (const std::string &F : U.unknownFlags)
    UnknownSet.insert(markRoot(F, Root));
  std::vector<std::string> Dropped(DroppedSet.begin(), DroppedSet.end()),
      Unknown(UnknownSet.begin(), UnknownSet.end());
  Object Root_{{"format", "riskgate-facts"},
               {"formatVersion", FactsFileFormat},
               {"tool", toolLine()},
               {"packs", U.packsHash},
               {"unit", relative(T.mainFile, Root)},
               {"includes", std::move(Includes)},
               {"inputs", std::move(Inputs)},
               {"errors", std::move(Errors)},
               {"droppedFlags", strings(Dropped)},
               {"unknownFlags", strings(Unknown)},
               {"functions", std::move(Functions)}};
  return llvm::formatv("{0}", Value(std::move(Root_))).str() + "\n";
}

bool decodeFactsFile(const std::string &Path, const std::string &Text, const std::string &Root,
                     UnitFactsFile &Out, std::string &Error) {
  if (jsonNesting(Text) > MaxJsonNesting) {
    Error = Path + ": not a riskgate facts file (nested deeper than " +
            std::to_string(MaxJsonNesting) + " levels)";
    return false;
  }
  auto Parsed = llvm::json::parse(Text);
  if (!Parsed) {
    Error = Path + ": not a riskgate facts file (" + llvm::toString(Parsed.takeError()) + ")";
    return false;
  }
  const Object *O = Parsed->getAsObject();
  if (!O || O->getString("format") != llvm::StringRef("riskgate-facts")) {
    Error = Path + ": not a riskgate facts file (no \"format\": \"riskgate-facts\")";
    return false;
  }
  if (num(*O, "formatVersion") != FactsFileFormat || str(*O, "tool") != toolLine()) {
    Error = Path + ": written by " + str(*O, "tool") + " (facts file format " +
            std::to_string(num(*O, "formatVersion")) + "); this is " + toolLine() +
            ": extract the facts again with this riskgate";
    return false;
  }
  std::string Unit = str(*O, "unit");
  if (Unit.empty() || llvm::sys::path::is_absolute(Unit) || absolute(Unit, Root).empty()) {
    Error = Path + ": malformed facts file (\"unit\" must name a file inside the root)";
    return false;
  }
  const Object *Inputs = O->getObject("inputs");
  if (!Inputs) {
    Error = Path + ": malformed facts file (no \"inputs\")";
    return false;
  }
  UnitFactsFile U;
  U.packsHash = str(*O, "packs");
  U.facts.mainFile = absolute(Unit, Root);
  std::vector<std::string> Flags;
  readStrings(*O, "droppedFlags", Flags);
  for (const std::string &F : Flags)
    U.droppedFlags.insert(unmarkRoot(F, Root));
  Flags.clear();
  readStrings(*O, "unknownFlags", Flags);
  for (const std::string &F : Flags)
    U.unknownFlags.insert(unmarkRoot(F, Root));
  for (const auto &[Input, Hash] : *Inputs) {
    std::string Abs = absolute(Input.str(), Root);
    if (Abs.empty()) {
      Error = Path + ": malformed facts file (an input outside the root: " + Input.str() + ")";
      return false;
    }
    U.inputHashes[Abs] = Hash.getAsString().value_or("").str();
  }
  std::vector<std::string> Includes;
  readStrings(*O, "includes", Includes);
  for (const std::string &I : Includes)
    U.facts.includedFiles.push_back(absolute(I, Root));
  if (const Array *Errors = O->getArray("errors"))
    for (const Value &V : *Errors)
      if (const Object *E = V.getAsObject()) {
        std::string Message = str(*E, "message");
        if (E->getBoolean("relativeMessage").value_or(false) && !Root.empty())
          Message = Root + "/" + Message;
        U.facts.errors.push_back({absolute(str(*E, "file"), Root), Message});
      }
  const Array *Functions = O->getArray("functions");
  if (!Functions) {
    Error = Path + ": malformed facts file (no \"functions\")";
    return false;
  }
  for (const Value &FV : *Functions) {
    const Object *FO = FV.getAsObject();
    if (!FO) {
      Error = Path + ": malformed facts file (a function is not an object)";
      return false;
    }
    FunctionFact F;
    F.usr = absoluteUsr(str(*FO, "usr"), Root);
    F.name = str(*FO, "name");
    F.loc = readLoc(*FO, "loc", Root);
    F.endLine = static_cast<unsigned>(num(*FO, "end"));
    F.isLambda = FO->getBoolean("lambda").value_or(false);
    F.hot = FO->getBoolean("hot").value_or(false);
    readStrings(*FO, "overrides", F.overrides);
    for (std::string &O : F.overrides)
      O = absoluteUsr(O, Root);
    if (const Object *Flow = FO->getObject("flow"))
      readFunctionFlow(*Flow, F);
    if (const Array *Loops = FO->getArray("loops"))
      for (const Value &LV : *Loops) {
        const Object *LO = LV.getAsObject();
        if (!LO)
          continue;
        LoopFact L;
        L.id = static_cast<int>(num(*LO, "id"));
        L.parent = static_cast<int>(num(*LO, "parent", -1));
        L.kind = static_cast<LoopKind>(num(*LO, "kind"));
        L.loc = readLoc(*LO, "loc", Root);
        L.label = str(*LO, "label");
        L.hasIncrement = LO->getBoolean("increment").value_or(false);
        L.chunked = LO->getBoolean("chunked").value_or(false);
        L.upgradeOnly = LO->getBoolean("upgradeOnly").value_or(false);
        if (auto Trips = LO->getInteger("trips"))
          L.tripCount = *Trips;
        if (const Array *Cond = LO->getArray("condition"))
          for (const Value &CV : *Cond)
            if (const Array *Pair = CV.getAsArray(); Pair && Pair->size() == 2)
              L.conditionVars.push_back({(*Pair)[0].getAsString().value_or("").str(),
                                         (*Pair)[1].getAsBoolean().value_or(false)});
        readStrings(*LO, "macros", L.conditionMacros);
        readStrings(*LO, "modified", L.modifiedVars);
        if (L.id != static_cast<int>(F.loops.size()) || L.parent < -1 || L.parent >= L.id ||
            num(*LO, "kind") > static_cast<int64_t>(LoopKind::Algorithm) || num(*LO, "kind") < 0) {
          Error = Path + ": malformed facts file (a loop out of order or of no known kind in " +
                  F.name + ")";
          return false;
        }
        F.loops.push_back(std::move(L));
      }
    if (const Array *Calls = FO->getArray("calls"))
      for (const Value &CV : *Calls) {
        const Object *CO = CV.getAsObject();
        if (!CO)
          continue;
        CallSite S;
        S.id = static_cast<int>(num(*CO, "id"));
        S.loc = readLoc(*CO, "loc", Root);
        S.calleeUsr = absoluteUsr(str(*CO, "usr"), Root);
        S.calleeName = str(*CO, "name");
        S.loop = static_cast<int>(num(*CO, "loop", -1));
        S.inLoopCondition = CO->getBoolean("inCondition").value_or(false);
        S.virtualDispatch = CO->getBoolean("virtual").value_or(false);
        S.unresolved = CO->getBoolean("unresolved").value_or(false);
        S.calleeIsLambda = CO->getBoolean("lambda").value_or(false);
        S.upgradeOnly = CO->getBoolean("upgradeOnly").value_or(false);
        S.runsOnce = CO->getBoolean("runsOnce").value_or(false);
        S.leavesByException = CO->getBoolean("leavesByException").value_or(false);
        S.kind = static_cast<AccessKind>(num(*CO, "kind"));
        S.latency = static_cast<Latency>(num(*CO, "latency"));
        S.pack = str(*CO, "pack");
        S.api = str(*CO, "api");
        S.sql = str(*CO, "sql");
        S.statementVar = str(*CO, "statement");
        S.resultVar = str(*CO, "result");
        S.failure = static_cast<uint8_t>(num(*CO, "failure"));
        if (const Object *Flow = CO->getObject("flow"))
          readSiteFlow(*Flow, S);
        auto LoopId = [&](int L) { return L >= -1 && L < static_cast<int>(F.loops.size()); };
        size_t Args = S.argOrigins.size();
        bool Valid = S.id == static_cast<int>(F.calls.size()) && LoopId(S.loop) &&
                     std::all_of(S.exitedLoops.begin(), S.exitedLoops.end(), LoopId) &&
                     num(*CO, "kind") >= 0 &&
                     num(*CO, "kind") <= static_cast<int64_t>(AccessKind::Insert) &&
                     num(*CO, "latency") >= 0 &&
                     num(*CO, "latency") <= static_cast<int64_t>(Latency::Network) &&
                     S.sqlOrigin <= SqlOrigin::FormatOf && S.argTaints.size() == Args &&
                     (S.argPrefixes.empty() || S.argPrefixes.size() == Args);
        if (!Valid) {
          Error = Path + ": malformed facts file (a call out of order or of no known kind in " +
                  F.name + ")";
          return false;
        }
        F.calls.push_back(std::move(S));
      }
    U.facts.functions.push_back(std::move(F));
  }
  Out = std::move(U);
  return true;
}

} // namespace riskgate
