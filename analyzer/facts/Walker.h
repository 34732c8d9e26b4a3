// The facts stage's walkers, shared by the files that make each kind of fact (internal to
// analyzer/facts; nothing outside includes it). docs/architecture.md says which file makes
// what:
//   Extractor.cpp  where things are and what they are called: locations, USRs, names,
//                  variable keys, constant text, pack matches, the unit's headers
//   Loops.cpp      loops, their trip counts and exit conditions, the paths that leave them
//                  (return, break, throw), once-guards, schema-version checks
//   Calls.cpp      call sites: callees, virtual and queued calls, pack APIs, statements
//   SqlText.cpp    where SQL text comes from: constants, formats, streams, parameters, input
//   DataFlow.cpp   variables: results, assignments, what changes from one iteration to the next
//   FactExtractor.cpp  the entry point: which functions are walked
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/Facts.h"
#include "packs/RulePack.h"

namespace riskgate::extract {

using namespace clang;

/// Visits S and the statements below it in pre-order without recursion (the input shapes
/// the depth: a 30,000-operand `<<` chain is 30,000 levels). Visit returns false to skip a
/// statement's children. At most Budget statements are visited: every call in such a chain
/// walks its arguments, so an unbounded walk is quadratic in the chain's length. Returns
/// false when the budget ran out before the walk ended.
template <typename Fn> bool walkPreOrder(const Stmt *S, Fn Visit, size_t Budget = 4096) {
  llvm::SmallVector<const Stmt *, 32> Stack;
  if (S)
    Stack.push_back(S);
  while (!Stack.empty()) {
    if (Budget-- == 0)
      return false;
    const Stmt *Cur = Stack.pop_back_val();
    if (!Visit(Cur))
      continue;
    size_t Mark = Stack.size();
    for (const Stmt *C : Cur->children())
      if (C)
        Stack.push_back(C);
    std::reverse(Stack.begin() + Mark, Stack.end());
  }
  return true;
}

bool isComparison(BinaryOperatorKind Op);

/// Peels the wrappers that do not change which value an expression denotes.
const Expr *strip(const Expr *E);

/// The words of an identifier, lower case: `useTransactions_` -> use, transactions;
/// `EQApplicationPacket` -> eqapplication, packet.
std::vector<std::string> identifierWords(llvm::StringRef N);

/// A C library call that writes text into a buffer (its first argument): where the text
/// comes from, by argument index. snprintf/sprintf (and _FORTIFY_SOURCE's checked forms)
/// format; strcpy and friends copy a source; strcat appends one; memset clears.
struct BufferWrite {
  int format = -1; // the format's argument
  int values = -1; // the first value formatted
  int source = -1; // the text copied or appended
  bool append = false;
  bool clears = false;
};
std::optional<BufferWrite> bufferWrite(const Expr *E);

/// Everything the facts stage needs about one translation unit while it walks it.
class Extractor {
public:
  Extractor(ASTContext &Ctx, const PackSet &Packs, TuFacts &Out)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Packs(Packs), Out(Out) {}

  ASTContext &Ctx;
  SourceManager &SM;
  const PackSet &Packs;
  TuFacts &Out;

  SourceLoc loc(SourceLocation L);

  std::string fileName(FileID FID);

  /// Is L in a library's header? Decided by where the file lives (the system include
  /// folders), never by what it says about itself: `#pragma clang system_header` and `# 1
  /// "f" 3` line markers would let a project file hide its code.
  bool inSystemHeader(SourceLocation L);
  const std::vector<std::string> *SystemDirs = nullptr;
  std::map<std::string, bool> SystemByFile;

  const std::string &usr(const Decl *D);

  std::string lambdaKey(const CXXRecordDecl *Closure) {
    SourceLoc L = loc(Closure->getBeginLoc());
    return "lambda@" + L.file + ":" + std::to_string(L.line) + ":" + std::to_string(L.column);
  }

  /// Qualified name without template arguments or inline namespaces: the form packs use.
  std::string qualifiedName(const NamedDecl *D);

  std::string declFile(const Decl *D) {
    SourceLocation L = SM.getExpansionLoc(D->getCanonicalDecl()->getLocation());
    return fileName(SM.getFileID(L));
  }

  std::optional<PackSet::Match> packMatch(const FunctionDecl *FD);
  /// A construction that is itself an access (a SOCI rowset made from `sql.prepare << ...`
  /// runs its statement).
  bool constructsAccess(const CXXConstructExpr *CC) {
    auto M = CC ? packMatch(CC->getConstructor()) : std::nullopt;
    return M && M->api->kind != AccessKind::None;
  }

  std::string declKey(const ValueDecl *VD) {
    SourceLoc L = loc(VD->getLocation());
    return VD->getName().str() + "#" + std::to_string(L.line) + ":" + std::to_string(L.column);
  }

  /// A key for the variable an expression names, unique within one function.
  std::string varKey(const Expr *E);

  /// Constant string text of an expression, when the source fixes it.
  std::string constantString(const Expr *E, int Depth = 0);

  /// A variable whose initializer is all it ever holds: `const`/`constexpr`, or a global
  /// only this unit can see (`static const char *TABLE = "users";`, or one in an anonymous
  /// namespace) that nothing in the unit assigns, increments, takes the address of or
  /// binds to a non-const reference.
  bool fixedByInitializer(const VarDecl *VD);

private:
  bool WrittenScanned = false;
  std::set<const VarDecl *> WrittenGlobals;

public:
  /// Names of the macros whose expansion produced L (SQLITE_BUSY, ...), outermost last.
  void macroNames(SourceLocation L, std::vector<std::string> &Out);

  /// A class with begin() (a container, a row of values), not a pointer or a string.
  static bool isCollection(QualType T);

  /// Values a request carries (numbers, strings, standard containers of them), as opposed
  /// to the services a handler is given (connections, repositories).
  static bool isDataType(QualType T);
  /// A class named for a request (`request`, `HttpRequest`, `RequestContext`), outside the
  /// standard library, taken by const reference or pointer.
  static bool isRequestType(QualType T);

  void extractFunction(const FunctionDecl *FD);
  void extractLambda(const LambdaExpr *LE, const std::string &Key);

  void collectIncludes();

  /// Qt signal-slot connections made in this unit (facts/Calls.cpp, recordConnection).
  std::set<std::string> ConnectionsDone;

  /// The key of a function-pointer field, as calls through it and stores into it name it.
  std::string slotKey(const FieldDecl *FD) { return FunctionFact::SlotStorePrefix + usr(FD); }
  /// `driver_t::del_user`: the field by its record's name, or the typedef that names an
  /// anonymous C struct.
  std::string slotName(const FieldDecl *FD);
  /// `db->del_user`, `(*ops.run)`: the function-pointer field a call goes through.
  static const FieldDecl *slotCalled(const Expr *Callee);
  /// A field of function-pointer (or function-reference) type.
  static bool isFunctionSlot(const FieldDecl *FD);
  /// Every function a braced initializer stores in a function-pointer field of the struct it
  /// initializes (`static const driver_t pg = {&pg_open, .del_user = &pg_del_user}`); the
  /// walkers hand it every initializer list, nested ones included.
  void recordSlotStores(const InitListExpr *IL);
  /// Fn stored in the field Slot at L: the function that stands for the store (its key
  /// overrides the field's, it calls Fn with its parameters), once per unit.
  void recordSlotStore(const FieldDecl *Slot, const FunctionDecl *Fn, SourceLocation L);
  std::set<std::string> SlotStoresDone;
  /// Is MD declared in a `signals:` / `Q_SIGNALS:` section of its class?
  bool isQtSignal(const CXXMethodDecl *MD);

private:
  llvm::DenseMap<FileID, std::string> FileNames;
  llvm::DenseMap<const Decl *, std::string> Usrs;
  llvm::DenseMap<const Decl *, std::string> Names;
  llvm::DenseMap<const FunctionDecl *, std::optional<PackSet::Match>> Matches;
  std::set<std::string> LambdasDone;
  std::map<const CXXRecordDecl *, std::set<const Decl *>> SignalsOf;
};

/// Walks one function body: loops as a stack, every call as a CallSite.
class BodyWalker : public RecursiveASTVisitor<BodyWalker> {
  using Base = RecursiveASTVisitor<BodyWalker>;

public:
  BodyWalker(Extractor &X, FunctionFact &F);

  bool shouldVisitTemplateInstantiations() const { return true; }

  // Loops ---------------------------------------------------------------------------------

  bool TraverseForStmt(ForStmt *S);
  /// Qt's `foreach (x, list)`: a range-for over `list` with `x` as its element, however the
  /// macro expands (an `if (x = *i; false) {} else` body, or an inner loop run once).
  bool traverseQtForeach(ForStmt *S, const Expr *Container);

  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S);

  bool TraverseWhileStmt(WhileStmt *S);

  bool TraverseDoStmt(DoStmt *S);

  // Exit paths ----------------------------------------------------------------------------
  // A statement followed, in its block, by `return`, `throw`, a [[noreturn]] call or a
  // `break` runs at most once per iteration of what lies outside the loops that jump leaves.

  /// The loops a jump statement leaves, or nullopt if S is not one.
  std::optional<std::vector<int>> loopsLeftBy(const Stmt *S);

  /// A `throw` or a call of a [[noreturn]] function: the path leaves by an exception (or
  /// ends the program).
  static bool throwsOut(const Stmt *S);

  bool TraverseCompoundStmt(CompoundStmt *CS);
  /// The statement just before each `for` in its block.
  llvm::DenseMap<const Stmt *, const Stmt *> StatementBefore;

  // A try block whose handlers do not all end by throwing again catches what its body
  // throws: a throw there does not leave the function.
  bool TraverseCXXTryStmt(CXXTryStmt *S);

  // The initializer of a static local runs once per run of the program.
  bool TraverseVarDecl(VarDecl *VD);

  /// Runs Traverse for a `return` or a `throw`: every call in it leaves all the open loops
  /// (by an exception when Throws).
  template <typename Fn> bool leavingEveryLoop(bool Throws, Fn Traverse);
  bool TraverseReturnStmt(ReturnStmt *S);
  /// Records the variable a `return` hands back (FunctionFact::returnedVars).
  void noteReturned(const Expr *E);

  bool TraverseCXXThrowExpr(CXXThrowExpr *S);

  bool TraverseSwitchStmt(SwitchStmt *S);

  std::vector<int> exitedLoops() const;

  // Lambdas are functions of their own; the enclosing function calls them where they are
  // passed to an iterating algorithm, called, or (conservatively) where they are written.
  bool TraverseLambdaExpr(LambdaExpr *LE);

  // Result variables: `T v = call()` and `v = call()` -------------------------------------

  bool VisitVarDecl(VarDecl *VD);

  bool VisitBinaryOperator(BinaryOperator *BO);

  bool VisitUnaryOperator(UnaryOperator *U);

  bool VisitCompoundStmt(CompoundStmt *CS);

  bool TraverseIfStmt(IfStmt *S);
  /// Records the parameters an if tests (FunctionFact::paramTests).
  void recordParamTests(const Expr *Cond, const std::string &IfId);
  /// The then-branch of an `if` leaves when taken: -1 by `return` or `throw` (its last
  /// statement), the innermost loop's id by `continue`; nullopt otherwise.
  std::optional<int> leavesWhenTaken(const Stmt *Then) const;

  /// The truth of a constant a flag is compared with or set to: a bool literal, or a null
  /// pointer (`nullptr`, `0`, `NULL`) as false. Nothing for anything else.
  static std::optional<bool> truthOf(const Expr *E);

  /// The flag (a bool or a pointer, variable or member) a condition tests, and the value it
  /// runs on: `first` -> (first, true); `!done`, `done == false`, `p == nullptr` ->
  /// (done, false). An object tested for emptiness is a flag false while empty:
  /// `name.empty()`, `list.isEmpty()`, `s.isNull()` -> (name, false); `opt` -> (opt, true).
  static const ValueDecl *flagTest(const Expr *C, bool &Want);
  static const ValueDecl *flagOf(const Expr *E);
  /// The variable or member of this object an expression names, of any type.
  static const ValueDecl *objectOf(const Expr *E);
  /// The statement `D = Value;` standing unconditionally in Branch (the branch itself, or a
  /// statement of its block): the flip that makes the branch run once. A pointer set to
  /// anything but null (`p = new T`) is set to true; an object tested for emptiness is set
  /// to true by an assignment of anything but an empty literal or by adding to it.
  static const Stmt *unconditionalFlip(const Stmt *Branch, const ValueDecl *D, bool Value);
  /// Is D written anywhere in S but by Except (an assignment of any value, `++`, `&D`, D
  /// handed to a call, which may take it by reference, a non-const member call on it)? A
  /// walk cut short counts as yes.
  static bool writtenElsewhere(const Stmt *S, const ValueDecl *D, const Stmt *Except);
  /// What a branch guarded by a flag it flips runs at most once in.
  struct OnceBranch {
    int which = 0;           // 0: the then branch, 1: the else branch
    std::vector<int> loops;  // the loops of this function it runs at most once in
    bool perProgram = false; // the flag is a static local: once per run of the program
  };
  /// For `if (flag)` S: which branch flips the flag it runs on, and the loops that branch
  /// then runs at most once in (those entered after the flag was declared; every loop for
  /// a static local, which also makes it once per program). Nothing when anything else
  /// re-arms the flag in those loops (in the function, for a static local).
  std::optional<OnceBranch> onceBranch(const IfStmt *S);

  /// A comparison of a schema version (`dbversion < 12`, `m_schemaVersion <= 3`,
  /// `db.userVersion() < kCurrent`): the branch it guards runs on an upgrade.
  /// Only "the stored version is below a target" counts (`v < K`, `v <= K`, `K > v`,
  /// `K >= v`), alone or in an `&&`: not two versions compared (`remote.version >
  /// local.version`), not a version above something (`clientVersion >= 2`), not an `||`
  /// (`hot || dbversion < 3` runs on the normal path too).
  static bool isVersionCheck(const Stmt *S, int Depth);
  /// A literal, an enumerator or a const variable (`kSchemaVersion`, `DB_VERSION`): a target.
  static bool isConstantRef(const Expr *E);
  static bool namesVersion(const Expr *E);

  /// The parameter a printf-style call used as its format, for text made by it:
  /// `char *q = sqlite3_vmprintf(fmt, args); query(q);` -> fmt.
  const ParmVarDecl *formatParamBehind(const Expr *E, int Depth);

  // Calls ---------------------------------------------------------------------------------

  /// The parameter an argument passes on unchanged, through the conversions wrappers use to
  /// hand a string to a C API: `sql.c_str()`, `sql.data()`, `q.toUtf8().constData()`,
  /// `std::string(sql)`, `QString(sql)`.
  static const ParmVarDecl *parameterBehind(const Expr *E);
  /// Where a field access reads what a client sent: a request (or packet) parameter, or a
  /// call that hands out a packet it received (`stream->PopPacket()`); through members,
  /// `*`, `[]`, casts, and a local set once from such an access.
  struct ClientData {
    const ParmVarDecl *param = nullptr;
    const FunctionDecl *reader = nullptr;
  };
  ClientData requestBehind(const Expr *E, int Depth);
  static constexpr int MaxClassifyDepth = 8;

  /// A function that returns text read from outside the program.
  bool isInput(const FunctionDecl *FD);

  /// What an argument is once the conversions that keep the text are peeled off.
  static const Expr *behindConversions(const Expr *E);

  /// The function that reads input (isInput) in an expression, qualified, or empty.
  std::string inputReadIn(const Stmt *S);

  /// True if E is text handed on whole from one source, with no SQL written around it: a
  /// read of input (`f.readAll()`), an accessor of a parameter (`mime->data("text/plain")`),
  /// or a local assigned once from one of those (`QByteArray text = f.readAll();`).
  bool handedWhole(const Expr *E, int Depth = 0);

  /// The stream at the bottom of a `<<` chain: `(os << a) << b` is os. Remembered for every
  /// link on the way down, so that visiting each link of a long chain stays linear.
  const Expr *streamOf(const CXXOperatorCallExpr *Top);
  llvm::DenseMap<const CXXOperatorCallExpr *, const Expr *> StreamOf;
  /// The right operands of the `<<` links above the bottom link of a chain, in the order
  /// they are written: `sql << "DELETE FROM " << name` has {name} for `sql << "DELETE FROM "`.
  /// Filled when the chain's top link is visited (before the links below it).
  llvm::DenseMap<const Expr *, llvm::SmallVector<const Expr *, 4>> StreamTail;
  llvm::DenseSet<const Expr *> StreamLinks; // links already part of a chain seen from its top
  void noteStreamChain(const CXXOperatorCallExpr *Top);
  /// The SQL of a stream API (`sql-stream` in its pack) that the links above it add to:
  /// the text of every piece in order, or the constant text before the first piece that is
  /// not constant, and how the pieces were built.
  void streamedSql(CallSite &S, const Expr *First, llvm::ArrayRef<const Expr *> Tail);
  /// The first piece of a `+` chain (or of what a local holding one was set to) that is
  /// not constant text: what follows the leading literal. Null when there is none.
  const Expr *firstRunTimePiece(const Expr *E, int Depth = 0);
  /// The variable key of such a piece (through conversions and `.c_str()`), or empty.
  std::string pieceVar(const Expr *Piece);

  bool VisitCallExpr(CallExpr *E);

  bool VisitInitListExpr(InitListExpr *IL) {
    X.recordSlotStores(IL);
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *E);

private:
  int currentLoop() const { return Loops.empty() ? -1 : Loops.back(); }

  /// Opens a loop; Loop is its statement (none for an algorithm's callable), kept in
  /// LoopStmts for what asks where a loop begins and ends.
  int pushLoop(LoopKind K, SourceLocation L, std::string Label, const Stmt *Loop = nullptr);
  /// Traverses the body of loop Id, where a `break` leaves that loop.
  void traverseLoopBody(int Id, Stmt *Body);

  void traverseCondition(int Id, Stmt *S);

  /// Records which variables and macros decide when loop Id ends: its condition and the
  /// conditions of `if (...) break;`/`return` statements directly in its body.
  void analyzeExits(int Id, const Expr *Cond, const Stmt *Body);

  void collectConditionVars(const Stmt *Root, bool RootComparedToConstant, LoopFact &L);

  bool isConstant(const Expr *E);

  std::optional<int64_t> intConstant(const Expr *E);

  /// `for (int i = A; i < B; ++i)` with constant A and B, or a loop whose body starts with
  /// `if (i > B) break;` on such a counter: the fewer of the two bounds.
  std::optional<int64_t> forTripCount(const ForStmt *S);
  std::optional<int64_t> conditionBound(const ForStmt *S);
  std::optional<int64_t> breakGuardBound(const ForStmt *S);

  std::optional<int64_t> rangeTripCount(const CXXForRangeStmt *S) {
    return fixedSize(S->getRangeInit(), 0);
  }

  /// The element count of a range fixed in the source: a braced list, an array, a
  /// std::array, a constant container initialized from a braced list
  /// (`static const std::vector<std::string> kTables = {"a", "b"}`), or what a function
  /// returns when every return is one of those.
  std::optional<int64_t> fixedSize(const Expr *E, int Depth);

  /// The calls whose value flows into Key: through parentheses, casts, `!`, comparisons and
  /// single-argument conversions. For a Condition (markOutcome), through `&&` and `||` too,
  /// and a call already given a variable keeps it.
  void markResult(const Expr *RHS, const std::string &Key, bool Condition = false);

  /// `if (mysql_real_query(...) != 0) { log(); return false; }`, `if (execute(st) != 0) log();
  /// else ret = 0; ... return ret;`: in a function that returns a status, an `if` on a call's
  /// result with a branch that returns a constant (or sets the variable returned to one)
  /// makes the function's return value report how that call went. The calls that decide the
  /// condition get the result variable "<outcome>" (CallSite::resultVar).
  void markOutcome(const IfStmt *S);
  bool returnsConstant(const Stmt *Branch);
  /// Does the branch log (a call or macro named for it, a write to std::cerr or stderr)?
  bool logs(const Stmt *Branch);
  /// Does the condition ask only whether a transaction is open (`!db->inTransaction()`,
  /// `m_transactionStarted && !m_committed`)? A call named for a transaction (taking no
  /// arguments), or a variable or member named for one, and no other call.
  bool asksTransactionState(const Expr *Cond);

  void recordUnresolved(const CallExpr *E, const char *What);

  /// A call through a function-pointer field: dispatched, as a virtual call is, to the
  /// functions stored in that field (recordSlotStore).
  void recordSlotCall(const CallExpr *E, const FieldDecl *Slot);
  /// `ops->del_user = &pg_del_user;`: a store into a function-pointer field.
  void noteSlotAssignment(const BinaryOperator *BO);

  /// What each argument of a call to the program's own code carries: where its text comes
  /// from, its constant text or leading text, the variables it reads.
  void describeArgs(CallSite &S, llvm::ArrayRef<const Expr *> Args);
  /// The variables a call's arguments (and object) read, and its argument text.
  void readArgs(CallSite &S, llvm::ArrayRef<const Expr *> Args, const Expr *Object);

  void recordCall(const Expr *E, const FunctionDecl *Callee, bool Virtual,
                  llvm::ArrayRef<const Expr *> Args, const Expr *Object);

  /// Qt's queued call by name, `QMetaObject::invokeMethod(obj, "refresh", ...)`, with a
  /// literal name on a receiver whose class is known: a call edge to that method (the
  /// class's own or a base's; the first overload declared).
  bool recordQueuedCall(const Expr *E, const FunctionDecl *Callee,
                        llvm::ArrayRef<const Expr *> Args);

  /// Qt's `connect(sender, &Sender::changed, receiver, &Receiver::refresh)`, or with
  /// SIGNAL()/SLOT() names, for a signal the program declares: a function of its own (the
  /// connection) that overrides the signal and calls the slot with the signal's arguments,
  /// and every call of the signal (`emit changed(x)`) dispatches to it, as a virtual call
  /// does to an override. The connect call itself runs nothing.
  bool recordConnection(const Expr *E, const FunctionDecl *Callee,
                        llvm::ArrayRef<const Expr *> Args, const Expr *Object);

  /// std::for_each and friends: a loop of their own around each callable argument.
  void recordIteration(const Expr *E, const std::string &Api, llvm::ArrayRef<const Expr *> Args);

  int pushIterateLoop(const Expr *E, const std::string &Api);

  void addSite(CallSite S, const Expr *E);

  // Data flow ---------------------------------------------------------------------------

  void collectVars(const Stmt *Root, std::vector<std::string> &Out);
  /// Key's value comes from From: every variable From reads, and the input it reads if any
  /// ("input:" + the reading function), become Key's dependencies. Returns the variables.
  std::vector<std::string> dependOn(const std::string &Key, const Stmt *From);

  /// A call in an argument whose result may differ from one evaluation to the next: any
  /// but const methods, operators and constructors.
  bool hasOpaqueCall(const Stmt *Root);

  bool isModified(int L, const std::string &V) const {
    const auto &M = F.loops[L].modifiedVars;
    return std::find(M.begin(), M.end(), V) != M.end();
  }

  void addModified(int L, const std::string &V) {
    if (!V.empty() && !isModified(L, V))
      F.loops[L].modifiedVars.push_back(V);
  }

  /// Key is written: by an assignment from RHS (may be null), ++, &, a non-const reference.
  /// AtSeq: the sequence point of the call that writes (0: a new one).
  void assigned(const std::string &Key, const Expr *RHS, int AtSeq = 0);

  /// A mutex or another lock: locking it (lock_guard, m.lock()) changes no data the rules
  /// follow. Without this, a helper that locks a member mutex before a query under an `if`
  /// looked like a buffer that flushes behind a condition.
  static bool isSynchronization(const Expr *E);

  /// Objects a call may change: the object of a non-const method, variables passed by
  /// non-const reference, arrays passed to non-const pointers (snprintf's buffer).
  void noteWrites(const Expr *E, const FunctionDecl *Callee, llvm::ArrayRef<const Expr *> Args,
                  const Expr *Object, bool IsApi, int AtSeq = 0);

  void markDiscarded(const Stmt *S);

  static constexpr unsigned MaxArgTextBytes = 4096;

  std::string argsText(const Expr *Object, llvm::ArrayRef<const Expr *> Args);

  /// Constant text of an expression: literals, constants, and local strings defined once
  /// from those (`std::string sql = "SELECT ..."; run(sql.c_str())`).
  std::string constantText(const Expr *E, int Depth = 0);
  /// The text a buffer write leaves in the buffer, when constant: a format with no
  /// conversions (and no values), or a constant source copied.
  std::string bufferText(const CallExpr *CE, const BufferWrite &W, int Depth);
  /// `buf[n - 1] = 0`: a C string's terminator stored into it, no text of its own.
  static bool isTerminator(const Expr *Def);
  /// Every constant text a local may hold where it is read: its one constant, or each
  /// constant it is set to (`static QString driver; driver = avail ? "QSQLITE3" : ...;`,
  /// `driver = "QSQLITE"` on another path). Empty when any definition is not constant.
  std::vector<std::string> constantCandidates(const Expr *E);
  /// The texts an SQL argument with no one constant text may be, each constant: the arms of
  /// a conditional, the elements of a constant array of literals it indexes (`kSchema[i]`;
  /// a null element ends the list, it is no text). Empty when any is not constant, or when
  /// they are one text.
  std::vector<std::string> sqlCandidates(const Expr *E);
  /// Each element's constant text of the const array of literals E names; empty when any is
  /// not constant or the array may be written.
  std::vector<std::string> arrayCandidates(const Expr *E);
  /// Every use of a local array in its function reads an element or walks it (no element
  /// is assigned, incremented or has its address taken; the array is handed to no call).
  bool onlyReadElements(const VarDecl *Array);
  /// The one definition of the local variable S names (not a parameter), or null: what a
  /// local defined once stands for (`std::string sql = ...; run(sql)`).
  const Expr *onlyDefinition(const Expr *S);
  /// The constant text written just before the parameter named P where the SQL expression E splices
  /// it in (`"... WHERE " + filter`, `format("... WHERE {}", t, filter)`, a local defined
  /// once from such). Empty when it cannot be told.
  std::string textBeforeParam(const Expr *E, llvm::StringRef P, int Depth = 0);
  /// Taint, marked "clause " when it is a parameter spliced into E as a whole clause of the
  /// statement (right after WHERE, AND, OR, ORDER BY, GROUP BY, HAVING or SET): SQL the
  /// function takes from its callers by design, not a value put into SQL.
  std::string clauseTaint(const Expr *E, const std::string &Taint);

  /// The literal a string built at run time starts with: `"UPDATE t SET " + x` -> "UPDATE t SET ".
  std::string leadingText(const Expr *E, int Depth = 0);
  /// A default construction (`std::string query;`): a variable that starts empty.
  static bool emptyConstruction(const Expr *E);
  /// The USR of the project function whose returned value E is, through conversions and a
  /// local defined once (`m_sql << index.creationQuery(t)`, `auto q = buildSql(id); run(q)`);
  /// empty otherwise.
  std::string projectCallBehind(const Expr *E, int Depth = 0);
  /// Parameter P holds an object of the program's own class RD: not a system class, not
  /// text (a string class of the program's own), not a request. What is read from it is the
  /// object's state, not text the caller wrote.
  bool ownObject(const ParmVarDecl *P, const CXXRecordDecl *RD);

  /// How a string was built (dynamic-sql): literals only, integers formatted in, or other
  /// strings, following local variables to their definitions.
  std::pair<SqlOrigin, std::string> classify(const Expr *E, int Depth, std::set<std::string> &Seen);

  Extractor &X;
  FunctionFact &F;
  std::vector<int> Loops;
  std::vector<int> BreakTargets; // innermost last: a loop id, or -1 for a switch
  std::map<int, std::vector<std::string>> RangeFrom; // range-for id -> variables of its range
  std::map<const VarDecl *, const Expr *> RangeOf;   // a range-for's element -> its range
  std::map<int, const Stmt *> LoopStmts;             // loop id -> its statement
  std::vector<std::vector<int>> ExitStack; // loops left by jumps after the current statement
  std::map<const VarDecl *, size_t>
      DeclLoopDepth; // how many loops were open at a local's declaration

public:
  const Stmt *Root = nullptr; // the body walked: where a flag could be re-armed
  /// What the function returns: a status (bool, an integer, an enum) can report how the
  /// calls it makes went.
  QualType ReturnType;

private:
  /// The declarations the body's `return` statements name (`return ret;`), found on first
  /// use.
  std::optional<std::set<const ValueDecl *>> ReturnedLocals;

public:
private:
  int CondLoop = -1;
  int UpgradeDepth = 0; // inside a branch that runs on a schema upgrade
  int OnceDepth = 0;    // inside what runs once per program (a static local's set-up)
  // Per statement with a jump after it, innermost last: is that jump a throw (or a
  // [[noreturn]] call)?
  std::vector<bool> NextJumpThrows;
  std::vector<bool> NextJumpLeaves; // ... and is it a way out of the function?
  int CatchingDepth = 0;            // inside a try block of this function that catches
  int Seq = 0;
  int IfCounter = 0;
  std::vector<std::string> Branch;
  llvm::DenseSet<const Expr *> Discarded;
  llvm::DenseMap<const CXXConstructExpr *, std::string> Constructed;
  std::map<std::string, std::vector<const Expr *>> VarDefs;
  /// The definitions in VarDefs that replace the whole value (an initializer, `=`), not add
  /// to it (`+=`, `<<`, `append`): a text variable reused for several statements holds,
  /// where it is used, what the last of them put in.
  llvm::DenseSet<const Expr *> WholeDefs;
  /// For a local variable an access or a project function was handed (`q.exec(sql)`,
  /// `run(sql.c_str())`), how many of its VarDefs there were then: a value put in whole after
  /// that is the text of the next statement it is handed to.
  std::map<std::string, size_t> DefsWhenUsed;
  bool ReturnedTextMixed = false; // returns start with different keywords (noteReturned)
  llvm::DenseMap<const Expr *, std::string> ResultVars;
  llvm::DenseMap<const LambdaExpr *, int> IterateLambdas;
  /// Lambdas handed to QObject::connect as the slot: they run when the signal is emitted,
  /// not where they are written.
  llvm::DenseSet<const LambdaExpr *> ConnectedLambdas;
};

} // namespace riskgate::extract
