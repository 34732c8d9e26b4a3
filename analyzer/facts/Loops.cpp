// Loops: their kinds, trip counts and exit conditions, the paths that leave them (return,
// break, throw, [[noreturn]]), branches that run once, schema-version checks.
#include "facts/Walker.h"

#include <cctype>
#include <functional>
#include <set>

namespace riskgate::extract {

BodyWalker::BodyWalker(Extractor &X, FunctionFact &F) : X(X), F(F) {
  // A function named for migration runs on a schema upgrade: migrateTables, migrate,
  // upgradeDatabase, UpgradeDBSchema.
  llvm::StringRef N(F.name);
  if (N.contains_insensitive("migrat") ||
      (N.contains_insensitive("upgrade") &&
       (N.contains_insensitive("db") || N.contains_insensitive("database") ||
        N.contains_insensitive("schema") || N.contains_insensitive("table"))))
    UpgradeDepth = 1;
}

namespace {
/// The container of a Qt foreach: the argument of `QtPrivate::qMakeForeachContainer(...)`
/// that initializes the loop's hidden `_container_` variable. Null for any other for loop.
const Expr *foreachContainer(const ForStmt *S) {
  auto *DS = dyn_cast_or_null<DeclStmt>(S->getInit());
  if (!DS || !DS->isSingleDecl() || !S->getForLoc().isMacroID())
    return nullptr;
  auto *VD = dyn_cast<VarDecl>(DS->getSingleDecl());
  if (!VD || !VD->getInit())
    return nullptr;
  const Expr *Found = nullptr;
  walkPreOrder(VD->getInit(), [&](const Stmt *St) {
    if (auto *CE = dyn_cast<CallExpr>(St))
      if (const FunctionDecl *FD = CE->getDirectCallee();
          FD && FD->getIdentifier() && FD->getName() == "qMakeForeachContainer" &&
          CE->getNumArgs() == 1)
        Found = CE->getArg(0);
    return !Found;
  });
  return Found;
}
} // namespace

bool BodyWalker::traverseQtForeach(ForStmt *S, const Expr *Container) {
  // The element's assignment and the user's body: `if (x = *i; false) {} else BODY` (C++17),
  // or `for (x = *i; control; control = 0) BODY` (before C++17).
  const Stmt *ElementInit = nullptr;
  Stmt *Body = nullptr;
  if (auto *If = dyn_cast_or_null<IfStmt>(S->getBody())) {
    ElementInit = If->getInit();
    Body = If->getElse();
  } else if (auto *Inner = dyn_cast_or_null<ForStmt>(S->getBody())) {
    ElementInit = Inner->getInit();
    Body = Inner->getBody();
  }
  if (!Body)
    return false;
  std::string Element;
  if (auto *DS = dyn_cast_or_null<DeclStmt>(ElementInit); DS && DS->isSingleDecl()) {
    if (auto *VD = dyn_cast<VarDecl>(DS->getSingleDecl()))
      Element = X.declKey(VD);
  } else if (auto *E = dyn_cast_or_null<Expr>(ElementInit)) {
    E = E->IgnoreImplicit();
    if (auto *BO = dyn_cast<BinaryOperator>(E); BO && BO->isAssignmentOp())
      Element = X.varKey(BO->getLHS());
    else if (auto *OC = dyn_cast<CXXOperatorCallExpr>(E); OC && OC->getOperator() == OO_Equal)
      Element = X.varKey(OC->getArg(0));
  }
  TraverseStmt(S->getInit()); // the copy of the container
  int Id = pushLoop(LoopKind::RangeFor, S->getForLoc(), "foreach", S);
  if (!Element.empty()) {
    addModified(Id, Element);
    RangeFrom[Id] = dependOn(Element, Container);
  }
  markDiscarded(Body);
  traverseLoopBody(Id, Body);
  analyzeExits(Id, nullptr, Body);
  Loops.pop_back();
  return true;
}

bool BodyWalker::TraverseForStmt(ForStmt *S) {
  if (const Expr *Container = foreachContainer(S))
    if (traverseQtForeach(S, Container))
      return true;
  TraverseStmt(S->getInit());
  int Id = pushLoop(LoopKind::For, S->getForLoc(), "for", S);
  F.loops[Id].hasIncrement = S->getInc() != nullptr;
  F.loops[Id].tripCount = forTripCount(S);
  if (auto *Inc = dyn_cast_or_null<CompoundAssignOperator>(S->getInc())) {
    auto Step = intConstant(Inc->getRHS());
    if (Inc->getOpcode() == BO_AddAssign && (!Step || *Step > 1))
      F.loops[Id].chunked = true;
  }
  if (S->getInc()) {
    std::vector<std::string> Changing;
    collectVars(S->getInc(), Changing);
    for (const std::string &V : Changing)
      addModified(Id, V);
  }
  markDiscarded(S->getBody());
  traverseCondition(Id, S->getConditionVariableDeclStmt());
  traverseCondition(Id, S->getCond());
  traverseLoopBody(Id, S->getBody());
  TraverseStmt(S->getInc());
  analyzeExits(Id, S->getCond(), S->getBody());
  Loops.pop_back();
  return true;
}

bool BodyWalker::TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
  TraverseStmt(S->getInit());
  // A range that is a call's result (`for (auto &row : tx.exec("SELECT ..."))`) is held in
  // the loop's hidden range variable: that call's result, as a named result would be, so
  // the rules see the loop walk what the call returned.
  std::string RangeKey;
  if (const DeclStmt *RS = S->getRangeStmt(); RS && RS->isSingleDecl())
    if (const auto *RV = dyn_cast<VarDecl>(RS->getSingleDecl())) {
      const Expr *Range = strip(S->getRangeInit());
      if (isa_and_nonnull<CallExpr>(Range) ||
          X.constructsAccess(dyn_cast_or_null<CXXConstructExpr>(Range)))
        RangeKey = X.declKey(RV);
    }
  markResult(S->getRangeInit(), RangeKey);
  TraverseStmt(S->getRangeInit());
  int Id = pushLoop(LoopKind::RangeFor, S->getForLoc(), "range-for", S);
  F.loops[Id].tripCount = rangeTripCount(S);
  if (const VarDecl *LV = S->getLoopVariable()) {
    RangeOf[LV] = S->getRangeInit();
    addModified(Id, X.declKey(LV));
    RangeFrom[Id] = dependOn(X.declKey(LV), S->getRangeInit()); // the element comes from the range
    if (!RangeKey.empty())
      F.varDeps.emplace_back(X.declKey(LV), RangeKey);
  }
  markDiscarded(S->getBody());
  traverseLoopBody(Id, S->getBody());
  // Each element is a batch when the body walks the element in a loop of its own (the
  // rows of a chunk go into one statement). An element that is merely a collection type
  // (a row of a result held as a vector of strings, a QString) is one item.
  if (const VarDecl *LV = S->getLoopVariable(); LV && X.isCollection(LV->getType())) {
    std::string Key = X.declKey(LV);
    for (size_t Inner = static_cast<size_t>(Id) + 1; Inner < F.loops.size(); ++Inner) {
      auto It = RangeFrom.find(static_cast<int>(Inner));
      if (It != RangeFrom.end() && F.loopWithin(static_cast<int>(Inner), Id) &&
          std::find(It->second.begin(), It->second.end(), Key) != It->second.end())
        F.loops[Id].chunked = true;
    }
  }
  analyzeExits(Id, nullptr, S->getBody());
  Loops.pop_back();
  return true;
}

bool BodyWalker::TraverseWhileStmt(WhileStmt *S) {
  int Id = pushLoop(LoopKind::While, S->getWhileLoc(), "while", S);
  markDiscarded(S->getBody());
  traverseCondition(Id, S->getConditionVariableDeclStmt());
  traverseCondition(Id, S->getCond());
  traverseLoopBody(Id, S->getBody());
  analyzeExits(Id, S->getCond(), S->getBody());
  Loops.pop_back();
  return true;
}

bool BodyWalker::TraverseDoStmt(DoStmt *S) {
  int Id = pushLoop(LoopKind::Do, S->getDoLoc(), "do", S);
  markDiscarded(S->getBody());
  traverseLoopBody(Id, S->getBody());
  traverseCondition(Id, S->getCond());
  analyzeExits(Id, S->getCond(), S->getBody());
  Loops.pop_back();
  return true;
}

std::optional<std::vector<int>> BodyWalker::loopsLeftBy(const Stmt *S) {
  if (!S)
    return std::nullopt;
  if (isa<ReturnStmt>(S) || isa<CXXThrowExpr>(S) || isa<CoreturnStmt>(S))
    return std::vector<int>(Loops.begin(), Loops.end());
  if (auto *EWC = dyn_cast<ExprWithCleanups>(S))
    return loopsLeftBy(EWC->getSubExpr());
  if (auto *CE = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *FD = CE->getDirectCallee(); FD && FD->isNoReturn())
      return std::vector<int>(Loops.begin(), Loops.end());
  if (isa<BreakStmt>(S) && !BreakTargets.empty() && BreakTargets.back() >= 0)
    return std::vector<int>{BreakTargets.back()};
  return std::nullopt;
}

bool BodyWalker::throwsOut(const Stmt *S) {
  if (auto *EWC = dyn_cast_or_null<ExprWithCleanups>(S))
    S = EWC->getSubExpr();
  if (isa_and_nonnull<CXXThrowExpr>(S))
    return true;
  if (auto *CE = dyn_cast_or_null<CallExpr>(S))
    if (const FunctionDecl *FD = CE->getDirectCallee(); FD && FD->isNoReturn())
      return true;
  return false;
}

bool BodyWalker::TraverseCompoundStmt(CompoundStmt *CS) {
  if (!WalkUpFromCompoundStmt(CS)) // the Visit* of a block (discarded results) still run
    return false;
  std::vector<const Stmt *> Body(CS->body_begin(), CS->body_end());
  // Exits[I]: the loops left by the first jump after statement I (none past a continue);
  // Throws[I]: that jump is a throw (or a [[noreturn]] call).
  std::vector<std::optional<std::vector<int>>> Exits(Body.size());
  std::vector<bool> Throws(Body.size(), false), Leaves(Body.size(), false);
  std::optional<std::vector<int>> Next;
  bool NextThrows = false, NextLeaves = false;
  for (size_t I = Body.size(); I-- > 0;) {
    Exits[I] = Next;
    Throws[I] = NextThrows;
    Leaves[I] = NextLeaves;
    if (isa<ContinueStmt>(Body[I])) {
      Next.reset();
      NextThrows = NextLeaves = false;
    } else if (auto L = loopsLeftBy(Body[I])) {
      Next = L;
      NextThrows = throwsOut(Body[I]);
      NextLeaves = !isa<BreakStmt>(Body[I]); // return, throw, [[noreturn]]: the function
    }
  }
  for (size_t I = 0; I < Body.size(); ++I) {
    if (I > 0 && isa<ForStmt>(Body[I]))
      StatementBefore[Body[I]] = Body[I - 1]; // where a counter may be declared (forTripCount)
    if (Exits[I]) {
      ExitStack.push_back(*Exits[I]);
      NextJumpThrows.push_back(Throws[I]);
      NextJumpLeaves.push_back(Leaves[I]);
    }
    TraverseStmt(const_cast<Stmt *>(Body[I]));
    if (Exits[I]) {
      NextJumpLeaves.pop_back();
      NextJumpThrows.pop_back();
      ExitStack.pop_back();
    }
  }
  return true;
}

bool BodyWalker::TraverseCXXTryStmt(CXXTryStmt *S) {
  bool Catches = false;
  for (unsigned I = 0; I < S->getNumHandlers(); ++I) {
    auto *Block = dyn_cast_or_null<CompoundStmt>(S->getHandler(I)->getHandlerBlock());
    if (!Block || Block->body_empty() || !throwsOut(Block->body_back()))
      Catches = true;
  }
  CatchingDepth += Catches;
  TraverseStmt(S->getTryBlock());
  CatchingDepth -= Catches;
  for (unsigned I = 0; I < S->getNumHandlers(); ++I)
    TraverseStmt(S->getHandler(I));
  return true;
}

bool BodyWalker::TraverseVarDecl(VarDecl *VD) {
  bool Once = VD->isStaticLocal() && VD->hasInit();
  if (Once) {
    ++OnceDepth;
    ExitStack.push_back(std::vector<int>(Loops.begin(), Loops.end()));
  }
  bool Ok = Base::TraverseVarDecl(VD);
  if (Once) {
    ExitStack.pop_back();
    --OnceDepth;
  }
  return Ok;
}

template <typename Fn> bool BodyWalker::leavingEveryLoop(bool Throws, Fn Traverse) {
  ExitStack.push_back(std::vector<int>(Loops.begin(), Loops.end()));
  NextJumpThrows.push_back(Throws);
  NextJumpLeaves.push_back(true);
  bool Ok = Traverse();
  NextJumpLeaves.pop_back();
  NextJumpThrows.pop_back();
  ExitStack.pop_back();
  return Ok;
}

bool BodyWalker::TraverseReturnStmt(ReturnStmt *S) {
  noteReturned(S->getRetValue());
  // `return q.exec();`, `return sqlite3_exec(...) == SQLITE_OK;`: the call's result is the
  // function's (CallSite::resultVar "<return>"), what a caller that drops it drops.
  markResult(S->getRetValue(), "<return>");
  return leavingEveryLoop(false, [&] { return Base::TraverseReturnStmt(S); });
}

bool BodyWalker::TraverseCXXThrowExpr(CXXThrowExpr *S) {
  return leavingEveryLoop(true, [&] { return Base::TraverseCXXThrowExpr(S); });
}

bool BodyWalker::TraverseSwitchStmt(SwitchStmt *S) {
  BreakTargets.push_back(-1); // a break in a switch leaves the switch, not a loop
  bool Ok = Base::TraverseSwitchStmt(S);
  BreakTargets.pop_back();
  return Ok;
}

std::vector<int> BodyWalker::exitedLoops() const {
  std::vector<int> Out;
  for (const std::vector<int> &E : ExitStack)
    for (int L : E)
      if (std::find(Out.begin(), Out.end(), L) == Out.end())
        Out.push_back(L);
  return Out;
}

std::optional<int> BodyWalker::leavesWhenTaken(const Stmt *Then) const {
  if (auto *CS = dyn_cast_or_null<CompoundStmt>(Then))
    Then = CS->body_empty() ? nullptr : CS->body_back();
  if (auto *EC = dyn_cast_or_null<ExprWithCleanups>(Then))
    Then = EC->getSubExpr();
  if (isa_and_nonnull<ReturnStmt>(Then) || isa_and_nonnull<CXXThrowExpr>(Then))
    return -1;
  if (isa_and_nonnull<ContinueStmt>(Then) && currentLoop() >= 0)
    return currentLoop();
  return std::nullopt;
}

void BodyWalker::markOutcome(const IfStmt *S) {
  if (ReturnType.isNull() || !(ReturnType->isIntegerType() || ReturnType->isEnumeralType()))
    return; // bool counts as an integer type
  if (!returnsConstant(S->getThen()) && !returnsConstant(S->getElse()))
    return;
  // A branch that logs the failure as well (`qWarning() << q.lastError()`, `LOG_ERROR(...)`,
  // `std::fprintf(stderr, ...)`): the failure is told twice, and a caller that drops the
  // status has still left a trace of it.
  const char *Key = logs(S->getThen()) || logs(S->getElse()) ? "<outcome-logged>" : "<outcome>";
  // The calls whose value decides the condition; a call already stored somewhere keeps that.
  markResult(S->getCond(), Key, /*Condition=*/true);
}

bool BodyWalker::asksTransactionState(const Expr *Cond) {
  bool Asks = false, Other = false;
  // Named for a transaction and not for a setting: `inTransaction()`, `txnDepth_` ask
  // whether one is open; `useTransactions_`, `transactionsEnabled()` say whether to have one
  // at all, and with the setting off there is none.
  auto Named = [](llvm::StringRef N) {
    if (!N.contains_insensitive("transaction") && !N.contains_insensitive("txn"))
      return false;
    static const std::set<std::string> Setting = {
        "use",     "uses",    "using",    "enable",  "enabled",   "enables",  "allow",
        "allowed", "allows",  "want",     "wants",   "wanted",    "with",     "wrap",
        "should",  "config",  "option",   "options", "setting",   "settings", "mode",
        "prefer",  "disable", "disabled", "support", "supported", "supports"};
    for (const std::string &W : identifierWords(N))
      if (Setting.count(W))
        return false;
    return true;
  };
  walkPreOrder(Cond, [&](const Stmt *St) {
    if (auto *CE = dyn_cast<CallExpr>(St)) {
      const FunctionDecl *FD = CE->getDirectCallee();
      bool Is = FD && FD->getIdentifier() && Named(FD->getName()) && CE->getNumArgs() == 0;
      Asks = Asks || Is;
      Other = Other || !Is;
      return false; // not into its object or arguments
    }
    if (auto *ME = dyn_cast<MemberExpr>(St); ME && isa<FieldDecl>(ME->getMemberDecl())) {
      bool Is = ME->getMemberDecl()->getIdentifier() && Named(ME->getMemberDecl()->getName());
      Asks = Asks || Is;
      return false;
    }
    if (auto *DR = dyn_cast<DeclRefExpr>(St); DR && isa<VarDecl>(DR->getDecl()))
      Asks = Asks || (DR->getDecl()->getIdentifier() && Named(DR->getDecl()->getName()));
    return true;
  });
  return Asks && !Other;
}

bool BodyWalker::logs(const Stmt *Branch) {
  if (!Branch)
    return false;
  auto Logging = [](llvm::StringRef N) {
    for (const char *W : {"log", "warn", "error", "print", "debug", "trace", "report", "critical",
                          "fatal", "notice"})
      if (N.contains_insensitive(W))
        return true;
    return N == "cerr" || N == "clog" || N == "stderr";
  };
  bool Found = false;
  walkPreOrder(Branch, [&](const Stmt *St) {
    if (Found || isa<LambdaExpr>(St))
      return false;
    if (auto *CE = dyn_cast<CallExpr>(St)) {
      if (const FunctionDecl *FD = CE->getDirectCallee(); FD && FD->getIdentifier())
        Found = Logging(FD->getName());
      std::vector<std::string> Macros; // LOG_ERROR(...), qWarning() << ...
      X.macroNames(CE->getBeginLoc(), Macros);
      for (const std::string &M : Macros)
        Found = Found || Logging(M);
    } else if (auto *DR = dyn_cast<DeclRefExpr>(St)) { // std::cerr << ..., fprintf(stderr, ...)
      Found = DR->getDecl()->getIdentifier() && Logging(DR->getDecl()->getName()) &&
              isa<VarDecl>(DR->getDecl());
    }
    return !Found;
  });
  return Found;
}

bool BodyWalker::returnsConstant(const Stmt *Branch) {
  if (!Branch)
    return false;
  auto IsConstant = [&](const Expr *V) {
    V = V ? V->IgnoreParenImpCasts() : nullptr;
    if (auto *U = dyn_cast_or_null<UnaryOperator>(V); U && U->getOpcode() == UO_Minus)
      V = U->getSubExpr()->IgnoreParenImpCasts();
    if (!V || V->isValueDependent() ||
        !(V->getType()->isIntegerType() || V->getType()->isEnumeralType()))
      return false;
    return V->isIntegerConstantExpr(X.Ctx);
  };
  // The locals the function returns (`return ret;`), for `ret = 0;` in the branch: found
  // once per body.
  if (!ReturnedLocals) {
    ReturnedLocals.emplace();
    walkPreOrder(Root, [&](const Stmt *St) {
      if (isa<LambdaExpr>(St))
        return false;
      if (auto *R = dyn_cast<ReturnStmt>(St))
        if (auto *DR = dyn_cast_or_null<DeclRefExpr>(
                R->getRetValue() ? R->getRetValue()->IgnoreParenImpCasts() : nullptr))
          ReturnedLocals->insert(DR->getDecl());
      return true;
    });
  }
  bool Found = false;
  walkPreOrder(Branch, [&](const Stmt *St) {
    if (Found || isa<LambdaExpr>(St))
      return false;
    if (auto *R = dyn_cast<ReturnStmt>(St))
      Found = IsConstant(R->getRetValue());
    else if (auto *BO = dyn_cast<BinaryOperator>(St); BO && BO->getOpcode() == BO_Assign)
      if (auto *DR = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
        if (auto *VD = dyn_cast<VarDecl>(DR->getDecl());
            VD && VD->hasLocalStorage() && IsConstant(BO->getRHS()))
          Found = ReturnedLocals->count(VD) != 0;
    return !Found;
  });
  return Found;
}

void BodyWalker::recordParamTests(const Expr *Cond, const std::string &IfId) {
  // The parameter a term names, and whether the term negates it (`p`, `!p`, `p != 0`...).
  auto Term = [&](const Expr *E, bool &Negated) -> int {
    Negated = false;
    E = E->IgnoreParenImpCasts();
    while (auto *U = dyn_cast<UnaryOperator>(E)) {
      if (U->getOpcode() != UO_LNot)
        return -1;
      Negated = !Negated;
      E = U->getSubExpr()->IgnoreParenImpCasts();
    }
    auto *DR = dyn_cast<DeclRefExpr>(E);
    auto *P = DR ? dyn_cast<ParmVarDecl>(DR->getDecl()) : nullptr;
    if (!P || !P->getType()->isScalarType())
      return -1;
    auto It = std::find(F.params.begin(), F.params.end(), X.declKey(P));
    return It == F.params.end() ? -1 : static_cast<int>(It - F.params.begin());
  };
  const Expr *C = Cond ? Cond->IgnoreParenImpCasts() : nullptr;
  if (!C)
    return;
  bool Negated = false;
  if (int P = Term(C, Negated); P >= 0) {
    F.paramTests.push_back({IfId, P, Negated, false});
    return;
  }
  // `if (updateDb && dirty)`: each term a parameter rules the then arm out when false.
  std::vector<const Expr *> Terms{C};
  for (size_t I = 0; I < Terms.size(); ++I)
    if (auto *B = dyn_cast<BinaryOperator>(Terms[I]->IgnoreParenImpCasts());
        B && B->getOpcode() == BO_LAnd) {
      Terms.push_back(B->getLHS());
      Terms.push_back(B->getRHS());
    } else if (int P = I ? Term(Terms[I], Negated) : -1; P >= 0) {
      F.paramTests.push_back({IfId, P, Negated, true});
    }
}

bool BodyWalker::TraverseIfStmt(IfStmt *S) {
  TraverseStmt(S->getInit());
  TraverseStmt(S->getConditionVariableDeclStmt());
  size_t FirstCall = F.calls.size();
  markOutcome(S);
  TraverseStmt(S->getCond());
  // `if (!db->inTransaction()) db->begin();`, `if (m_txnStarted) commit();`: an if that
  // asks only whether a transaction is open is named "t" (core/Facts.h, CallSite::branch).
  std::string Id = (asksTransactionState(S->getCond()) ? "t" : "i") + std::to_string(++IfCounter);
  std::vector<std::string> Tested;
  collectVars(S->getCond(), Tested);
  for (const std::string &V : Tested)
    F.branchTests.emplace_back(V, Id);
  recordParamTests(S->getCond(), Id);
  // `if (!known(id)) return;`, `if (found.empty()) continue;`: what follows runs only when
  // the test lets it through (an in-memory gate, when the test looks up a container).
  if (std::optional<int> Leaves = S->getElse() ? std::nullopt : leavesWhenTaken(S->getThen())) {
    for (size_t I = FirstCall; I < F.calls.size(); ++I)
      F.calls[I].guardsExit = *Leaves;
    for (const std::string &V : Tested)
      F.exitGuards.push_back({V, Seq, *Leaves});
  }
  Branch.push_back(Id + ".0");
  markDiscarded(S->getThen());
  bool Upgrade = isVersionCheck(S->getCond(), 0);
  // A branch guarded by a flag it flips runs at most once in the loops the flag outlives
  // (`if (first) { first = false; ... }`, `if (!done) { done = true; ... }`,
  // `if (seen) ... else { seen = true; ... }`): as for a path that leaves the loop.
  // Guarded by a static local (`static T *p = nullptr; if (!p) p = new T;`), it runs once
  // per run of the program.
  auto Once = onceBranch(S);
  auto Enter = [&](int Which) {
    if (!Once || Once->which != Which)
      return;
    ExitStack.push_back(Once->loops);
    OnceDepth += Once->perProgram;
  };
  auto Leave = [&](int Which) {
    if (!Once || Once->which != Which)
      return;
    ExitStack.pop_back();
    OnceDepth -= Once->perProgram;
  };
  UpgradeDepth += Upgrade;
  Enter(0);
  TraverseStmt(S->getThen());
  Leave(0);
  UpgradeDepth -= Upgrade;
  Branch.back() = Id + ".1";
  markDiscarded(S->getElse());
  Enter(1);
  TraverseStmt(S->getElse());
  Leave(1);
  Branch.pop_back();
  return true;
}

std::optional<bool> BodyWalker::truthOf(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (auto *L = dyn_cast<CXXBoolLiteralExpr>(E))
    return L->getValue();
  if (isa<CXXNullPtrLiteralExpr>(E) || isa<GNUNullExpr>(E))
    return false;
  if (auto *I = dyn_cast<IntegerLiteral>(E); I && I->getValue() == 0)
    return false;
  return std::nullopt;
}

const ValueDecl *BodyWalker::flagTest(const Expr *C, bool &Want) {
  if (!C)
    return nullptr;
  C = C->IgnoreParenImpCasts();
  Want = true;
  if (auto *U = dyn_cast<UnaryOperator>(C); U && U->getOpcode() == UO_LNot) {
    const ValueDecl *D = flagTest(U->getSubExpr(), Want);
    Want = !Want;
    return D;
  }
  // `name.empty()`, `list.isEmpty()`, `value.isNull()`: the object is a flag that is false
  // while empty; `opt` (an explicit bool conversion) is true while it holds a value.
  if (auto *MC = dyn_cast<CXXMemberCallExpr>(C); MC && MC->getNumArgs() == 0) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    const ValueDecl *D = objectOf(MC->getImplicitObjectArgument());
    if (!MD || !D)
      return nullptr;
    if (isa<CXXConversionDecl>(MD) && MD->getReturnType()->isBooleanType())
      return D;
    if (MD->getIdentifier() &&
        (MD->getName() == "empty" || MD->getName() == "isEmpty" || MD->getName() == "isNull")) {
      Want = false;
      return D;
    }
    return nullptr;
  }
  if (auto *B = dyn_cast<BinaryOperator>(C);
      B && (B->getOpcode() == BO_EQ || B->getOpcode() == BO_NE)) {
    const Expr *Flag = B->getLHS();
    std::optional<bool> Value = truthOf(B->getRHS());
    if (!Value) {
      Flag = B->getRHS();
      Value = truthOf(B->getLHS());
    }
    if (!Value)
      return nullptr;
    Want = *Value == (B->getOpcode() == BO_EQ);
    return flagOf(Flag);
  }
  return flagOf(C);
}

const ValueDecl *BodyWalker::objectOf(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  const ValueDecl *D = nullptr;
  if (auto *DR = dyn_cast<DeclRefExpr>(E))
    D = DR->getDecl();
  else if (auto *ME = dyn_cast<MemberExpr>(E);
           ME && isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
    D = ME->getMemberDecl();
  return D && (isa<VarDecl>(D) || isa<FieldDecl>(D)) ? D : nullptr;
}

const ValueDecl *BodyWalker::flagOf(const Expr *E) {
  const ValueDecl *D = objectOf(E);
  if (!D || !(D->getType()->isBooleanType() || D->getType()->isPointerType()))
    return nullptr;
  return D;
}

const Stmt *BodyWalker::unconditionalFlip(const Stmt *Branch, const ValueDecl *D, bool Value) {
  auto IsFlip = [&](const Stmt *S) {
    if (auto *E = dyn_cast_or_null<ExprWithCleanups>(S))
      S = E->getSubExpr();
    // An object tested for emptiness is filled by an assignment of anything but an empty
    // literal (`name = makeName();`) or by adding to it (`list.push_back(x)`).
    if (!D->getType()->isBooleanType() && !D->getType()->isPointerType()) {
      if (!Value)
        return false;
      if (auto *OC = dyn_cast_or_null<CXXOperatorCallExpr>(S);
          OC && OC->getOperator() == OO_Equal && OC->getNumArgs() == 2 &&
          objectOf(OC->getArg(0)) == D) {
        const Expr *RHS = OC->getArg(1)->IgnoreParenImpCasts();
        if (auto *CE = dyn_cast<CXXConstructExpr>(RHS); CE && CE->getNumArgs() == 1)
          RHS = CE->getArg(0)->IgnoreParenImpCasts();
        auto *Lit = dyn_cast<StringLiteral>(RHS);
        auto *Init = dyn_cast<InitListExpr>(RHS);
        return !(Lit && Lit->getLength() == 0) && !(Init && Init->getNumInits() == 0);
      }
      if (auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(S);
          MC && objectOf(MC->getImplicitObjectArgument()) == D && MC->getMethodDecl() &&
          MC->getMethodDecl()->getIdentifier()) {
        llvm::StringRef N = MC->getMethodDecl()->getName();
        return N == "push_back" || N == "emplace_back" || N == "append" || N == "insert" ||
               N == "emplace" || N == "assign";
      }
      return false;
    }
    auto *B = dyn_cast_or_null<BinaryOperator>(S);
    if (!B || B->getOpcode() != BO_Assign || flagOf(B->getLHS()) != D)
      return false;
    std::optional<bool> Set = truthOf(B->getRHS());
    if (!Set && D->getType()->isPointerType())
      Set = true;
    return Set && *Set == Value;
  };
  if (IsFlip(Branch))
    return Branch;
  if (auto *CS = dyn_cast_or_null<CompoundStmt>(Branch))
    for (const Stmt *S : CS->body())
      if (IsFlip(S))
        return S;
  return nullptr;
}

bool BodyWalker::writtenElsewhere(const Stmt *S, const ValueDecl *D, const Stmt *Except) {
  bool Found = false;
  auto Names = [&](const Expr *E) { return E && objectOf(E) == D; };
  bool Complete = walkPreOrder(
      S,
      [&](const Stmt *Cur) {
        if (Cur == Except)
          return false;
        if (auto *E = dyn_cast<ExprWithCleanups>(Cur); E && E->getSubExpr() == Except)
          return false;
        if (auto *B = dyn_cast<BinaryOperator>(Cur); B && B->isAssignmentOp() && Names(B->getLHS()))
          Found = true;
        if (auto *U = dyn_cast<UnaryOperator>(Cur);
            U && (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf) &&
            Names(U->getSubExpr()))
          Found = true;
        if (auto *C = dyn_cast<CallExpr>(Cur))
          for (const Expr *A : C->arguments())
            if (Names(A))
              Found = true;
        // A non-const member call changes the object (`name.clear()`, `list.push_back(x)`).
        if (auto *MC = dyn_cast<CXXMemberCallExpr>(Cur);
            MC && Names(MC->getImplicitObjectArgument()) && MC->getMethodDecl() &&
            !MC->getMethodDecl()->isConst())
          Found = true;
        return !Found;
      },
      1 << 20);
  return Found || !Complete;
}

std::optional<BodyWalker::OnceBranch> BodyWalker::onceBranch(const IfStmt *S) {
  bool Want = true;
  const ValueDecl *D = flagTest(S->getCond(), Want);
  // Locals only: a member or a global may be re-armed by any call in the loop.
  auto *VD = dyn_cast_or_null<VarDecl>(D);
  if (!VD || !(VD->hasLocalStorage() || VD->isStaticLocal()) || !Root)
    return std::nullopt;
  OnceBranch Out;
  const Stmt *Flip = nullptr;
  if ((Flip = unconditionalFlip(S->getThen(), D, !Want)))
    Out.which = 0; // runs while the flag is Want, and flips it
  else if ((Flip = unconditionalFlip(S->getElse(), D, Want)))
    Out.which = 1; // runs while the flag is !Want, and flips it
  else
    return std::nullopt;
  if (VD->isStaticLocal()) {
    if (writtenElsewhere(Root, D, Flip))
      return std::nullopt;
    Out.loops.assign(Loops.begin(), Loops.end());
    Out.perProgram = true;
    return Out;
  }
  auto It = DeclLoopDepth.find(VD);
  if (It == DeclLoopDepth.end())
    return std::nullopt; // a parameter: set by the caller, maybe each time
  size_t Depth = It->second;
  if (Depth >= Loops.size())
    return std::nullopt;
  // A write before the outermost of those loops (`first = managed;`) does not re-arm it.
  auto Scope = LoopStmts.find(Loops[Depth]);
  if (writtenElsewhere(Scope != LoopStmts.end() ? Scope->second : Root, D, Flip))
    return std::nullopt; // re-armed, toggled, or handed to a call
  Out.loops.assign(Loops.begin() + Depth, Loops.end());
  return Out;
}

bool BodyWalker::isVersionCheck(const Stmt *S, int Depth) {
  if (!S || Depth > 6)
    return false;
  if (auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->getOpcode() == BO_LAnd)
      return isVersionCheck(BO->getLHS(), Depth + 1) || isVersionCheck(BO->getRHS(), Depth + 1);
    bool Below = BO->getOpcode() == BO_LT || BO->getOpcode() == BO_LE;
    bool Above = BO->getOpcode() == BO_GT || BO->getOpcode() == BO_GE;
    if (!Below && !Above)
      return false;
    const Expr *Stored = Below ? BO->getLHS() : BO->getRHS();
    const Expr *Target = Below ? BO->getRHS() : BO->getLHS();
    return namesVersion(Stored) && (!namesVersion(Target) || isConstantRef(Target));
  }
  if (auto *PE = dyn_cast<ParenExpr>(S))
    return isVersionCheck(PE->getSubExpr(), Depth + 1);
  if (auto *CE = dyn_cast<ImplicitCastExpr>(S))
    return isVersionCheck(CE->getSubExpr(), Depth + 1);
  return false;
}

bool BodyWalker::isConstantRef(const Expr *E) {
  E = strip(E);
  if (isa_and_nonnull<IntegerLiteral>(E))
    return true;
  if (auto *DR = dyn_cast_or_null<DeclRefExpr>(E)) {
    if (isa<EnumConstantDecl>(DR->getDecl()))
      return true;
    if (auto *VD = dyn_cast<VarDecl>(DR->getDecl()))
      return VD->getType().isConstQualified() || VD->isConstexpr();
  }
  return false;
}

bool BodyWalker::namesVersion(const Expr *E) {
  E = strip(E);
  const NamedDecl *D = nullptr;
  if (auto *DR = dyn_cast_or_null<DeclRefExpr>(E))
    D = DR->getDecl();
  else if (auto *ME = dyn_cast_or_null<MemberExpr>(E))
    D = ME->getMemberDecl();
  else if (auto *CE = dyn_cast_or_null<CallExpr>(E))
    D = CE->getDirectCallee();
  return D && D->getIdentifier() && D->getName().contains_insensitive("version");
}

void BodyWalker::traverseLoopBody(int Id, Stmt *Body) {
  BreakTargets.push_back(Id); // a `break` in it leaves loop Id
  TraverseStmt(Body);
  BreakTargets.pop_back();
}

int BodyWalker::pushLoop(LoopKind K, SourceLocation L, std::string Label, const Stmt *Loop) {
  LoopFact LF;
  LF.id = static_cast<int>(F.loops.size());
  LF.parent = currentLoop();
  LF.kind = K;
  LF.loc = X.loc(L);
  LF.label = std::move(Label);
  LF.upgradeOnly = UpgradeDepth > 0;
  F.loops.push_back(std::move(LF));
  Loops.push_back(F.loops.back().id);
  if (Loop)
    LoopStmts[F.loops.back().id] = Loop;
  return F.loops.back().id;
}

void BodyWalker::traverseCondition(int Id, Stmt *S) {
  if (!S)
    return;
  int Saved = CondLoop;
  CondLoop = Id;
  TraverseStmt(S);
  CondLoop = Saved;
}

void BodyWalker::analyzeExits(int Id, const Expr *Cond, const Stmt *Body) {
  LoopFact &L = F.loops[Id];
  if (Cond)
    collectConditionVars(Cond, false, L);
  auto Exits = [](const Stmt *S) {
    if (!S)
      return false;
    if (isa<BreakStmt>(S) || isa<ReturnStmt>(S))
      return true;
    if (auto *CS = dyn_cast<CompoundStmt>(S))
      for (const Stmt *C : CS->body())
        if (isa<BreakStmt>(C) || isa<ReturnStmt>(C))
          return true;
    return false;
  };
  auto *CS = dyn_cast_or_null<CompoundStmt>(Body);
  if (!CS)
    return;
  for (const Stmt *C : CS->body())
    if (auto *If = dyn_cast<IfStmt>(C))
      if (Exits(If->getThen()) || Exits(If->getElse()))
        collectConditionVars(If->getCond(), false, L);
}

void BodyWalker::collectConditionVars(const Stmt *Root, bool RootComparedToConstant, LoopFact &L) {
  // Explicit stack: the condition's depth is the input's to choose.
  llvm::SmallVector<std::pair<const Stmt *, bool>, 16> Stack;
  if (Root)
    Stack.push_back({Root, RootComparedToConstant});
  while (!Stack.empty()) {
    auto [S, ComparedToConstant] = Stack.pop_back_val();
    if (auto *E = dyn_cast<Expr>(S))
      if (E->getBeginLoc().isMacroID())
        X.macroNames(E->getBeginLoc(), L.conditionMacros);
    if (auto *BO = dyn_cast<BinaryOperator>(S); BO && isComparison(BO->getOpcode())) {
      bool LConst = isConstant(BO->getLHS()), RConst = isConstant(BO->getRHS());
      Stack.push_back({BO->getRHS(), LConst});
      Stack.push_back({BO->getLHS(), RConst});
      continue;
    }
    if (auto *DR = dyn_cast<DeclRefExpr>(S)) {
      if (isa<VarDecl>(DR->getDecl())) {
        std::string K = X.varKey(DR);
        auto It = std::find_if(L.conditionVars.begin(), L.conditionVars.end(),
                               [&](const ConditionVar &V) { return V.var == K; });
        if (It == L.conditionVars.end())
          L.conditionVars.push_back({K, ComparedToConstant});
        else
          It->comparedToConstant = It->comparedToConstant && ComparedToConstant;
      }
      continue;
    }
    if (isa<LambdaExpr>(S))
      continue;
    size_t Mark = Stack.size();
    for (const Stmt *C : S->children())
      if (C)
        Stack.push_back({C, ComparedToConstant});
    std::reverse(Stack.begin() + Mark, Stack.end());
  }
}

bool BodyWalker::isConstant(const Expr *E) {
  if (E->isValueDependent() || E->isTypeDependent())
    return false;
  return E->isIntegerConstantExpr(X.Ctx) || isa<CXXNullPtrLiteralExpr>(E->IgnoreImpCasts()) ||
         isa<GNUNullExpr>(E->IgnoreImpCasts());
}

std::optional<int64_t> BodyWalker::intConstant(const Expr *E) {
  if (!E || E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  // (`npos`, SIZE_MAX: an unsigned value past INT64_MAX is no trip count to reason about,
  // and APSInt::getExtValue asserts on it.)
  if (auto V = E->getIntegerConstantExpr(X.Ctx); V && V->isRepresentableByInt64())
    return V->getExtValue();
  return std::nullopt;
}

namespace {
/// Does E (a loop's increment, comma chains included) raise Counter by exactly one?
bool countsUpByOne(const Expr *E, const ValueDecl *Counter,
                   const std::function<std::optional<int64_t>(const Expr *)> &IntConstant) {
  if (!E)
    return false;
  E = E->IgnoreParenImpCasts();
  if (auto *Comma = dyn_cast<BinaryOperator>(E); Comma && Comma->getOpcode() == BO_Comma)
    return countsUpByOne(Comma->getLHS(), Counter, IntConstant) ||
           countsUpByOne(Comma->getRHS(), Counter, IntConstant);
  if (auto *U = dyn_cast<UnaryOperator>(E); U && U->isIncrementOp())
    if (auto *D = dyn_cast<DeclRefExpr>(U->getSubExpr()->IgnoreParenImpCasts()))
      return D->getDecl() == Counter;
  if (auto *CA = dyn_cast<CompoundAssignOperator>(E); CA && CA->getOpcode() == BO_AddAssign)
    if (auto *D = dyn_cast<DeclRefExpr>(CA->getLHS()->IgnoreParenImpCasts()))
      return D->getDecl() == Counter && IntConstant(CA->getRHS()) == 1;
  return false;
}

/// Is V written anywhere under S: assigned, incremented, decremented or its address taken?
bool writes(const Stmt *S, const ValueDecl *V) {
  auto Names = [&](const Expr *E) {
    auto *D = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return D && D->getDecl() == V;
  };
  bool Found = false;
  bool Whole = walkPreOrder(S, [&](const Stmt *St) {
    if (auto *U = dyn_cast<UnaryOperator>(St))
      Found = Found || ((U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf) &&
                        Names(U->getSubExpr()));
    else if (auto *B = dyn_cast<BinaryOperator>(St))
      Found = Found || (B->isAssignmentOp() && Names(B->getLHS()));
    return !Found;
  });
  return Found || !Whole;
}
} // namespace

std::optional<int64_t> BodyWalker::breakGuardBound(const ForStmt *S) {
  // `if (i > kLast) break;` first in the body: every pass that gets past it has i <= kLast.
  auto *Body = dyn_cast_or_null<CompoundStmt>(S->getBody());
  if (!Body || Body->body_empty() || !S->getInc())
    return std::nullopt;
  auto *If = dyn_cast<IfStmt>(Body->body_front());
  if (!If || If->getElse() || If->getInit() || If->getConditionVariable())
    return std::nullopt;
  const Stmt *Then = If->getThen();
  if (auto *CS = dyn_cast<CompoundStmt>(Then); CS && CS->size() == 1)
    Then = CS->body_front();
  auto *Cmp = dyn_cast<BinaryOperator>(If->getCond()->IgnoreParenImpCasts());
  if (!isa<BreakStmt>(Then) || !Cmp)
    return std::nullopt;
  // Counter on the left: `i > C` leaves past C, `i >= C` at C; mirrored on the right.
  const Expr *L = Cmp->getLHS()->IgnoreParenImpCasts(), *R = Cmp->getRHS()->IgnoreParenImpCasts();
  BinaryOperatorKind Op = Cmp->getOpcode();
  if (isa<DeclRefExpr>(R) && !isa<DeclRefExpr>(L)) {
    std::swap(L, R);
    Op = Op == BO_LT ? BO_GT : Op == BO_LE ? BO_GE : BO_Comma;
  }
  auto *Ref = dyn_cast<DeclRefExpr>(L);
  auto Last = intConstant(R);
  auto *Counter = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Counter || !Counter->isLocalVarDecl() || !Last || (Op != BO_GT && Op != BO_GE))
    return std::nullopt;
  auto IntConst = [&](const Expr *E) { return intConstant(E); };
  if (!countsUpByOne(S->getInc(), Counter, IntConst) || writes(Body, Counter))
    return std::nullopt;
  // Its start: set in the loop's init, or declared with a constant just before the loop.
  std::optional<int64_t> From;
  if (auto *DS = dyn_cast_or_null<DeclStmt>(S->getInit()))
    for (const Decl *D : DS->decls())
      if (D == Counter)
        From = intConstant(Counter->getInit());
  if (auto *Set = dyn_cast_or_null<BinaryOperator>(strip(dyn_cast_or_null<Expr>(S->getInit())));
      Set && Set->getOpcode() == BO_Assign)
    if (auto *D = dyn_cast<DeclRefExpr>(Set->getLHS()->IgnoreParenImpCasts());
        D && D->getDecl() == Counter)
      From = intConstant(Set->getRHS());
  if (auto It = StatementBefore.find(S); !From && It != StatementBefore.end())
    if (auto *DS = dyn_cast<DeclStmt>(It->second))
      for (const Decl *D : DS->decls())
        if (D == Counter)
          From = intConstant(Counter->getInit());
  if (!From)
    return std::nullopt;
  return std::max<int64_t>(0, *Last - *From + (Op == BO_GT ? 1 : 0));
}

std::optional<int64_t> BodyWalker::forTripCount(const ForStmt *S) {
  std::optional<int64_t> Guard = breakGuardBound(S);
  std::optional<int64_t> Bound = conditionBound(S);
  if (Guard && Bound)
    return std::min(*Guard, *Bound);
  return Guard ? Guard : Bound;
}

std::optional<int64_t> BodyWalker::conditionBound(const ForStmt *S) {
  const Expr *Cond = S->getCond() ? S->getCond()->IgnoreParenImpCasts() : nullptr;
  auto *BO = dyn_cast_or_null<BinaryOperator>(Cond);
  if (!Cond || !S->getInc())
    return std::nullopt;
  // The counter and its start: declared in the loop (`int i = 0`), or a variable declared
  // before it and set there (`uint32 i; for (i = 0; ...)`).
  const ValueDecl *Counter = nullptr;
  const Expr *Start = nullptr;
  if (auto *DS = dyn_cast_or_null<DeclStmt>(S->getInit()); DS && DS->isSingleDecl()) {
    if (auto *VD = dyn_cast<VarDecl>(DS->getSingleDecl())) {
      Counter = VD;
      Start = VD->getInit();
    }
  } else if (auto *Set =
                 dyn_cast_or_null<BinaryOperator>(strip(dyn_cast_or_null<Expr>(S->getInit())));
             Set && Set->getOpcode() == BO_Assign) {
    if (auto *DR = dyn_cast<DeclRefExpr>(Set->getLHS()->IgnoreParenImpCasts())) {
      Counter = DR->getDecl();
      Start = Set->getRHS();
    }
  }
  if (!Counter || !Start)
    return std::nullopt;
  // A list written out up to its terminator: `for (i = 0; stmts[i] != NULL; ++i)`, or
  // `stmts[i]` alone. At most its elements but the terminator.
  const Expr *Element = Cond;
  if (BO && (BO->getOpcode() == BO_NE || BO->getOpcode() == BO_EQ))
    Element = BO->getRHS()->isNullPointerConstant(X.Ctx, Expr::NPC_ValueDependentIsNotNull)
                  ? BO->getLHS()->IgnoreParenImpCasts()
                  : nullptr;
  if (auto *AS = dyn_cast_or_null<ArraySubscriptExpr>(Element);
      AS && (!BO || BO->getOpcode() == BO_NE)) {
    auto *Index = dyn_cast<DeclRefExpr>(AS->getIdx()->IgnoreParenImpCasts());
    auto From = intConstant(Start);
    auto Size = fixedSize(AS->getBase(), 0);
    if (Index && Index->getDecl() == Counter && From && Size && *Size > *From)
      return *Size - *From - 1;
    return std::nullopt;
  }
  auto From = intConstant(Start);
  if (!BO || !From)
    return std::nullopt;
  // The counter must go up by one on every pass, in the increment (`++i`, `i++`, `i += 1`),
  // for its bound to count passes.
  if (!countsUpByOne(S->getInc(), Counter, [&](const Expr *E) { return intConstant(E); }))
    return std::nullopt;
  // `i < n`, `i <= kLast`; in a conjunction the bound of any term bounds the loop
  // (`i < bag->slots() && i <= kSlotEnd`: at most kSlotEnd - start + 1 passes).
  std::function<std::optional<int64_t>(const BinaryOperator *)> Bound =
      [&](const BinaryOperator *C) -> std::optional<int64_t> {
    if (C->getOpcode() == BO_LAnd) {
      auto *L = dyn_cast<BinaryOperator>(C->getLHS()->IgnoreParenImpCasts());
      auto *R = dyn_cast<BinaryOperator>(C->getRHS()->IgnoreParenImpCasts());
      std::optional<int64_t> A = L ? Bound(L) : std::nullopt, B = R ? Bound(R) : std::nullopt;
      if (A && B)
        return std::min(*A, *B);
      return A ? A : B;
    }
    auto *LHS = dyn_cast<DeclRefExpr>(C->getLHS()->IgnoreParenImpCasts());
    if (!LHS || LHS->getDecl() != Counter)
      return std::nullopt;
    auto To = intConstant(C->getRHS());
    if (!To)
      return std::nullopt;
    if (C->getOpcode() == BO_LT)
      return std::max<int64_t>(0, *To - *From);
    if (C->getOpcode() == BO_LE)
      return std::max<int64_t>(0, *To - *From + 1);
    return std::nullopt;
  };
  return Bound(BO);
}

std::optional<int64_t> BodyWalker::fixedSize(const Expr *E, int Depth) {
  const Expr *R = strip(E);
  if (!R || Depth > 3)
    return std::nullopt;
  if (auto *CE = dyn_cast<CXXStdInitializerListExpr>(R))
    R = strip(CE->getSubExpr());
  if (auto *IL = dyn_cast_or_null<InitListExpr>(R))
    return IL->getNumInits();
  if (!R)
    return std::nullopt;
  if (auto *AT = X.Ctx.getAsConstantArrayType(R->getType()))
    return AT->getZExtSize();
  if (auto *TS = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          R->getType().getNonReferenceType()->getAsCXXRecordDecl()))
    if (TS->getName() == "array" && TS->isInStdNamespace() && TS->getTemplateArgs().size() == 2 &&
        TS->getTemplateArgs()[1].getKind() == TemplateArgument::Integral)
      if (const llvm::APSInt &N = TS->getTemplateArgs()[1].getAsIntegral();
          N.isRepresentableByInt64())
        return N.getExtValue();
  if (auto *CC = dyn_cast<CXXConstructExpr>(R);
      CC && CC->getNumArgs() >= 1 && isa<CXXStdInitializerListExpr>(strip(CC->getArg(0))))
    return fixedSize(CC->getArg(0), Depth + 1);
  if (auto *DR = dyn_cast<DeclRefExpr>(R))
    if (auto *VD = dyn_cast<VarDecl>(DR->getDecl()); VD && X.fixedByInitializer(VD))
      if (const Expr *Init = VD->getAnyInitializer()) // any redeclaration's
        return fixedSize(Init, Depth + 1);
  // A function that returns a list written in its body (`static std::map<std::string,
  // std::string> tables() { return {{"a", "id"}, ...}; }`), on every return: the largest.
  // Not a virtual one, whose overrides may return anything.
  if (auto *Call = dyn_cast<CallExpr>(R))
    if (const FunctionDecl *FD = Call->getDirectCallee()) {
      auto *MD = dyn_cast<CXXMethodDecl>(FD);
      const FunctionDecl *Def = FD->getDefinition();
      if ((MD && MD->isVirtual()) || !Def || !Def->getBody())
        return std::nullopt;
      std::optional<int64_t> Most;
      bool Fixed = true;
      bool Whole = walkPreOrder(Def->getBody(), [&](const Stmt *St) {
        if (!Fixed || isa<LambdaExpr>(St) || isa<BlockExpr>(St))
          return false; // not the returns of a lambda inside it
        if (auto *Ret = dyn_cast<ReturnStmt>(St)) {
          auto N = fixedSize(Ret->getRetValue(), Depth + 1);
          Fixed = N.has_value();
          Most = std::max(Most.value_or(0), N.value_or(0));
        }
        return Fixed;
      });
      return Fixed && Whole ? Most : std::nullopt; // every return seen, each a list
    }
  return std::nullopt;
}

void BodyWalker::recordIteration(const Expr *E, const std::string &Api,
                                 llvm::ArrayRef<const Expr *> Args) {
  int Id = -1;
  for (const Expr *A : Args) {
    const Expr *S = strip(A);
    if (!S)
      continue;
    std::string Callee, Name;
    bool IsLambda = false;
    if (auto *LE = dyn_cast<LambdaExpr>(S)) {
      if (Id < 0)
        Id = pushIterateLoop(E, Api);
      IterateLambdas[LE] = Id;
      continue; // the site is added when the lambda itself is traversed
    }
    if (auto *DR = dyn_cast<DeclRefExpr>(S)) {
      if (auto *FD = dyn_cast<FunctionDecl>(DR->getDecl())) {
        Callee = X.usr(FD);
        Name = X.qualifiedName(FD);
      } else if (auto *VD = dyn_cast<VarDecl>(DR->getDecl())) {
        if (auto *LE = dyn_cast_or_null<LambdaExpr>(strip(VD->getInit()))) {
          Callee = X.lambdaKey(LE->getLambdaClass());
          Name = "lambda";
          IsLambda = true;
        }
      }
    }
    if (Callee.empty())
      continue;
    if (Id < 0)
      Id = pushIterateLoop(E, Api);
    CallSite Site;
    Site.loc = X.loc(S->getBeginLoc());
    Site.calleeUsr = Callee;
    Site.calleeName = Name;
    Site.calleeIsLambda = IsLambda;
    Site.loop = Id;
    addSite(std::move(Site), nullptr);
  }
}

int BodyWalker::pushIterateLoop(const Expr *E, const std::string &Api) {
  int Id = pushLoop(LoopKind::Algorithm, E->getBeginLoc(), Api);
  Loops.pop_back(); // the loop covers only the callable, not the rest of the statement
  return Id;
}

} // namespace riskgate::extract
