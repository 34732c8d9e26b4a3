#include "change/Slice.h"

#include "llvm/Support/Path.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <memory>

namespace riskgate {

namespace {

std::string classOf(const std::string &Name) {
  size_t At = Name.rfind("::");
  return At == std::string::npos ? std::string() : Name.substr(0, At);
}

/// The program's call graph as the model will build it (an edge for each call site's callee
/// that has a definition, and for a virtual call each override), walked over the changed
/// units' fresh facts and, for every other unit, over its current facts in the index, loaded
/// only when the walk reaches one of its functions.
class Slicer {
public:
  Slicer(FactIndex &Index, const std::map<std::string, std::string> &Current,
         const std::set<std::string> &Fresh, const std::map<std::string, size_t> &Order)
      : Index(Index), Current(Current), FreshUnits(Fresh), Order(Order) {}

  /// Adds a changed unit's facts (each revision's).
  void addFresh(const TuFacts &U) {
    for (const FunctionFact &F : U.functions) {
      FreshDefs[F.usr][U.mainFile].push_back(&F);
      for (const CallSite &S : F.calls)
        if (!S.calleeUsr.empty())
          FreshCallers[S.calleeUsr].insert(F.usr);
      for (const std::string &B : F.overrides)
        FreshOverriders[B].insert(F.usr);
    }
  }

  /// Every function that reaches one of Seeds through calls, Seeds included.
  std::set<std::string> up(const std::set<std::string> &Seeds) {
    return closure(Seeds, [this](const std::string &Usr) { return callers(Usr); });
  }
  /// Every function one of Seeds reaches through calls, Seeds included.
  std::set<std::string> down(const std::set<std::string> &Seeds) {
    return closure(Seeds, [this](const std::string &Usr) { return callees(Usr); });
  }

  /// Usr's definition as the model takes it: the one of the unit that comes first in the
  /// compile database (each revision's, for a changed unit); empty when none is defined.
  const std::vector<const FunctionFact *> &definitions(const std::string &Usr) {
    auto It = Defs.find(Usr);
    if (It != Defs.end())
      return It->second;
    // The first changed unit and the first stored unit that define it: both, as a changed
    // unit may define it in one revision only, and the stored one then wins in the other.
    std::string FirstFresh, FirstStored;
    auto Earlier = [&](std::string &First, const std::string &Unit) {
      if (First.empty() || rank(Unit) < rank(First))
        First = Unit;
    };
    auto Fresh = FreshDefs.find(Usr);
    if (Fresh != FreshDefs.end())
      for (const auto &[Unit, Fns] : Fresh->second)
        Earlier(FirstFresh, Unit);
    for (const FactIndex::StoredFunction &S : Index.definitionsOf(Usr))
      if (current(S))
        Earlier(FirstStored, S.unit);
    std::vector<const FunctionFact *> &Out = Defs[Usr];
    if (!FirstFresh.empty()) {
      Out = Fresh->second.at(FirstFresh);
      UnitOf[Usr] = FirstFresh;
    }
    if (FirstStored.empty())
      return Out;
    if (const TuFacts *U = load(FirstStored))
      for (const FunctionFact &F : U->functions)
        if (F.usr == Usr) {
          Out.push_back(&F);
          break;
        }
    if (FirstFresh.empty())
      UnitOf[Usr] = FirstStored;
    else
      AlsoUnits.insert(FirstStored);
    return Out;
  }

  /// Stored units whose definitions the slice needs besides those of unitOf().
  std::set<std::string> AlsoUnits;

  /// The unit the slice takes Usr's definition from.
  const std::string *unitOf(const std::string &Usr) const {
    auto It = UnitOf.find(Usr);
    return It == UnitOf.end() ? nullptr : &It->second;
  }

  /// Stored functions that are current and outside the changed units (Load: their units
  /// loaded too).
  std::vector<FactIndex::StoredFunction> take(std::vector<FactIndex::StoredFunction> Rows,
                                              bool Load = true) {
    Rows.erase(std::remove_if(Rows.begin(), Rows.end(),
                              [this](const FactIndex::StoredFunction &S) { return !current(S); }),
               Rows.end());
    if (Load)
      for (const FactIndex::StoredFunction &S : Rows)
        load(S.unit);
    return Rows;
  }

private:
  bool current(const FactIndex::StoredFunction &S) const {
    if (FreshUnits.count(S.unit))
      return false; // the changed units' fresh facts stand in for what the index holds
    auto It = Current.find(S.unit);
    return It != Current.end() && It->second == S.variant;
  }

  size_t rank(const std::string &Unit) const {
    auto It = Order.find(Unit);
    return It == Order.end() ? Order.size() : It->second;
  }

  const TuFacts *load(const std::string &Unit) {
    if (auto It = Loaded.find(Unit); It != Loaded.end())
      return It->second.get();
    if (FreshUnits.count(Unit) || !Current.count(Unit))
      return nullptr;
    auto U = std::make_unique<TuFacts>();
    if (!Index.loadStored(Unit, Current.at(Unit), *U)) {
      Failed = true;
      return nullptr;
    }
    return (Loaded[Unit] = std::move(U)).get();
  }

  // Each function's callers and callees are asked for more than once (the focus's walk up
  // repeats the change's): answered from the index once.
  std::set<std::string> callers(const std::string &Usr) {
    auto Known = CallersOf.find(Usr);
    if (Known != CallersOf.end())
      return Known->second;
    std::set<std::string> &Out = CallersOf[Usr];
    std::vector<std::string> Targets{Usr};
    // A virtual call of a method this one overrides may run it.
    for (const FunctionFact *F : definitions(Usr))
      Targets.insert(Targets.end(), F->overrides.begin(), F->overrides.end());
    for (const std::string &T : Targets) {
      if (auto It = FreshCallers.find(T); It != FreshCallers.end())
        Out.insert(It->second.begin(), It->second.end());
      for (const FactIndex::StoredFunction &S : take(Index.callersOf(T)))
        Out.insert(S.usr);
    }
    return Out;
  }

  std::set<std::string> callees(const std::string &Usr) {
    auto Known = CalleesOf.find(Usr);
    if (Known != CalleesOf.end())
      return Known->second;
    std::set<std::string> &Out = CalleesOf[Usr];
    // A copy: loading units while walking adds definitions.
    std::vector<const FunctionFact *> Mine = definitions(Usr);
    for (const FunctionFact *F : Mine)
      for (const CallSite &S : F->calls) {
        if (S.unresolved || S.kind != AccessKind::None || S.calleeUsr.empty())
          continue;
        if (!definitions(S.calleeUsr).empty())
          Out.insert(S.calleeUsr);
        if (!S.virtualDispatch)
          continue;
        if (auto It = FreshOverriders.find(S.calleeUsr); It != FreshOverriders.end())
          Out.insert(It->second.begin(), It->second.end());
        for (const FactIndex::StoredFunction &O : take(Index.overridersOf(S.calleeUsr)))
          Out.insert(O.usr);
      }
    return Out;
  }

  std::set<std::string>
  closure(const std::set<std::string> &Seeds,
          const std::function<std::set<std::string>(const std::string &)> &Next) {
    std::set<std::string> Seen = Seeds;
    std::deque<std::string> Work(Seeds.begin(), Seeds.end());
    while (!Work.empty()) {
      std::string Cur = std::move(Work.front());
      Work.pop_front();
      for (const std::string &N : Next(Cur))
        if (Seen.insert(N).second)
          Work.push_back(N);
    }
    return Seen;
  }

  FactIndex &Index;
  const std::map<std::string, std::string> &Current;
  const std::set<std::string> &FreshUnits;
  const std::map<std::string, size_t> &Order;
  // usr -> changed unit -> its definitions there (each revision's).
  std::map<std::string, std::map<std::string, std::vector<const FunctionFact *>>> FreshDefs;
  std::map<std::string, std::vector<const FunctionFact *>> Defs;
  std::map<std::string, std::string> UnitOf;
  std::map<std::string, std::set<std::string>> FreshCallers, FreshOverriders;
  std::map<std::string, std::unique_ptr<TuFacts>> Loaded;
  std::map<std::string, std::set<std::string>> CallersOf, CalleesOf;

public:
  bool Failed = false; // a stored unit could not be read back
};

} // namespace

std::optional<DiffSlice> sliceChange(Pipeline &P, const std::set<std::string> &Changed,
                                     const std::vector<std::string> &HeadFiles,
                                     const std::vector<std::string> &BaseFiles, const Overlay *Head,
                                     const Overlay *Base) {
  if (!P.index || !P.inputs.db || P.preloaded || !P.indexOnly.empty())
    return std::nullopt;
  // A schema or a configuration applies to every unit: a change to one is analyzed with the
  // whole program.
  for (const std::string &F : Changed)
    if (llvm::sys::path::filename(F) == ".riskgate.yaml" ||
        std::find(P.schemaFiles.begin(), P.schemaFiles.end(), F) != P.schemaFiles.end())
      return std::nullopt;
  FactIndex &Index = *P.index;
  // Which stored facts still hold: same command line and packs, inputs unchanged on disk.
  std::string Packs = P.packs.contentHash();
  std::map<std::string, std::string> Keys;
  for (const std::string &File : P.inputs.files) {
    std::set<std::string> Dropped;
    std::vector<std::string> Command = commandFor(P.inputs, File, P.resourceDir, Dropped, P.policy);
    if (!Command.empty())
      Keys[File] = Index.commandKey(Command, Packs);
  }
  std::map<std::string, std::string> Current;
  std::map<std::string, std::vector<std::string>> Inputs;
  if (!Index.currentVariants(Keys, Current, Inputs))
    return std::nullopt;

  // The units whose facts must be extracted: the change touches one of their inputs, or the
  // index holds none that are current.
  std::set<std::string> Fresh;
  for (const std::string &File : P.inputs.files) {
    auto It = Inputs.find(File);
    if (!Current.count(File) || It == Inputs.end() ||
        std::any_of(It->second.begin(), It->second.end(),
                    [&](const std::string &In) { return Changed.count(In) != 0; }))
      Fresh.insert(File);
  }
  if (Fresh.size() * 2 > P.inputs.files.size())
    return std::nullopt; // most of the program: the whole of it costs no more

  DiffSlice D;
  D.changedUnits = Fresh.size();
  auto Extract = [&](const std::vector<std::string> &Files, const Overlay *Over) {
    std::vector<std::string> Mine;
    for (const std::string &F : Files)
      if (Fresh.count(F))
        Mine.push_back(F);
    return runExtraction(P.inputs, Mine, P.packs, extractOptions(P, Over));
  };
  D.head = Extract(HeadFiles, Head);
  D.base = Extract(BaseFiles, Base);

  // A connection's driver decides the engine of every query of its library, program-wide: a
  // change to one is analyzed with the whole program.
  for (const ExtractResult *R : {&D.head, &D.base})
    for (const TuFacts &U : R->units)
      for (const FunctionFact &F : U.functions)
        for (const CallSite &C : F.calls)
          if (C.kind == AccessKind::Connect)
            return std::nullopt;
  std::map<std::string, size_t> Order;
  for (const std::string &File : P.inputs.files)
    Order.emplace(File, Order.size());
  Slicer S(Index, Current, Fresh, Order);
  std::set<std::string> Changes;
  for (const ExtractResult *R : {&D.head, &D.base})
    for (const TuFacts &U : R->units) {
      S.addFresh(U);
      for (const FunctionFact &F : U.functions)
        Changes.insert(F.usr);
    }
  // Findings can differ in what reaches the change (its summaries change) and in what the
  // change reaches (its callers change). Those findings need all of their callers, and
  // everything those callers reach.
  D.focus = S.up(Changes);
  std::set<std::string> Below = S.down(Changes);
  D.focus.insert(Below.begin(), Below.end());
  std::set<std::string> Needed = S.down(S.up(D.focus));

  std::set<std::string> Units(Fresh.begin(), Fresh.end());
  // Program-wide facts: every connection's driver (the engine), and the members a class
  // fills from query rows (with what those fillers reach).
  for (const FactIndex::StoredFunction &C :
       S.take(Index.functionsWithSite(AccessKind::Connect), false))
    Units.insert(C.unit);
  std::set<std::string> Classes;
  for (const std::string &Usr : Needed)
    for (const FunctionFact *F : S.definitions(Usr))
      Classes.insert(classOf(F->name));
  Classes.erase(std::string());
  std::set<std::string> Fillers;
  for (const std::string &Class : Classes)
    for (const FactIndex::StoredFunction &F :
         S.take(Index.methodsWithSiteInLoop(Class, AccessKind::Insert), false))
      if (classOf(F.name) == Class)
        Fillers.insert(F.usr);
  Fillers = S.down(Fillers); // loads the fillers' units
  Needed.insert(Fillers.begin(), Fillers.end());
  for (const std::string &Usr : Needed)
    if (const std::string *U = S.unitOf(Usr))
      Units.insert(*U);
  Units.insert(S.AlsoUnits.begin(), S.AlsoUnits.end());
  if (S.Failed)
    return std::nullopt;
  for (const std::string &File : P.inputs.files)
    if (Units.count(File))
      D.units.push_back(File);
  return D;
}

void keepFocus(std::vector<Finding> &Findings, const ProgramModel &M,
               const std::set<std::string> &Focus) {
  std::multimap<std::string, const FunctionFact *> ByName;
  for (const FunctionFact *F : M.functions())
    ByName.emplace(F->name, F);
  auto Keep = [&](const Finding &X) {
    bool Inside = false, Outside = false;
    auto [Begin, End] = ByName.equal_range(X.function);
    for (auto It = Begin; It != End; ++It) {
      const FunctionFact &F = *It->second;
      bool In = Focus.count(F.usr) != 0;
      if (In && F.loc.file == X.loc.file && X.loc.line >= F.loc.line &&
          X.loc.line <= std::max(F.endLine, F.loc.line))
        return true;
      (In ? Inside : Outside) = true;
    }
    return Inside && !Outside;
  };
  Findings.erase(
      std::remove_if(Findings.begin(), Findings.end(), [&](const Finding &X) { return !Keep(X); }),
      Findings.end());
}

} // namespace riskgate
