#include "rules/LoopContext.h"

#include "llvm/Support/Path.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <sstream>
#include <string_view>

namespace riskgate {

int paramNamed(const FunctionFact &G, const std::string &Taint) {
  if (Taint.rfind("parameter '", 0) != 0 || Taint.size() < 12)
    return -1;
  std::string Name = Taint.substr(11, Taint.size() - 12);
  for (size_t I = 0; I < G.params.size(); ++I)
    if (G.params[I].substr(0, G.params[I].find('#')) == Name)
      return static_cast<int>(I);
  return -1;
}

namespace {
bool rearms(AccessKind K) {
  return K == AccessKind::Bind || K == AccessKind::Reset || K == AccessKind::Prepare;
}
constexpr int64_t SmallTripCount = 10;
} // namespace

FunctionContext::FunctionContext(const ProgramModel &Model, const PackSet &Packs,
                                 const FunctionFact &Root)
    : Model(Model), Packs(Packs), Root(Root) {
  inline_(Root, {}, 0);
}

void FunctionContext::inline_(const FunctionFact &F, const std::vector<LoopRef> &Outer, int Depth) {
  for (const CallSite &S : F.calls) {
    std::vector<LoopRef> Loops;
    for (int L = S.loop; L >= 0; L = F.loops[L].parent)
      if (std::find(S.exitedLoops.begin(), S.exitedLoops.end(), L) == S.exitedLoops.end())
        Loops.push_back({&F, L});
    Loops.insert(Loops.end(), Outer.begin(), Outer.end());
    if (S.calleeIsLambda) {
      const FunctionFact *Body = Model.function(S.calleeUsr);
      if (Body && Depth < 8)
        inline_(*Body, Loops, Depth + 1);
      continue;
    }
    Sites.push_back({&F, &S, std::move(Loops)});
  }
}

bool FunctionContext::within(const ContextSite &S, const LoopRef &L) {
  return std::find(S.loops.begin(), S.loops.end(), L) != S.loops.end();
}

const LoopRef *FunctionContext::reexecutingLoop(const ContextSite &S) const {
  if (S.site->kind != AccessKind::Step || S.site->statementVar.empty())
    return nullptr;
  for (const LoopRef &L : S.loops) {
    bool Rearmed = false, Executed = false;
    for (const ContextSite &O : Sites) {
      if (O.site->statementVar != S.site->statementVar || !within(O, L))
        continue;
      Rearmed = Rearmed || rearms(O.site->kind);
      // exec() then next() on a prepared query: the exec is the round trip (and the
      // finding); the step only reads the rows it produced.
      Executed = Executed || (O.site != S.site && isRoundTrip(O.site->kind));
    }
    if (Executed)
      return nullptr;
    if (Rearmed)
      return &L;
  }
  return nullptr;
}

const CallSite *FunctionContext::rowsQuery(const LoopRef &L) const {
  const LoopFact &LF = L.fact();
  if (LF.kind != LoopKind::RangeFor || LF.modifiedVars.empty())
    return nullptr;
  const std::string &Element = LF.modifiedVars.front(); // the loop variable comes first
  const FunctionFact &Fn = *L.fn;
  // A result variable assigned by several queries (`result = query(...)` over and over in a
  // long handler): the assignment that reaches the loop, the last one before it in the
  // source, else the first after it (a loop reached by a jump back).
  const CallSite *Before = nullptr, *After = nullptr;
  auto Earlier = [](const SourceLoc &A, const SourceLoc &B) {
    return A.line < B.line || (A.line == B.line && A.column < B.column);
  };
  for (const auto &[Var, From] : Fn.varDeps) {
    if (Var != Element)
      continue;
    for (const CallSite &O : Fn.calls) {
      if (O.resultVar != From || Fn.loopWithin(O.loop, L.id))
        continue;
      bool Query = isRoundTrip(O.kind);
      if (!Query && O.kind == AccessKind::None)
        for (const FunctionFact *G : Model.callees(Fn, O.id))
          if (!Model.summary(*G).roundTrips.empty())
            Query = true;
      if (!Query)
        continue;
      if (O.loc.file == LF.loc.file && Earlier(O.loc, LF.loc)) {
        if (!Before || Earlier(Before->loc, O.loc))
          Before = &O;
      } else if (!After || Earlier(O.loc, After->loc)) {
        After = &O;
      }
    }
  }
  return Before ? Before : After;
}

const CallSite *FunctionContext::filledFromRows(const LoopRef &L) const {
  const FunctionFact &Fn = *L.fn;
  const LoopFact &LF = L.fact();
  // The collection: a range-for's range (what its element is computed from), or what the
  // loop's exit compares (`i < ids.count()`).
  std::vector<std::string> Collection;
  if (LF.kind == LoopKind::RangeFor && !LF.modifiedVars.empty()) {
    for (const auto &[Var, From] : Fn.varDeps)
      if (Var == LF.modifiedVars.front())
        Collection.push_back(From);
  } else {
    for (const ConditionVar &V : LF.conditionVars)
      Collection.push_back(V.var);
  }
  for (const std::string &V : Collection) {
    if (V.rfind("this.", 0) == 0)
      continue; // a member: rowFilledMembers' question
    for (const LoopFact &Filler : Fn.loops) {
      if (Filler.id == L.id || Fn.loopWithin(L.id, Filler.id) || Fn.loopWithin(Filler.id, L.id) ||
          std::find(Filler.modifiedVars.begin(), Filler.modifiedVars.end(), V) ==
              Filler.modifiedVars.end())
        continue;
      // V takes values from a statement the filling loop steps through, run before it.
      for (const auto &[Var, From] : Fn.varDeps) {
        if (Var != V)
          continue;
        const CallSite *Step = nullptr, *Ran = nullptr;
        for (const CallSite &S : Fn.calls)
          if (S.statementVar == From && S.kind == AccessKind::Step &&
              Fn.loopWithin(S.loop, Filler.id) && !ProgramModel::stepReexecutes(Fn, S, Filler.id))
            Step = &S;
        if (!Step)
          continue;
        for (const CallSite &S : Fn.calls) // the run whose rows it walks: the last before it
          if (S.statementVar == From && (isRoundTrip(S.kind) || S.kind == AccessKind::Prepare) &&
              S.seq < Step->seq && (!Ran || S.seq > Ran->seq))
            Ran = &S;
        return Ran ? Ran : Step;
      }
    }
  }
  return nullptr;
}

bool FunctionContext::walksRows(const LoopRef &L, const std::string &ExceptStatement) const {
  if (rowsQuery(L) || filledFromRows(L))
    return true;
  for (const ContextSite &S : Sites) {
    if (S.site->kind != AccessKind::Step || !within(S, L))
      continue;
    const std::string &Stmt = S.site->statementVar;
    if (Stmt.empty())
      continue; // a step of no known statement (mysql_store_result): nothing to walk
    if (!ExceptStatement.empty() && Stmt == ExceptStatement)
      continue;
    bool Rearmed = false;
    for (const ContextSite &O : Sites)
      if (within(O, L) && (((rearms(O.site->kind) || O.site->kind == AccessKind::Query ||
                             O.site->kind == AccessKind::Execute) &&
                            O.site->statementVar == Stmt) ||
                           (!Stmt.empty() && O.site->resultVar == Stmt)))
        Rearmed = true; // re-prepared, run again (`q.exec(sql)` then `while (q.next())`), or
                        // the result of a query made in this loop
    if (!Rearmed)
      return true;
  }
  return false;
}

bool FunctionContext::walksOneRow(const LoopRef &L) const {
  const FunctionFact &Fn = *L.fn;
  // Only text known whole: a prefix ("SELECT count(*) FROM t WHERE a = " + x) may go on
  // with a GROUP BY.
  auto Complete = [this](const FunctionFact &F, const CallSite &S) -> std::string {
    if (S.sql.empty() && !S.sqlPrefix.empty())
      return {};
    std::string Sql = effectiveSql(Model, F, S);
    if (!Sql.empty() || S.kind != AccessKind::None)
      return Sql;
    // A function of the program handed the whole text (`store.rows("SELECT ...")`).
    const ReachedAccess *A = bestReached(Model, F, S, nullptr);
    if (!A)
      return {};
    Sql = chainSql(Model.chainThrough(F, S, *A), &Model);
    bool Whole = std::find(S.argStrings.begin(), S.argStrings.end(), Sql) != S.argStrings.end();
    return Whole ? Sql : std::string();
  };
  const CallSite *Q = rowsQuery(L);
  if (!Q)
    Q = filledFromRows(L);
  if (Q)
    return atMostOneRow(Complete(Fn, *Q));
  // `while (q.next())`, `for (i = 0; i < PQntuples(res); ++i) PQgetvalue(res, i, 0)`: the
  // cursor the loop's exit tests, run before the loop.
  const LoopFact &LF = L.fact();
  bool Any = false;
  for (const ContextSite &S : Sites) {
    const CallSite &Step = *S.site;
    if (Step.kind != AccessKind::Step || Step.statementVar.empty() || S.loops.empty() ||
        !(S.loops.front() == L))
      continue;
    bool Tested = Step.inLoopCondition ||
                  std::any_of(LF.conditionVars.begin(), LF.conditionVars.end(),
                              [&](const ConditionVar &V) { return V.var == Step.statementVar; });
    if (!Tested)
      continue;
    if (ProgramModel::stepReexecutes(*S.owner, Step, L.id))
      return false; // a new execution every pass
    std::string Sql = Complete(*S.owner, Step);
    if (Sql.empty()) // the result of a query run before the loop (`res = PQexec(...)`)
      for (const CallSite &O : S.owner->calls)
        if (O.resultVar == Step.statementVar && isRoundTrip(O.kind) && O.seq < Step.seq)
          Sql = Complete(*S.owner, O);
    if (!atMostOneRow(Sql))
      return false;
    Any = true;
  }
  return Any;
}

bool FunctionContext::isRetryLoop(const ContextSite &S, const LoopRef &L) const {
  const LoopFact &LF = L.fact();
  if (LF.kind == LoopKind::RangeFor || LF.kind == LoopKind::Algorithm)
    return false;
  bool Innermost = !S.loops.empty() && S.loops.front() == L;
  bool Controls = (Innermost && S.site->inLoopCondition);
  if (!S.site->resultVar.empty())
    for (const ConditionVar &V : LF.conditionVars)
      if (V.var == S.site->resultVar)
        Controls = true;
  if (!Controls)
    return false;
  for (const std::string &M : LF.conditionMacros)
    if (Packs.isRetryCode(M))
      return true;
  // Otherwise every other variable deciding the exit must be a bounded attempt counter or
  // the result of a call made in the loop: nothing walks a collection.
  for (const ConditionVar &V : LF.conditionVars) {
    if (V.comparedToConstant)
      continue;
    bool IsResult = false;
    for (const ContextSite &O : Sites)
      if (within(O, L) && !O.site->resultVar.empty() && O.site->resultVar == V.var)
        IsResult = true;
    if (!IsResult)
      return false;
  }
  return true;
}

Severity FunctionContext::adjust(Severity Base, const ContextSite &S, size_t LoopIndex,
                                 const std::string &Statement, std::vector<std::string> *Why,
                                 bool HotReaches, bool NestingNeedsSize, bool SizedLoop) const {
  const LoopRef &L = S.loops[LoopIndex];
  Severity Sev = Base;
  if (HotReaches) {
    Sev = raise(Sev);
    if (Why)
      Why->push_back("one level up: a hot entry point reaches it");
  }
  if (walksRows(L, Statement)) {
    Sev = raise(Sev);
    if (Why) {
      const CallSite *Q = rowsQuery(L);
      if (!Q)
        Q = filledFromRows(L);
      Why->push_back(
          "one level up: the loop walks the rows of " +
          (Q ? "the query at line " + std::to_string(Q->loc.line) : std::string("another query")));
    }
  }
  if (LoopIndex + 1 < S.loops.size()) {
    bool Sized = SizedLoop;
    for (size_t I = LoopIndex; I < S.loops.size() && !Sized; ++I)
      Sized = walksRows(S.loops[I], Statement);
    if (!NestingNeedsSize || Sized) {
      Sev = raise(Sev);
      if (Why)
        Why->push_back("one level up: the loop is nested in another loop");
    } else if (Why) {
      Why->push_back("not raised for the nesting: in process, and no loop around it is shown "
                     "to be table-sized");
    }
  }
  const auto &Trip = L.fact().tripCount;
  if (Trip && *Trip <= SmallTripCount) {
    Sev = lower(Sev);
    if (Why)
      Why->push_back("one level down: the loop runs at most " + std::to_string(*Trip) + " times");
  }
  return Sev;
}

TraceStep FunctionContext::loopNote(const LoopRef &L, const std::string &Statement) const {
  const LoopFact &LF = L.fact();
  std::string Msg = "loop here";
  if (LF.kind == LoopKind::Algorithm)
    Msg += " (" + LF.label + ")";
  const CallSite *Q = rowsQuery(L);
  if (!Q)
    Q = filledFromRows(L);
  if (Q)
    Msg += ", over the rows of the query at line " + std::to_string(Q->loc.line);
  else if (walksRows(L, Statement))
    Msg += ", over the rows of another query";
  return {LF.loc, Msg};
}

std::optional<size_t> FunctionContext::repeatingLoop(const ContextSite &S) const {
  for (size_t I = 0; I < S.loops.size(); ++I) {
    if (isRetryLoop(S, S.loops[I]) || walksOneRow(S.loops[I]))
      continue;
    // Deliberate chunking: one query per batch is the fix, not the bug.
    if (S.loops[I].fact().chunked || sendsBatch(S, S.loops[I]))
      return std::nullopt;
    return I;
  }
  return std::nullopt;
}

namespace {
std::vector<std::string> computedFrom(const FunctionFact &F, std::vector<std::string> Work);
} // namespace

bool FunctionContext::sendsBatch(const ContextSite &S, const LoopRef &L) const {
  // A range-for walks its range one element at a time (its batches are LoopFact::chunked).
  if (S.owner != L.fn || L.fact().kind == LoopKind::RangeFor)
    return false;
  const FunctionFact &Fn = *L.fn;
  const LoopFact &Outer = L.fact();
  auto Tests = [](const LoopFact &Lp, const std::string &V) {
    return std::any_of(Lp.conditionVars.begin(), Lp.conditionVars.end(),
                       [&](const ConditionVar &C) { return C.var == V; });
  };
  std::optional<std::set<std::string>> From; // what the call's arguments are built from
  for (const LoopFact &Inner : Fn.loops) {
    if (Inner.id == Outer.id || !Fn.loopWithin(Inner.id, Outer.id) ||
        Fn.loopWithin(S.site->loop, Inner.id))
      continue;
    // The inner loop walks what the outer one walks (`while (offset < queries.size())`
    // around `for (i = offset; i < queries.size(); ++i)`): the outer takes it in parts.
    // (A variable the outer loop changes is its cursor, not a collection.)
    bool SameCollection = std::any_of(
        Inner.conditionVars.begin(), Inner.conditionVars.end(), [&](const ConditionVar &C) {
          return !C.comparedToConstant && Tests(Outer, C.var) &&
                 std::find(Outer.modifiedVars.begin(), Outer.modifiedVars.end(), C.var) ==
                     Outer.modifiedVars.end();
        });
    if (!SameCollection)
      continue;
    // ... and fills what the statement is built from (`querybuf << q.text`): each pass of
    // the outer loop sends one statement for a part.
    if (!From) {
      std::vector<std::string> Vars = computedFrom(Fn, S.site->argVars);
      From.emplace(Vars.begin(), Vars.end());
    }
    for (const std::string &V : Inner.modifiedVars)
      if (From->count(V) && !Tests(Inner, V))
        return true;
  }
  return false;
}

const CallSite *FunctionContext::pacingWait(const LoopRef &L) const {
  for (const ContextSite &S : Sites) {
    if (S.loops.empty() || !(S.loops.front() == L))
      continue; // in L itself: a wait inside an inner (retry) loop paces that loop only
    if (S.site->kind == AccessKind::Wait)
      return S.site;
    if (S.site->kind != AccessKind::None)
      continue;
    // One call deep: `while (!IsStopRequested(500))`, whose body waits on a condition.
    for (const FunctionFact *G : Model.callees(*S.owner, S.site->id))
      for (const CallSite &W : G->calls)
        if (W.kind == AccessKind::Wait && W.loop < 0)
          return S.site;
  }
  return nullptr;
}

namespace {
/// One question about transaction effects: the functions on the current path (a cycle
/// answers None), and each function's effect once known. Helpers nest deeply in real code
/// (a table method -> its ensureTransaction() -> the database's -> a holder's constructor
/// -> begin()), and a walk cut short by depth loses a begin while keeping the commit next
/// to it, so the depth allowed is generous and every body is walked once.
struct EffectWalk {
  explicit EffectWalk(const ProgramModel *M) : known(M ? &M->transactionEffects() : &Own) {}
  std::set<const FunctionFact *> visiting;
  std::map<const FunctionFact *, int> *known; // the model's, kept for the whole analysis
  std::map<const FunctionFact *, int> Own;
  /// Walks cut short (by depth or by a cycle) so far: an answer built on one is not kept,
  /// since asked from elsewhere the same body may say more.
  int cuts = 0;
};
constexpr int MaxEffectDepth = 10;

TxnEffect effectOf(const ProgramModel *M, const FunctionFact &F, const CallSite &S, int Depth,
                   EffectWalk &Visiting);

/// Is a call on this branch path on every path, as far as transactions go: in no if but
/// those that ask only whether a transaction is open (CallSite::branch "tN")?
bool onEveryTxnPath(llvm::StringRef Branch) {
  while (!Branch.empty()) {
    auto [Part, Rest] = Branch.split('/');
    if (!Part.starts_with("t"))
      return false;
    Branch = Rest;
  }
  return true;
}

/// The members of its object that if `IfId` of method F tests, when it tests nothing else
/// ("this.active_" for `if (active_)`); empty otherwise.
std::vector<std::string> memberTests(const FunctionFact &F, const std::string &IfId) {
  std::vector<std::string> Members;
  for (const auto &[Var, If] : F.branchTests) {
    if (If != IfId)
      continue;
    if (Var.rfind("this.", 0) != 0 || Var.find('.', 5) != std::string::npos)
      return {};
    Members.push_back(Var);
  }
  return Members;
}

/// A call of method F directly under one if that tests only a member of its object, where
/// another method of its class makes the opposite transaction call under the same arm of a
/// test of the same member, and the method that ends gives the flag up: the member says
/// whether this object holds the transaction (`if (active_) begin();` in the constructor,
/// `if (active_) { commit(); active_ = false; }` in commit(); a holder that defers to an
/// outer transaction is made inactive). A setting that says whether to use transactions at
/// all is not cleared by the commit. Either way a transaction is open between the two, this
/// object's or the one it defers to, so the if counts as one that asks about the
/// transaction (CallSite::branch "tN").
bool underHolderFlag(const ProgramModel *M, const FunctionFact &F, const CallSite &S) {
  size_t Colon = F.name.rfind("::");
  if (!M || S.branch.empty() || S.branch.find('/') != std::string::npos ||
      Colon == std::string::npos ||
      (S.kind != AccessKind::TxnBegin && S.kind != AccessKind::TxnEnd))
    return false; // one if, directly around the call
  std::string Class = F.name.substr(0, Colon + 2);
  std::vector<std::string> Members = memberTests(F, S.branch.substr(0, S.branch.find('.')));
  if (Members.empty())
    return false;
  // The method that ends the transaction gives the flag up (`active_ = false;` in
  // commit()): a holder's flag, not a setting that says whether to use transactions at all.
  auto Clears = [&Members](const FunctionFact &G) {
    for (const auto &[Var, Seq] : G.assignments)
      if (Var == Members.front())
        return true;
    return false;
  };
  if (S.kind == AccessKind::TxnEnd && !Clears(F))
    return false;
  for (const FunctionFact *G : M->functions()) {
    if (G == &F || G->name.rfind(Class, 0) != 0 ||
        G->name.find("::", Class.size()) != std::string::npos)
      continue;
    for (const CallSite &O : G->calls) {
      bool Opposite = S.kind == AccessKind::TxnBegin ? O.kind == AccessKind::TxnEnd
                                                     : O.kind == AccessKind::TxnBegin;
      // The same arm of an if on the same member, and nothing else around the call.
      if (!Opposite || O.loop >= 0 || O.branch.empty() || O.branch.find('/') != std::string::npos ||
          O.branch.substr(O.branch.find('.')) != S.branch.substr(S.branch.find('.')))
        continue;
      if (memberTests(*G, O.branch.substr(0, O.branch.find('.'))) != Members)
        continue;
      if (O.kind == AccessKind::TxnEnd && !Clears(*G))
        continue;
      return true;
    }
  }
  return false;
}

TxnEffect bodyEffect(const ProgramModel *M, const FunctionFact &F, int Depth,
                     EffectWalk &Visiting) {
  if (auto It = Visiting.known->find(&F); It != Visiting.known->end())
    return static_cast<TxnEffect>(It->second);
  if (Depth > MaxEffectDepth || !Visiting.visiting.insert(&F).second) {
    ++Visiting.cuts;
    return TxnEffect::None;
  }
  int CutsBefore = Visiting.cuts;
  std::vector<const CallSite *> Calls;
  for (const CallSite &S : F.calls)
    // Not in a loop or an if (but a "tN" one, or a holder's flag).
    if (S.loop < 0 && (onEveryTxnPath(S.branch) || underHolderFlag(M, F, S)))
      Calls.push_back(&S);
  std::sort(Calls.begin(), Calls.end(),
            [](const CallSite *A, const CallSite *B) { return A->seq < B->seq; });
  bool Open = false, EndsOuter = false, Contained = false;
  for (const CallSite *S : Calls)
    switch (effectOf(M, F, *S, Depth, Visiting)) {
    case TxnEffect::Begins:
      Open = true;
      break;
    case TxnEffect::Ends:
      if (Open) {
        Open = false;
        Contained = true;
      } else {
        EndsOuter = true;
      }
      break;
    case TxnEffect::BeginsAndEnds:
      Contained = true;
      break;
    case TxnEffect::None:
      break;
    }
  Visiting.visiting.erase(&F);
  TxnEffect E = Open        ? TxnEffect::Begins // also "commit and restart": one stays open
                : EndsOuter ? TxnEffect::Ends
                : Contained ? TxnEffect::BeginsAndEnds
                            : TxnEffect::None;
  if (Visiting.cuts == CutsBefore)
    (*Visiting.known)[&F] = static_cast<int>(E);
  return E;
}

/// The text of a call's argument K: its constant text, else its leading literal
/// (`"RELEASE " + name`), else empty.
std::string argText(const CallSite &S, size_t K, const ProgramModel *M) {
  if (K < S.argStrings.size() && !S.argStrings[K].empty())
    return S.argStrings[K];
  if (K < S.argPrefixes.size() && !S.argPrefixes[K].empty())
    return S.argPrefixes[K];
  // What a project function returns (`exec(buildSql(id))`): the text it builds.
  if (M && K < S.argFroms.size() && !S.argFroms[K].empty())
    if (const FunctionFact *G = M->function(S.argFroms[K]))
      return G->returnedText;
  return {};
}

/// G runs its parameter K as SQL: it prepares or queries it, or hands it on whole (or as a
/// printf-style format) to a function that does, to any depth (`exec(sql)` ->
/// `run(sql.c_str())` -> `sqlite3_prepare_v2`).
bool runsParam(const ProgramModel &M, const FunctionFact &G, int K, int Depth) {
  if (Depth > 6)
    return false;
  for (const CallSite &O : G.calls) {
    int P = O.sqlParam >= 0 ? O.sqlParam : O.sqlFormatParam;
    if ((O.kind == AccessKind::Query || O.kind == AccessKind::Prepare) && P == K)
      return true;
    if (O.kind != AccessKind::None)
      continue;
    for (size_t A = 0; A < O.argOrigins.size() && A < O.argTaints.size(); ++A) {
      auto Origin = static_cast<SqlOrigin>(O.argOrigins[A]);
      if ((Origin != SqlOrigin::Passed && Origin != SqlOrigin::FormatOf) ||
          paramNamed(G, O.argTaints[A]) != K)
        continue;
      for (const FunctionFact *H : M.callees(G, O.id))
        if (H != &G && runsParam(M, *H, static_cast<int>(A), Depth + 1))
          return true;
    }
  }
  return false;
}

/// The SQL a call hands to a wrapper that runs its parameter (`query("BEGIN")`,
/// `exec("RELEASE " + name)`, through wrappers of any depth): the constant text or its
/// leading literal; empty when none.
std::string textForWrapper(const ProgramModel &M, const FunctionFact &F, const CallSite &S) {
  for (size_t K = 0; K < S.argStrings.size(); ++K) {
    std::string T = argText(S, K, &M);
    if (T.empty())
      continue;
    for (const FunctionFact *G : M.callees(F, S.id))
      if (runsParam(M, *G, static_cast<int>(K), 0))
        return T;
  }
  return {};
}

TxnEffect effectOf(const ProgramModel *M, const FunctionFact &F, const CallSite &S, int Depth,
                   EffectWalk &Visiting) {
  if (opensTransaction(F, S))
    return TxnEffect::Begins;
  if (closesTransaction(F, S))
    return TxnEffect::Ends;
  if (!M || S.kind != AccessKind::None)
    return TxnEffect::None;
  // SQL text through the project's query helper: `query("BEGIN")`, `exec("COMMIT")`.
  if (std::string Sent = textForWrapper(*M, F, S); !Sent.empty()) {
    if (isTxnBeginSql(Sent))
      return TxnEffect::Begins;
    if (isTxnEndSql(Sent))
      return TxnEffect::Ends;
  }
  for (const FunctionFact *G : M->callees(F, S.id)) {
    TxnEffect E = bodyEffect(M, *G, Depth + 1, Visiting);
    if (E != TxnEffect::None)
      return E;
  }
  return TxnEffect::None;
}
} // namespace

TxnEffect transactionEffect(const ProgramModel &M, const FunctionFact &F) {
  EffectWalk Walk(&M);
  return bodyEffect(&M, F, 0, Walk);
}

TxnEffect callTransactionEffect(const ProgramModel *M, const FunctionFact &F, const CallSite &S) {
  EffectWalk Walk(M);
  Walk.visiting.insert(&F);
  return effectOf(M, F, S, 0, Walk);
}

bool transactionOpenAt(const FunctionFact &F, int Seq, const ProgramModel *M) {
  int Begin = -1, End = -1;
  const CallSite *At = nullptr;
  for (const CallSite &S : F.calls)
    if (S.seq == Seq)
      At = &S;
  for (const CallSite &S : F.calls) {
    if (S.seq >= Seq)
      continue;
    // An end on a way out of the function (`if (gone) { commit(); return; }`) ends nothing
    // the code after it runs in, unless Seq is on that way out too.
    bool SameWayOut =
        At && At->leavesFunction && At->branch.compare(0, S.branch.size(), S.branch) == 0;
    if (S.leavesFunction && !SameWayOut && callTransactionEffect(M, F, S) == TxnEffect::Ends)
      continue;
    switch (callTransactionEffect(M, F, S)) {
    case TxnEffect::Begins:
      Begin = std::max(Begin, S.seq);
      break;
    case TxnEffect::Ends:
      End = std::max(End, S.seq);
      break;
    default:
      break;
    }
  }
  return Begin >= 0 && Begin > End;
}

namespace {
bool heldByCallers(const ProgramModel &M, const FunctionFact &F,
                   std::set<const FunctionFact *> &Visiting) {
  if (!Visiting.insert(&F).second)
    return false;
  auto Callers = M.callersOf(F);
  bool All = !Callers.empty();
  for (const auto &[G, S] : Callers)
    if (!transactionOpenAt(*G, S->seq, &M) && !heldByCallers(M, *G, Visiting)) {
      All = false;
      break;
    }
  Visiting.erase(&F);
  return All;
}
} // namespace

bool transactionHeldByCallers(const ProgramModel &M, const FunctionFact &F) {
  std::set<const FunctionFact *> Visiting;
  return heldByCallers(M, F, Visiting);
}

bool FunctionContext::transactionAround(const LoopRef &L) const {
  int FirstInLoop = -1;
  for (const ContextSite &O : Sites)
    if (within(O, L) && O.owner == L.fn && (FirstInLoop < 0 || O.site->seq < FirstInLoop))
      FirstInLoop = O.site->seq;
  if (FirstInLoop >= 0 && transactionOpenAt(*L.fn, FirstInLoop, &Model))
    return true;
  return transactionHeldByCallers(Model, Root);
}

struct EngineMap {
  enum : uint8_t { InProcess = 1, Network = 2, Unknown = 4 };
  std::map<std::string, std::map<std::string, uint8_t>> byPackFile; // pack -> file -> bits
  std::map<std::string, uint8_t> byPack;
};

namespace {
const RulePack *packNamed(const PackSet &Packs, const std::string &Name) {
  for (const RulePack &P : Packs.packs())
    if (P.name == Name)
      return &P;
  return nullptr;
}

std::shared_ptr<const EngineMap> buildEngines(const AnalysisContext &Ctx) {
  auto M = std::make_shared<EngineMap>();
  for (const FunctionFact *F : Ctx.model.functions())
    for (const CallSite &S : F->calls) {
      if (S.kind != AccessKind::Connect)
        continue;
      const RulePack *P = packNamed(Ctx.packs, S.pack);
      uint8_t Bit = EngineMap::Unknown;
      if (P && !S.argStrings.empty() && !S.argStrings.front().empty()) {
        // One name, or each a variable may hold (one per line): in-process only when all are.
        llvm::SmallVector<llvm::StringRef, 4> Drivers;
        llvm::StringRef(S.argStrings.front()).split(Drivers, '\n');
        Bit = 0;
        for (llvm::StringRef Driver : Drivers) {
          uint8_t One = EngineMap::Network;
          for (const std::string &Pattern : P->inProcessDrivers) // "QSQLITE", "sqlite3:*"
            if (globMatch(Pattern, Driver.str()))
              One = EngineMap::InProcess;
          Bit |= One;
        }
      }
      M->byPackFile[S.pack][F->loc.file] |= Bit;
      M->byPack[S.pack] |= Bit;
    }
  return M;
}
} // namespace

EngineView engineOf(const AnalysisContext &Ctx, const FunctionFact &Fn, const CallSite &Access) {
  EngineView V{Access.latency, false};
  if (Access.latency != Latency::Network)
    return V; // only a round trip's cost depends on the engine
  const RulePack *P = packNamed(Ctx.packs, Access.pack);
  if (!P || P->inProcessDrivers.empty())
    return V; // a single-engine library
  if (!Ctx.engines)
    Ctx.engines = buildEngines(Ctx);
  uint8_t Bits = 0;
  auto It = Ctx.engines->byPackFile.find(Access.pack);
  if (It != Ctx.engines->byPackFile.end()) {
    auto FIt = It->second.find(Fn.loc.file);
    if (FIt != It->second.end())
      Bits = FIt->second;
  }
  if (!Bits) {
    auto PIt = Ctx.engines->byPack.find(Access.pack);
    if (PIt != Ctx.engines->byPack.end())
      Bits = PIt->second;
  }
  if (Bits == EngineMap::InProcess)
    V.latency = Latency::InProcess;
  else if (Bits != EngineMap::Network)
    V.unknown = true;
  return V;
}

EngineView libraryEngine(const AnalysisContext &Ctx, const FunctionFact &Fn,
                         const CallSite &Access) {
  const RulePack *P = packNamed(Ctx.packs, Access.pack);
  if (Access.latency != Latency::InProcess || !P || P->inProcessDrivers.empty())
    return engineOf(Ctx, Fn, Access);
  CallSite Probe = Access;
  Probe.latency = Latency::Network;
  return engineOf(Ctx, Fn, Probe);
}

std::string latencyWords(const EngineView &E) {
  if (E.unknown)
    return "a database round trip: network or in-process depending on the driver chosen at "
           "run time";
  return E.latency == Latency::Network ? "network round trip" : "in-process database call";
}

bool hotReaches(const AnalysisContext &Ctx, const FunctionFact &F) {
  std::set<const FunctionFact *> Seen{&F};
  std::vector<const FunctionFact *> Work{&F};
  while (!Work.empty() && Seen.size() < 10000) {
    const FunctionFact *Cur = Work.back();
    Work.pop_back();
    if (Ctx.isHot(*Cur))
      return true;
    for (const auto &[Caller, Site] : Ctx.model.callersOf(*Cur))
      if (Seen.insert(Caller).second)
        Work.push_back(Caller);
  }
  return false;
}

namespace {
/// A container that outlives one call: a member (`this.cache`), or a variable declared
/// outside the function's body (a static or a global).
bool longLived(const FunctionFact &Fn, const std::string &Key) {
  if (Key.rfind("this.", 0) == 0)
    return true;
  size_t Hash = Key.find('#');
  if (Hash == std::string::npos || Key.find('.') != std::string::npos)
    return false;
  unsigned Line = static_cast<unsigned>(std::atoi(Key.c_str() + Hash + 1));
  return Line != 0 && (Line < Fn.loc.line || Line > Fn.endLine);
}
} // namespace

namespace {
/// The long-lived containers a call looks up in (Kind Lookup) or fills (Kind Insert): its
/// own, or, for a call of the project's functions, theirs to two calls deep (`GetObjectID`
/// looking in `m_ObjectIDs`, `SetObjectID` filling it).
void containersTouched(const ProgramModel &M, const FunctionFact &Fn, const CallSite &S,
                       AccessKind Kind, int Depth, std::set<std::string> &Out) {
  if (S.kind == Kind && !S.statementVar.empty() && longLived(Fn, S.statementVar))
    Out.insert(S.statementVar);
  if (S.kind != AccessKind::None || Depth > 2)
    return;
  for (const FunctionFact *G : M.callees(Fn, S.id))
    for (const CallSite &T : G->calls)
      containersTouched(M, *G, T, Kind, Depth + 1, Out);
}
} // namespace

namespace {
/// A cache read (an API of kind cache-read: a named cache's get, memcached_get, Redis GET)
/// made by S or, for a call of the project's functions, two calls deep.
bool readsCache(const ProgramModel &M, const FunctionFact &Fn, const CallSite &S, int Depth) {
  if (S.kind == AccessKind::CacheRead || S.cacheRole == 1)
    return true;
  if (S.kind != AccessKind::None || Depth > 2)
    return false;
  for (const FunctionFact *G : M.callees(Fn, S.id))
    for (const CallSite &T : G->calls)
      if (readsCache(M, *G, T, Depth + 1))
        return true;
  return false;
}
} // namespace

namespace {
/// Is Site under `if` If (its then or its else)?
bool underIf(const CallSite &Site, const std::string &If) {
  size_t At = 0;
  while (At <= Site.branch.size()) {
    size_t End = Site.branch.find('/', At);
    if (End == std::string::npos)
      End = Site.branch.size();
    llvm::StringRef Part(Site.branch.data() + At, End - At);
    if (Part == If + ".0" || Part == If + ".1")
      return true;
    At = End + 1;
  }
  return false;
}

/// A memo slot in front of Site: the entry of a long-lived container, found or made by a
/// subscript (`auto &columns = known_[table];`), tested by an `if` that Site is under
/// (`if (columns.empty())`), and filled after Site (`columns.insert(name)`, `slot = value`).
/// The entry is the cache: Site runs only while it is empty.
const CallSite *memoSlot(const FunctionFact &Fn, const CallSite &Site) {
  for (const CallSite &K : Fn.calls) {
    if (K.seq >= Site.seq || K.kind != AccessKind::Insert || K.resultVar.empty() ||
        K.resultVar == "<return>" || K.statementVar.empty() || !longLived(Fn, K.statementVar))
      continue;
    const std::string &Slot = K.resultVar;
    bool Tested = std::any_of(Fn.branchTests.begin(), Fn.branchTests.end(), [&](const auto &T) {
      return T.first == Slot && underIf(Site, T.second);
    });
    if (!Tested)
      continue;
    bool Filled = std::any_of(Fn.calls.begin(), Fn.calls.end(), [&](const CallSite &I) {
      return I.seq > Site.seq && I.kind == AccessKind::Insert && I.statementVar == Slot;
    });
    Filled = Filled ||
             std::any_of(Fn.assignments.begin(), Fn.assignments.end(),
                         [&](const auto &A) { return A.first == Slot && A.second >= Site.seq; });
    if (Filled)
      return &K;
  }
  return nullptr;
}
} // namespace

const CallSite *cacheLookup(const ProgramModel &M, const FunctionFact &Fn, const CallSite &Site) {
  // A cache API read first (cache-aside in Redis or memcached, a class named for caching).
  for (const CallSite &K : Fn.calls)
    if (K.seq < Site.seq && readsCache(M, Fn, K, 0))
      return &K;
  // (The miss path is usually what follows `if (found) return ...;`, so Site needs no
  // branch of its own: lookup, access, fill, in that order, is the evidence. The fill may
  // also happen inside the call that reaches the access.)
  if (const CallSite *Slot = memoSlot(Fn, Site))
    return Slot;
  std::set<std::string> Filled;
  containersTouched(M, Fn, Site, AccessKind::Insert, 0, Filled);
  for (const CallSite &I : Fn.calls)
    if (I.seq > Site.seq)
      containersTouched(M, Fn, I, AccessKind::Insert, 0, Filled);
  if (Filled.empty())
    return nullptr;
  for (const CallSite &K : Fn.calls) {
    if (K.seq >= Site.seq)
      continue;
    std::set<std::string> Looked;
    containersTouched(M, Fn, K, AccessKind::Lookup, 0, Looked);
    for (const std::string &C : Looked)
      if (Filled.count(C))
        return &K;
  }
  return nullptr;
}

const CallSite *gateLookup(const ProgramModel &M, const FunctionFact &Fn, const CallSite &Site,
                           int InLoop, const FunctionFact &Root, std::string &Container) {
  // What the function holding the loop fills itself (`SetObjectID` per row of the query it
  // just ran, then a loop over those objects) holds what it loaded: it admits every element.
  std::set<std::string> FilledByRoot;
  bool RootAsked = false;
  for (const CallSite &K : Fn.calls) {
    if (K.seq >= Site.seq || (InLoop >= 0 && !Fn.loopWithin(K.loop, InLoop)))
      continue;
    // A test inside a branch the access is not in gates only that branch's paths.
    if (Site.branch.compare(0, K.branch.size(), K.branch) != 0 ||
        (Site.branch.size() > K.branch.size() && !K.branch.empty() &&
         Site.branch[K.branch.size()] != '/'))
      continue;
    // Does K's result decide an exit before Site? (A `continue` gates only what follows
    // in that loop.)
    auto Gates = [&](int Leaves) {
      return Leaves == -1 || (Leaves >= 0 && Fn.loopWithin(Site.loop, Leaves));
    };
    bool Decides = K.guardsExit != -2 && Gates(K.guardsExit);
    for (const ExitGuard &G : Fn.exitGuards)
      Decides = Decides || (!K.resultVar.empty() && G.var == K.resultVar && G.seq >= K.seq &&
                            G.seq < Site.seq && Gates(G.loop));
    if (!Decides)
      continue;
    // A lookup keyed by nothing the caller hands it (`if (!service) return;`, a check of
    // the connection) answers the same for every element: it admits all of them or none.
    if (std::none_of(K.argVarsEach.begin(), K.argVarsEach.end(),
                     [](const std::vector<std::string> &A) { return !A.empty(); }))
      continue;
    std::set<std::string> Looked;
    containersTouched(M, Fn, K, AccessKind::Lookup, 0, Looked);
    if (Looked.empty() || bestReached(M, Fn, K, nullptr))
      continue;
    if (!RootAsked) {
      for (const CallSite &R : Root.calls)
        containersTouched(M, Root, R, AccessKind::Insert, 0, FilledByRoot);
      RootAsked = true;
    }
    if (std::any_of(Looked.begin(), Looked.end(),
                    [&](const std::string &C) { return FilledByRoot.count(C) != 0; }))
      continue;
    const std::string &Key = *Looked.begin();
    Container = Key.rfind("this.", 0) == 0 ? Key.substr(5) : Key.substr(0, Key.find('#'));
    return &K;
  }
  return nullptr;
}

bool isBatchingChain(const std::vector<std::pair<const FunctionFact *, const CallSite *>> &Chain) {
  // A helper that buffers rows in its object and flushes them behind a condition.
  for (size_t I = 1; I < Chain.size(); ++I) {
    const FunctionFact &Fn = *Chain[I].first;
    if (Chain[I].second->branch.empty())
      continue;
    // (Re-assigning the statement object itself, `mQuery = pool.take(sql)`, buffers
    // nothing: it is the query it then runs.)
    const CallSite &Flush = *Chain[I].second;
    const std::string &Stmt = Flush.statementVar;
    // The condition is about the buffer (`if (rows_.size() >= kBatch)`), not about what the
    // caller asks: a provider that clears its result set and runs the query whenever the
    // caller's SQL differs from the last (`if (refresh || sql != mSql) { mRows.clear();
    // run(sql); }`) buffers nothing.
    bool AsksCaller = false;
    std::set<std::string> Tested;
    for (const auto &[Var, If] : Fn.branchTests)
      if (underIf(Flush, If)) {
        Tested.insert(Var);
        AsksCaller =
            AsksCaller || std::find(Fn.params.begin(), Fn.params.end(), Var) != Fn.params.end();
      }
    for (const auto &[Var, Seq] : Fn.assignments)
      if (Var.rfind("this.", 0) == 0 && Seq < Flush.seq && Var != Stmt &&
          (Tested.count(Var) != 0 || !AsksCaller))
        return true;
  }
  return false;
}

bool FunctionContext::invariantIn(const ContextSite &S, const LoopRef &L) const {
  std::vector<std::string> Varying = L.fact().modifiedVars;
  // An algorithm's loop hands each element to the lambda: its parameters vary.
  if (L.fact().kind == LoopKind::Algorithm)
    for (const ContextSite &O : Sites)
      if (within(O, L) && O.owner->isLambda)
        Varying.insert(Varying.end(), O.owner->params.begin(), O.owner->params.end());
  for (const std::string &V : S.site->argVars) {
    if (V.rfind("<call", 0) == 0)
      return false;
    if (std::find(Varying.begin(), Varying.end(), V) != Varying.end())
      return false;
  }
  // A row of a cursor the loop steps, handed to the call (`while (q.next())
  // titleOf(q.value(0))`): every step moves to another row. (The cursor's own statement run
  // again in the loop is not made to vary by this: only what is read from it as an argument.)
  for (const ContextSite &O : Sites)
    if (O.site->kind == AccessKind::Step && !O.site->statementVar.empty() && within(O, L))
      for (const std::vector<std::string> &Arg : S.site->argVarsEach)
        if (std::find(Arg.begin(), Arg.end(), O.site->statementVar) != Arg.end())
          return false;
  return true;
}

bool reachedOnlyOnUpgrade(const ProgramModel &M, const FunctionFact &F,
                          std::map<const FunctionFact *, bool> &Memo, int Depth) {
  auto It = Memo.find(&F);
  if (It != Memo.end())
    return It->second;
  if (Depth > 8)
    return false;
  Memo[&F] = false; // a cycle answers "no" while it is being asked
  auto Callers = M.callersOf(F);
  bool Only = !Callers.empty();
  for (const auto &[Caller, Site] : Callers)
    if (!Site->upgradeOnly && !reachedOnlyOnUpgrade(M, *Caller, Memo, Depth + 1)) {
      Only = false;
      break;
    }
  Memo[&F] = Only;
  return Only;
}

bool isSchemaStatement(const std::string &Sql) {
  std::string K = firstSqlKeyword(Sql);
  return K == "CREATE" || K == "ALTER" || K == "DROP";
}

std::string catalogRead(const std::string &Sql) {
  std::string K = firstSqlKeyword(Sql);
  if (K == "PRAGMA" || K == "SHOW" || K == "DESCRIBE" || K == "DESC")
    return K;
  if (K != "SELECT" && K != "WITH")
    return {};
  std::string Lower = Sql;
  for (char &C : Lower)
    C = static_cast<char>(tolower(static_cast<unsigned char>(C)));
  auto Word = [&Lower](size_t At, size_t Len) {
    auto IsName = [](char C) { return isalnum(static_cast<unsigned char>(C)) || C == '_'; };
    return (At == 0 || !IsName(Lower[At - 1])) &&
           (At + Len >= Lower.size() || !IsName(Lower[At + Len]) || Lower[At + Len - 1] == '.');
  };
  static const char *const Catalogs[] = {"sqlite_master",
                                         "sqlite_schema",
                                         "sqlite_temp_master",
                                         "pragma_table_info",
                                         "pragma_index_list",
                                         "information_schema.",
                                         "pg_catalog.",
                                         "pg_tables",
                                         "pg_class",
                                         "pg_indexes",
                                         "pg_namespace",
                                         "pg_attribute",
                                         "pg_trigger",
                                         "pg_views",
                                         "pg_proc",
                                         "pg_type"};
  // The one the text names first.
  size_t First = std::string::npos;
  const char *Found = nullptr;
  for (const char *C : Catalogs)
    for (size_t At = Lower.find(C); At != std::string::npos && At < First;
         At = Lower.find(C, At + 1))
      if (Word(At, strlen(C))) {
        First = At;
        Found = C;
      }
  if (!Found)
    return {};
  if (Found[strlen(Found) - 1] != '.')
    return Found;
  return Lower.substr(First, Lower.find_first_of(" \t\n,)", First) - First);
}

bool isWriteSql(const std::string &Sql) {
  std::string K = firstSqlKeyword(Sql);
  return K == "INSERT" || K == "UPDATE" || K == "DELETE" || K == "REPLACE" || K == "UPSERT" ||
         K == "MERGE";
}

std::string upperCased(std::string S) {
  for (char &C : S)
    C = static_cast<char>(toupper(static_cast<unsigned char>(C)));
  return S;
}

bool isReadSql(const std::string &Sql) {
  // A query that only reads: SELECT, or WITH ... SELECT. DDL, PRAGMA, VACUUM and the rest
  // change the database (or its settings) and are not reads.
  std::string K = firstSqlKeyword(Sql);
  if (K == "SELECT" || K == "VALUES")
    return true;
  if (K != "WITH")
    return false;
  std::string Upper = upperCased(Sql);
  for (const char *W : {"INSERT", "UPDATE", "DELETE", "REPLACE"})
    if (Upper.find(W) != std::string::npos)
      return false;
  return true;
}

namespace {
/// A top-level token of a statement: a word (upper-cased), a punctuation mark, or "(" for a
/// whole parenthesized group, whose text is kept in `inner`.
struct TopToken {
  std::string word;
  std::string inner;
};

std::optional<std::vector<TopToken>> topLevelTokens(const std::string &Sql) {
  // A word: a name, a number, a qualified or starred column, a placeholder (`?`, `$1`,
  // `:name`, `@p`, `%s`).
  auto WordChar = [](char C) {
    return isalnum(static_cast<unsigned char>(C)) || strchr("_.*?$:@%", C) != nullptr;
  };
  std::vector<TopToken> Out;
  int Depth = 0;
  size_t Open = 0;
  for (size_t I = 0; I < Sql.size();) {
    char C = Sql[I];
    if (C == '\'' || C == '"' || C == '`') {
      size_t E = Sql.find(C, I + 1);
      if (E == std::string::npos)
        return std::nullopt;
      if (Depth == 0)
        Out.push_back({"'", {}});
      I = E + 1;
    } else if (C == '(') {
      if (Depth++ == 0)
        Open = I;
      ++I;
    } else if (C == ')') {
      if (Depth == 0)
        return std::nullopt;
      if (--Depth == 0)
        Out.push_back({"(", Sql.substr(Open + 1, I - Open - 1)});
      ++I;
    } else if (Depth > 0 || isspace(static_cast<unsigned char>(C))) {
      ++I;
    } else if (WordChar(C)) {
      size_t E = I;
      while (E < Sql.size() && WordChar(Sql[E]))
        ++E;
      Out.push_back({upperCased(Sql.substr(I, E - I)), {}});
      I = E;
    } else {
      Out.push_back({std::string(1, C), {}});
      ++I;
    }
  }
  if (Depth != 0)
    return std::nullopt;
  return Out;
}

bool hasTopLevelComma(const std::string &Text) {
  auto Tokens = topLevelTokens(Text);
  return !Tokens || std::any_of(Tokens->begin(), Tokens->end(),
                                [](const TopToken &T) { return T.word == ","; });
}
} // namespace

bool atMostOneRow(const std::string &Sql) {
  std::string First = firstSqlKeyword(Sql);
  if (First != "SELECT" && First != "WITH")
    return false;
  // A format placeholder outside quotes (`%s`, `{}`) may hold any clause, a GROUP BY too
  // (normalizeSql would read it as a bound value).
  auto Raw = topLevelTokens(Sql);
  if (!Raw || std::any_of(Raw->begin(), Raw->end(), [](const TopToken &X) {
        return X.word == "{" || (X.word.size() > 1 && X.word[0] == '%' && X.word.back() == 'S');
      }))
    return false;
  auto Parsed = topLevelTokens(normalizeSql(Sql));
  if (!Parsed)
    return false;
  std::vector<TopToken> &T = *Parsed;
  while (!T.empty() && T.back().word == ";")
    T.pop_back();
  // WITH name AS (...), ... SELECT ...: the common table expressions are parenthesized, so
  // the statement's own select is the first top-level SELECT (none: WITH ... INSERT/UPDATE).
  if (!T.empty() && T.front().word == "WITH") {
    auto Select =
        std::find_if(T.begin(), T.end(), [](const TopToken &X) { return X.word == "SELECT"; });
    if (Select == T.end())
      return false;
    T.erase(T.begin(), Select);
  }
  for (const TopToken &X : T)
    if (X.word == ";" || X.word == "UNION" || X.word == "INTERSECT" || X.word == "EXCEPT")
      return false; // several statements, or a compound of several selects
  // LIMIT n, LIMIT n OFFSET m, MySQL's LIMIT offset, n.
  for (size_t I = T.size(); I-- > 0;) {
    if (T[I].word != "LIMIT")
      continue;
    size_t Count = I + 1;
    if (I + 3 < T.size() && T[I + 2].word == ",")
      Count = I + 3;
    if (Count < T.size() && (T[Count].word == "1" || T[Count].word == "0"))
      return true;
    break;
  }
  // A select list of aggregates, no GROUP BY.
  static const std::set<std::string> Aggregates{"COUNT",
                                                "SUM",
                                                "AVG",
                                                "TOTAL",
                                                "MIN",
                                                "MAX",
                                                "GROUP_CONCAT",
                                                "STRING_AGG",
                                                "ARRAY_AGG",
                                                "BOOL_AND",
                                                "BOOL_OR",
                                                "EVERY",
                                                "JSON_GROUP_ARRAY",
                                                "JSON_AGG",
                                                "JSON_GROUP_OBJECT",
                                                "EXISTS"};
  size_t I = 1;
  if (I < T.size() && (T[I].word == "DISTINCT" || T[I].word == "ALL"))
    ++I;
  bool Items = false;
  while (I < T.size() && T[I].word != "FROM") {
    // AGGREGATE ( ... ) [[AS] alias], then "," or the end of the list.
    if (I + 1 >= T.size() || !Aggregates.count(T[I].word) || T[I + 1].word != "(")
      return false;
    if ((T[I].word == "MIN" || T[I].word == "MAX") && hasTopLevelComma(T[I + 1].inner))
      return false; // max(a, b) is a scalar function: one value per row
    I += 2;
    if (I < T.size() && T[I].word == "AS")
      ++I;
    if (I < T.size() && T[I].word != "," && T[I].word != "FROM" && T[I].word != "OVER" &&
        T[I].word != "FILTER" && T[I].word != "'" && T[I].word != "(")
      ++I; // an alias
    else if (I < T.size() && T[I].word == "'")
      ++I; // a quoted alias
    if (I < T.size() && T[I].word == ",")
      ++I;
    else if (I < T.size() && T[I].word != "FROM")
      return false; // OVER (a window: a row per row), FILTER, arithmetic, ...
    Items = true;
  }
  if (!Items)
    return false;
  for (size_t J = I; J + 1 < T.size(); ++J)
    if (T[J].word == "GROUP" && T[J + 1].word == "BY")
      return false;
  return true;
}

bool isTxnBeginSql(const std::string &Sql) {
  std::string K = firstSqlKeyword(Sql);
  return K == "BEGIN" || K == "START" || K == "SAVEPOINT";
}

bool isTxnEndSql(const std::string &Sql) {
  std::string K = firstSqlKeyword(Sql);
  return K == "COMMIT" || K == "END" || K == "ROLLBACK" || K == "RELEASE";
}

namespace {
/// What the rules ask of a statement's text, in one string: its first keyword, for DDL the
/// kind of object and whether it is made from a query or adds a column, whether it reads,
/// returns at most one row, or reads the schema catalog. Texts of one class get the same
/// answer from every rule that classifies by text.
std::string sqlClass(const std::string &Sql) {
  std::string K = firstSqlKeyword(Sql);
  // Writes of rows are one class (the rules ask "does it write"), whichever the verb.
  std::string C = (isWriteSql(Sql) ? std::string("write") : K) + (isReadSql(Sql) ? "|read" : "|") +
                  (atMostOneRow(Sql) ? "|one" : "|") +
                  (catalogRead(Sql).empty() ? "|" : "|catalog");
  if (K == "CREATE" || K == "DROP" || K == "ALTER") {
    std::string Upper = upperCased(normalizeSql(Sql));
    std::istringstream Words(Upper);
    std::string W;
    Words >> W; // the keyword
    while (Words >> W && (W == "TEMP" || W == "TEMPORARY" || W == "UNIQUE" || W == "VIRTUAL" ||
                          W == "OR" || W == "REPLACE"))
      ;
    C += "|" + W;
    for (const char *Marker : {" AS SELECT", " AS WITH", " AS VALUES", " AS (", " ADD "})
      C += Upper.find(Marker) != std::string::npos ? std::string("|") + Marker : "|";
  }
  return C;
}
} // namespace

std::string agreedSql(const std::vector<std::string> &Candidates) {
  if (Candidates.empty())
    return {};
  std::string Class = sqlClass(Candidates.front());
  for (const std::string &C : Candidates)
    if (sqlClass(C) != Class)
      return {};
  return Candidates.front();
}

std::string effectiveSql(const FunctionFact &F, const CallSite &S) {
  if (S.sql.empty() && !S.sqlCandidates.empty())
    return agreedSql(S.sqlCandidates);
  if (S.sql.empty() && !S.sqlPrefix.empty())
    return S.sqlPrefix; // enough to tell a write or a transaction by its first keyword
  if (!S.sql.empty() || S.statementVar.empty())
    return S.sql;
  // The text the statement was given nearest before S: a prepare, or a run of the statement
  // object with text of its own (`q.exec("SELECT ...")`, whose rows `q.next()` then walks).
  // A statement given another text later runs that one. Else a prepare after S in a loop
  // around both (it prepares the next pass); a prepare after S outside such a loop is for
  // other work and never reaches S.
  auto PreparedAs = [&F, &S](const std::string &Stmt) -> std::string {
    auto SameLoop = [&F, &S](const CallSite &O) {
      for (const LoopFact &L : F.loops)
        if (F.loopWithin(O.loop, L.id) && F.loopWithin(S.loop, L.id))
          return true;
      return false;
    };
    const CallSite *Best = nullptr;
    auto Text = [](const CallSite &O) {
      return O.sql.empty() ? agreedSql(O.sqlCandidates) : O.sql;
    };
    for (const CallSite &O : F.calls) {
      if (O.statementVar != Stmt || Text(O).empty() || &O == &S)
        continue;
      bool Gives = O.kind == AccessKind::Prepare ||
                   (O.kind == AccessKind::Query && S.kind == AccessKind::Step);
      if (!Gives || (O.seq > S.seq && (O.kind != AccessKind::Prepare || !SameLoop(O))))
        continue;
      if (!Best || (O.seq < S.seq && (Best->seq > S.seq || O.seq > Best->seq)))
        Best = &O;
    }
    return Best ? Text(*Best) : std::string();
  };
  if (std::string Sql = PreparedAs(S.statementVar); !Sql.empty())
    return Sql;
  // An alias of a prepared statement (`query = cachedQuery; query->exec();`).
  for (const auto &[Var, From] : F.varDeps)
    if (Var == S.statementVar)
      if (std::string Sql = PreparedAs(From); !Sql.empty())
        return Sql;
  return {};
}

namespace {
/// A statement handed to a helper by reference (`execAndLog(query)` after
/// `query.prepare("REPLACE INTO ...")`): where the access executes a statement that is a
/// parameter of its function, the SQL the nearest caller on the chain prepared the
/// statement it passes with, before the call.
std::string
preparedByCaller(const std::vector<std::pair<const FunctionFact *, const CallSite *>> &Chain) {
  std::string Stmt = Chain.back().second->statementVar;
  for (size_t K = Chain.size() - 1; K-- > 0 && !Stmt.empty();) {
    const FunctionFact &Callee = *Chain[K + 1].first;
    if (std::find(Callee.params.begin(), Callee.params.end(), Stmt) == Callee.params.end())
      return {};
    const FunctionFact &Fn = *Chain[K].first;
    const CallSite &Call = *Chain[K].second;
    const CallSite *Prepared = nullptr;
    for (const CallSite &O : Fn.calls)
      if (O.kind == AccessKind::Prepare && O.seq < Call.seq && !O.statementVar.empty() &&
          std::find(Call.argVars.begin(), Call.argVars.end(), O.statementVar) !=
              Call.argVars.end() &&
          (!Prepared || O.seq > Prepared->seq))
        Prepared = &O;
    if (Prepared)
      return Prepared->sql;
    // Handed on from further up: the argument that is a parameter of this function.
    Stmt.clear();
    for (const std::string &V : Call.argVars)
      if (std::find(Fn.params.begin(), Fn.params.end(), V) != Fn.params.end())
        Stmt = V;
  }
  return {};
}
} // namespace

namespace {
/// Where the SQL of an access on its function's own object (`QSqlQuery::exec()` in a method of
/// the project's `QSqlQuery` subclass) comes from: the nearest caller on the chain that
/// prepared the object it calls the method on, before the call (`prepare(sql); return
/// exec();`), with the library's prepare or with a method of the class that prepares itself.
/// Either the text, or the parameter of the chain's function at `level` that holds it.
struct ObjectPrepared {
  std::string text;
  size_t level = 0;
  int param = -1;
};

ObjectPrepared
preparedOnObject(const ProgramModel &M,
                 const std::vector<std::pair<const FunctionFact *, const CallSite *>> &Chain) {
  if (Chain.back().second->statementVar != "this")
    return {};
  for (size_t K = Chain.size() - 1; K-- > 0;) {
    const FunctionFact &Fn = *Chain[K].first;
    const CallSite &Call = *Chain[K].second;
    const std::string &Obj = Call.objectVar;
    if (Obj.empty())
      return {};
    const CallSite *By = nullptr;      // the call in Fn that prepared Obj
    const CallSite *Prepare = nullptr; // the library's prepare (By itself, or in By's callee)
    for (const CallSite &O : Fn.calls) {
      if (O.seq >= Call.seq || (By && O.seq < By->seq))
        continue;
      if (O.kind == AccessKind::Prepare && O.statementVar == Obj) {
        By = Prepare = &O;
      } else if (O.kind == AccessKind::None && O.objectVar == Obj) {
        for (const FunctionFact *G : M.callees(Fn, O.id))
          for (const CallSite &P : G->calls)
            if (P.kind == AccessKind::Prepare && P.statementVar == "this") {
              By = &O;
              Prepare = &P;
            }
      }
    }
    if (!By) {
      if (Obj != "this")
        return {}; // a local or member nothing here prepares
      continue;    // the caller's own object: prepared further up
    }
    if (!Prepare->sql.empty())
      return {Prepare->sql};
    if (By == Prepare) {
      if (!Prepare->sqlPrefix.empty())
        return {Prepare->sqlPrefix};
      return Prepare->sqlParam >= 0 ? ObjectPrepared{{}, K + 1, Prepare->sqlParam}
                                    : ObjectPrepared{};
    }
    // A method that prepares its object from its parameter: the text By passes there.
    if (Prepare->sqlParam < 0)
      return {};
    auto P = static_cast<size_t>(Prepare->sqlParam);
    if (std::string T = argText(*By, P, &M); !T.empty())
      return {T};
    if (P < By->argOrigins.size() && static_cast<SqlOrigin>(By->argOrigins[P]) == SqlOrigin::Passed)
      if (int Up = paramNamed(Fn, By->argTaints[P]); Up >= 0)
        return {{}, K + 1, Up};
    return {};
  }
  return {};
}
} // namespace

namespace {
/// The SQL of the statement call C of F returns: a callee that prepares a statement (from
/// constant text, or from its parameter K: then the text C passes as argument K) and returns
/// it, or returns what a call of its own returned (to a depth of 4).
std::string returnedStatementSql(const ProgramModel &M, const FunctionFact &F, const CallSite &C,
                                 int Depth) {
  if (Depth > 4)
    return {};
  for (const FunctionFact *G : M.callees(F, C.id))
    for (const std::string &R : G->returnedVars)
      for (const CallSite &O : G->calls) {
        if (O.kind == AccessKind::Prepare && O.statementVar == R) {
          if (!O.sql.empty())
            return O.sql;
          auto K = static_cast<size_t>(O.sqlParam);
          if (O.sqlParam >= 0 && K < C.argStrings.size() && !C.argStrings[K].empty())
            return C.argStrings[K];
        }
        if (O.kind == AccessKind::None && O.resultVar == R)
          if (std::string Sql = returnedStatementSql(M, *G, O, Depth + 1); !Sql.empty())
            return Sql;
      }
  return {};
}
} // namespace

std::string effectiveSql(const ProgramModel &M, const FunctionFact &F, const CallSite &S) {
  std::string Sql = effectiveSql(F, S);
  if (Sql.empty() && !S.sqlFrom.empty()) // the text a project function builds and returns
    if (const FunctionFact *G = M.function(S.sqlFrom))
      Sql = G->returnedText;
  if (!Sql.empty() || S.statementVar.empty())
    return Sql;
  // The statement (or what it was copied from) is the result of a call before S.
  std::vector<std::string> Names{S.statementVar};
  for (const auto &[Var, From] : F.varDeps)
    if (Var == S.statementVar)
      Names.push_back(From);
  const CallSite *Maker = nullptr;
  for (const CallSite &O : F.calls)
    if (O.kind == AccessKind::None && O.seq < S.seq &&
        std::find(Names.begin(), Names.end(), O.resultVar) != Names.end() &&
        (!Maker || O.seq > Maker->seq))
      Maker = &O;
  return Maker ? returnedStatementSql(M, F, *Maker, 0) : std::string();
}

/// The known text of a statement ends where its table's name goes: the table is chosen at
/// run time (`"DELETE FROM \"" << name`, `"SELECT * FROM " + table`).
static bool endsAtTableName(const std::string &Prefix) {
  size_t E = Prefix.size();
  if (E && (Prefix[E - 1] == '"' || Prefix[E - 1] == '`' || Prefix[E - 1] == '['))
    --E;
  if (E == 0 || !isspace(static_cast<unsigned char>(Prefix[E - 1])))
    return false;
  while (E && isspace(static_cast<unsigned char>(Prefix[E - 1])))
    --E;
  size_t B = E;
  while (B && isalpha(static_cast<unsigned char>(Prefix[B - 1])))
    --B;
  std::string W = upperCased(Prefix.substr(B, E - B));
  return W == "FROM" || W == "INTO" || W == "UPDATE" || W == "JOIN";
}

std::string
tablePerIteration(const std::vector<std::pair<const FunctionFact *, const CallSite *>> &Chain,
                  const LoopRef &Loop) {
  const CallSite &Access = *Chain.back().second;
  const LoopFact &L = Loop.fact();
  const std::string &Next = Access.sqlNext; // what fills the text where the table goes
  if (!Access.sql.empty() || Next.empty() || !endsAtTableName(Access.sqlPrefix) ||
      L.kind != LoopKind::RangeFor || L.modifiedVars.empty())
    return {};
  const std::string &Element = L.modifiedVars.front(); // the loop variable comes first
  std::string ElementName = Element.substr(0, Element.find('#'));
  auto Is = [](const std::string &Key, const std::string &Var) {
    return Key == Var || Key.rfind(Var + ".", 0) == 0; // the element, or a field of it
  };
  if (Chain.size() == 1)
    return Is(Next, Element) ? "variable '" + ElementName + "'" : std::string();
  // Built by a method from its own object's member, called on the element.
  if (Next.rfind("this.", 0) != 0 || Chain.front().second->objectVar != Element)
    return {};
  for (size_t I = 1; I + 1 < Chain.size(); ++I)
    if (Chain[I].second->objectVar != "this")
      return {}; // the member of some other object
  return "member '" + Next.substr(5) + "' of '" + ElementName + "'";
}

std::string chainSql(const std::vector<std::pair<const FunctionFact *, const CallSite *>> &Chain,
                     const ProgramModel *M) {
  if (Chain.empty())
    return {};
  const FunctionFact &AccessFn = *Chain.back().first;
  const CallSite &Access = *Chain.back().second;
  std::string Sql = M ? effectiveSql(*M, AccessFn, Access) : effectiveSql(AccessFn, Access);
  if (!Sql.empty())
    return Sql;
  if (Chain.size() > 1)
    if (std::string ByCaller = preparedByCaller(Chain); !ByCaller.empty())
      return ByCaller;
  int Param = Access.sqlParam >= 0 ? Access.sqlParam : Access.sqlFormatParam;
  if (Param < 0 && !Access.statementVar.empty())
    for (const CallSite &O : AccessFn.calls)
      if (O.kind == AccessKind::Prepare && O.statementVar == Access.statementVar &&
          (O.sqlParam >= 0 || O.sqlFormatParam >= 0)) // prepared from the wrapper's parameter
        Param = O.sqlParam >= 0 ? O.sqlParam : O.sqlFormatParam;
  size_t From = Chain.size(); // Param is a parameter of Chain[From - 1]'s function
  if (Param < 0 && M && Chain.size() > 1) {
    ObjectPrepared P = preparedOnObject(*M, Chain);
    if (!P.text.empty())
      return P.text;
    Param = P.param;
    From = P.level;
  }
  for (size_t K = From - 1; K-- > 0 && Param >= 0;) {
    const CallSite &Call = *Chain[K].second;
    auto P = static_cast<size_t>(Param);
    if (std::string T = argText(Call, P, M); !T.empty())
      return T; // the constant text, else its leading literal (as effectiveSql gives)
    if (P >= Call.argOrigins.size())
      return {};
    auto Origin = static_cast<SqlOrigin>(Call.argOrigins[P]);
    if (Origin != SqlOrigin::Passed && Origin != SqlOrigin::FormatOf)
      return {};
    Param = paramNamed(*Chain[K].first, Call.argTaints[P]);
  }
  return {};
}

bool opensTransaction(const FunctionFact &F, const CallSite &S) {
  return S.kind == AccessKind::TxnBegin ||
         (S.kind == AccessKind::Query && isTxnBeginSql(effectiveSql(F, S)));
}

bool closesTransaction(const FunctionFact &F, const CallSite &S) {
  return S.kind == AccessKind::TxnEnd ||
         (S.kind == AccessKind::Query && isTxnEndSql(effectiveSql(F, S)));
}

bool isWriteAccess(const FunctionFact &F, const CallSite &S) {
  if (!isRoundTrip(S.kind) && S.kind != AccessKind::Step)
    return false;
  return isWriteSql(effectiveSql(F, S));
}

const ReachedAccess *bestReached(const ProgramModel &M, const FunctionFact &F, const CallSite &S,
                                 bool (*Filter)(const ReachedAccess &)) {
  const ReachedAccess *Best = nullptr;
  for (const FunctionFact *G : M.callees(F, S.id))
    for (const ReachedAccess &A : M.summary(*G).roundTrips) {
      if ((Filter && !Filter(A)) || !M.reachesThrough(*G, S, A))
        continue;
      if (!Best) {
        Best = &A;
        continue;
      }
      const CallSite &SA = accessSite(A), &SB = accessSite(*Best);
      if (SA.latency != SB.latency ? SA.latency > SB.latency : A.depth < Best->depth)
        Best = &A;
    }
  return Best;
}

void chainNotes(const ProgramModel &M, const FunctionFact &F, const CallSite &S,
                const ReachedAccess &A, std::vector<TraceStep> &Trace,
                std::vector<std::string> &Names) {
  auto Chain = M.chainThrough(F, S, A);
  for (size_t I = 0; I + 1 < Chain.size(); ++I) {
    const std::string &Static = Chain[I].second->calleeName;
    const std::string &Actual = Chain[I + 1].first->name;
    Trace.push_back({Chain[I].second->loc, "calls " + Static +
                                               (Actual != Static && !Chain[I + 1].first->isLambda
                                                    ? ", which dispatches to " + Actual
                                                    : std::string())});
    Names.push_back(Static);
  }
  const CallSite &Acc = *Chain.back().second;
  Trace.push_back({Acc.loc, "which runs " + Acc.api + " here"});
  Names.push_back(Acc.api);
}

namespace {
/// "Class" of "Class::method" (empty for a free function or a lambda).
std::string classOf(const FunctionFact &F) {
  size_t At = F.name.rfind("::");
  return F.isLambda || At == std::string::npos ? std::string() : F.name.substr(0, At);
}
/// "member" of the variable key "this.member" (a member of the object a method runs on).
std::string memberOf(const std::string &Var) {
  constexpr std::string_view This = "this.";
  if (Var.compare(0, This.size(), This) != 0 || Var.find('.', This.size()) != std::string::npos)
    return {};
  return Var.substr(This.size());
}
} // namespace

std::map<std::string, const FunctionFact *> rowFilledMembers(const ProgramModel &M,
                                                             const PackSet &Packs) {
  std::map<std::string, const FunctionFact *> Out;
  for (const FunctionFact *F : M.functions()) {
    std::string Class = classOf(*F);
    if (Class.empty())
      continue;
    bool Inserts = std::any_of(F->calls.begin(), F->calls.end(), [](const CallSite &S) {
      return S.kind == AccessKind::Insert && S.loop >= 0 && !S.statementVar.empty();
    });
    if (!Inserts)
      continue;
    FunctionContext C(M, Packs, *F);
    std::set<std::string> Filled;
    for (const ContextSite &S : C.sites())
      if (S.site->kind == AccessKind::Insert && !S.site->statementVar.empty())
        for (const LoopRef &L : S.loops)
          if (C.walksRows(L, std::string())) {
            Filled.insert(S.site->statementVar);
            break;
          }
    // `m_states = tmp;`: what is assigned from a filled container is filled.
    for (bool Changed = !Filled.empty(); Changed;) {
      Changed = false;
      for (const auto &[Var, From] : F->varDeps)
        if (Filled.count(From) && Filled.insert(Var).second)
          Changed = true;
    }
    for (const std::string &V : Filled)
      if (std::string Member = memberOf(V); !Member.empty())
        Out.emplace(Class + "::" + Member, F);
  }
  return Out;
}

namespace {
/// The collection loop L walks: a range-for's element, or the variables its exit compares.
std::vector<std::string> loopCollection(const LoopRef &L) {
  const LoopFact &LF = L.fact();
  std::vector<std::string> Out;
  if (LF.kind == LoopKind::RangeFor && !LF.modifiedVars.empty())
    Out.push_back(LF.modifiedVars.front()); // the element, computed from the range
  else
    for (const ConditionVar &V : LF.conditionVars)
      Out.push_back(V.var);
  return Out;
}

/// Every variable of F the seeds are computed from, the seeds included (def-use, backwards).
std::vector<std::string> computedFrom(const FunctionFact &F, std::vector<std::string> Work) {
  std::set<std::string> Seen(Work.begin(), Work.end());
  for (size_t I = 0; I < Work.size() && I < 512; ++I) {
    const std::string V = Work[I];
    for (const auto &[Var, From] : F.varDeps)
      if (Var == V && Seen.insert(From).second)
        Work.push_back(From);
  }
  return Work;
}

std::string inputOrRequest(const FunctionFact &F, const std::vector<std::string> &Vars) {
  for (const std::string &V : Vars) {
    if (V.rfind("input:", 0) == 0)
      return "input read by '" + V.substr(6) + "'";
    if (std::find(F.requestParams.begin(), F.requestParams.end(), V) != F.requestParams.end())
      return "the request '" + V.substr(0, V.find('#')) + "'";
  }
  return {};
}

/// The seeds and the variables they are copied or built from in one step: the collection
/// itself (`ids`, `auto due = overdue(db)`, `lines.push_back(line)`), not the keys it was
/// looked up by (a device's notifications are not as many as the devices).
std::vector<std::string> oneStep(const FunctionFact &F, const std::vector<std::string> &Seeds) {
  std::vector<std::string> Out = Seeds;
  for (const auto &[Var, From] : F.varDeps)
    if (std::find(Seeds.begin(), Seeds.end(), Var) != Seeds.end() &&
        std::find(Out.begin(), Out.end(), From) == Out.end())
      Out.push_back(From);
  return Out;
}

/// A parameter of F among Vars that some caller passes a table-sized value for (sizedIn in
/// that caller, at Depth + 1), in words; empty when none.
std::string passedBy(const ProgramModel &M, const FunctionFact &F,
                     const std::vector<std::string> &Vars,
                     const std::map<std::string, const FunctionFact *> &RowFilled, int Depth);

/// A loop in F that steps the statement Stmt in its condition and fills one of Seeds (`while
/// (q.next()) ids << q.value(0).toString();`): Seeds hold a row's worth of the query Stmt
/// ran. In words ("the rows of the query at x.cpp:12"), or empty.
std::string filledWhileStepping(const FunctionFact &F, const std::vector<std::string> &Seeds,
                                const std::string &Stmt) {
  for (const CallSite &Step : F.calls) {
    if (Step.kind != AccessKind::Step || !Step.inLoopCondition || Step.loop < 0 ||
        Step.statementVar != Stmt)
      continue;
    const std::vector<std::string> &Changed = F.loops[Step.loop].modifiedVars;
    if (std::none_of(Seeds.begin(), Seeds.end(), [&](const std::string &V) {
          return std::find(Changed.begin(), Changed.end(), V) != Changed.end();
        }))
      continue;
    const CallSite *Ran = nullptr; // the run of the statement nearest before the loop
    for (const CallSite &O : F.calls)
      if (isRoundTrip(O.kind) && O.statementVar == Stmt && O.seq < Step.seq &&
          (!Ran || O.seq > Ran->seq))
        Ran = &O;
    const CallSite &At = Ran ? *Ran : Step;
    return "the rows of the query at " + std::string(llvm::sys::path::filename(At.loc.file)) + ":" +
           std::to_string(At.loc.line);
  }
  return {};
}

/// What in F, among Vars and what they are made from in one step, is table-sized: input, a
/// request, the result of a call that runs a query (its rows), a member filled from rows; or
/// a parameter some caller passes such a value for (to three callers up). In words, or empty.
std::string sizedIn(const ProgramModel &M, const FunctionFact &F,
                    const std::vector<std::string> &Seeds,
                    const std::map<std::string, const FunctionFact *> &RowFilled, int Depth) {
  std::vector<std::string> All = oneStep(F, Seeds);
  if (std::string W = inputOrRequest(F, All); !W.empty())
    return W;
  std::string Class = classOf(F);
  for (const std::string &V : All) {
    for (const CallSite &O : F.calls) {
      if (O.resultVar != V)
        continue;
      bool Query = isRoundTrip(O.kind);
      if (!Query && O.kind == AccessKind::None)
        for (const FunctionFact *G : M.callees(F, O.id))
          Query = Query || !M.summary(*G).roundTrips.empty();
      if (Query)
        return "the rows of the query at " + std::string(llvm::sys::path::filename(O.loc.file)) +
               ":" + std::to_string(O.loc.line);
    }
    if (std::string Member = memberOf(V); !Member.empty() && !Class.empty())
      if (auto It = RowFilled.find(Class + "::" + Member); It != RowFilled.end())
        return "'" + Member + "', which '" + It->second->name + "' fills from the rows of a query";
    if (std::string W = filledWhileStepping(F, Seeds, V); !W.empty())
      return W;
  }
  return Depth < 3 ? passedBy(M, F, All, RowFilled, Depth) : std::string();
}

std::string passedBy(const ProgramModel &M, const FunctionFact &F,
                     const std::vector<std::string> &Vars,
                     const std::map<std::string, const FunctionFact *> &RowFilled, int Depth) {
  for (const std::string &V : Vars)
    for (size_t K = 0; K < F.params.size(); ++K) {
      if (F.params[K] != V)
        continue;
      for (const auto &[G, Site] : M.callersOf(F)) {
        if (K >= Site->argVarsEach.size() || G == &F)
          continue;
        std::string W = sizedIn(M, *G, Site->argVarsEach[K], RowFilled, Depth + 1);
        if (!W.empty())
          return "'" + V.substr(0, V.find('#')) + "', which '" + G->name + "' passes from " + W;
      }
    }
  return {};
}
} // namespace

std::string inputSizedLoop(const LoopRef &L) {
  return inputOrRequest(*L.fn, computedFrom(*L.fn, loopCollection(L)));
}

std::string sizedByCallers(const ProgramModel &M, const LoopRef &L,
                           const std::map<std::string, const FunctionFact *> &RowFilled) {
  return passedBy(M, *L.fn, oneStep(*L.fn, loopCollection(L)), RowFilled, 0);
}

std::vector<std::string> walkedMembers(const LoopRef &L) {
  std::vector<std::string> Out;
  const FunctionFact &F = *L.fn;
  std::string Class = classOf(F);
  if (Class.empty())
    return Out;
  auto Add = [&](const std::string &Var) {
    std::string Member = memberOf(Var);
    if (!Member.empty() && std::find(Out.begin(), Out.end(), Class + "::" + Member) == Out.end())
      Out.push_back(Class + "::" + Member);
  };
  const LoopFact &LF = L.fact();
  if (LF.kind == LoopKind::RangeFor && !LF.modifiedVars.empty()) {
    for (const auto &[Var, From] : F.varDeps)
      if (Var == LF.modifiedVars.front())
        Add(From);
  } else { // `it != m.end()`, with `it` made from `m.begin()`
    for (const ConditionVar &V : LF.conditionVars) {
      Add(V.var);
      for (const auto &[Var, From] : F.varDeps)
        if (Var == V.var)
          Add(From);
    }
  }
  return Out;
}

} // namespace riskgate
