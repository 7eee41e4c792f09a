// Exec: one step of one thread, in progress. Internal to the VM (interpreter.cc runs the
// instruction loop, ops.cc the operations on values, builtins.cc the builtin functions, the
// methods and the primitives' Python faces).
//
// Handlers follow one rule: decide visibility first (Gate), before any side effect, because a
// visible instruction that is not the step's first ends the step *before* it and is executed
// again, from scratch, by the next step of this thread.
#ifndef LOCKCHECK_SCENARIOS_VM_EXEC_H_
#define LOCKCHECK_SCENARIOS_VM_EXEC_H_

#include <initializer_list>
#include <string>
#include <optional>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "primitives/lock.h"
#include "primitives/routine.h"
#include "scenarios/lang/bytecode.h"
#include "scenarios/lang/ast.h"
#include "scenarios/vm/format.h"
#include "scenarios/vm/machine.h"
#include "scenarios/vm/runtime.h"

namespace lockcheck {

// The choices a pending operation has in `m` (see Interpreter::Choices).
uint32_t PendingChoices(const Machine& m, int t, const Pending& p);

using Args = absl::InlinedVector<Value, 8>;
using KwNames = absl::InlinedVector<Value, 4>;

// What a step of a thread running alone remembers to see its states repeat (Exec's
// AloneStateRepeats). At namespace scope rather than nested in Exec: clang cannot construct a
// nested class with default member initializers inside its enclosing class's members
// (std::optional::emplace of it does not compile there).
struct AloneCycleCheck {
  uint64_t saved = 0;  // the fingerprint compared against (0: none; fingerprints never are)
  uint64_t power = 1;  // Brent's: the saved state is replaced after `power` more operations
  uint64_t since = 1;  // states looked at since it was saved
  uint64_t next = 0;   // the instruction count (budget_used_) of the next look
  struct Site {
    size_t depth = 0;
    int32_t code = 0, pc = 0;
  };
  Site start_site;            // where the step started: its frames and operation
  uint64_t start = 0;         // the fingerprint of the state it started from
  uint64_t next_at_start = 0;  // the instruction count of the next look back at the start
  PackedState packed;
  PackScratch scratch;
};

class Exec {
 public:
  Exec(const Runtime& rt, Machine& m, int tid, uint32_t choice, StepOutput& out)
      : rt_(rt), m_(m), tid_(tid), choice_(choice), out_(out) {}

  void Run();
  // Drops the step's garbage; false (after an input error) when the live heap is too large.
  bool CompactHeap();

  // ---- state -----------------------------------------------------------------------------
  static bool IsNative(const Frame& f) { return f.code >= kNativeBase; }
  // The innermost Python frame: where a native routine was called from.
  const Frame& CallSite() {
    const auto& frames = T().frames;
    for (size_t i = frames.size(); i-- > 0;)
      if (!IsNative(frames[i])) return frames[i];
    return frames.front();
  }
  SourceSpan SiteSpan() {
    const Frame& f = CallSite();
    return CodeOf(f).info[f.pc].span;
  }
  ThreadRec& T() { return m_.threads[tid_]; }
  Frame& F() { return T().frames.back(); }
  const Code& CodeOf(const Frame& f) const { return rt_.program.codes[f.code]; }
  const Code& C() { return CodeOf(F()); }
  std::vector<Value>& S() { return T().values; }
  void Push(Value v) { T().values.push_back(v); }
  Value Pop() {
    Value v = T().values.back();
    T().values.pop_back();
    return v;
  }
  Value& Top(size_t i = 0) { return T().values[T().values.size() - 1 - i]; }
  Interner& I() const { return *rt_.interner; }
  Machine& m() { return m_; }

  // ---- visibility ------------------------------------------------------------------------
  // The choice to run a visible operation with, or 0: the step ends before it.
  uint32_t Gate(const Pending& p);
  // Opens the trace record of the visible operation that passed its gate.
  void OpenRecord(const Pending& p);
  // Critical sections (routine_context.cc): at a gate, a suspended top-most section resumes
  // before the thread's next operation (kYield: wait for it; kRun: it resumes in this step),
  // and a thread holding sections that would block suspends them first (kRun).
  enum class SectionAction { kNone, kYield, kRun };
  SectionAction SectionStep(const Pending& p);
  void RunSectionStep(const Pending& p);
  // time.sleep detaches: the sleeping thread's sections are suspended.
  void SleepDetaches();
  uint32_t GateAlways() { return Gate(Pending{}); }
  // Copies what `p` touches into the trace record (OpRecord::access, global, object).
  void NoteAccess(const Pending& p, OpRecord& r) const;
  // A kAlways operation whose footprint is known (see Access).
  uint32_t GateAccess(Access a, Value obj = Value::None()) {
    return Gate(Pending{PendingKind::kAlways, static_cast<uint8_t>(a), obj});
  }
  // An operation on `v` that is visible when `v` is a shared container: false when the step
  // must end before it (as Gate's 0); true when `v` is not shared or the operation runs now.
  bool GateShared(Value v, Access a = Access::kRead) {
    if (IsIterLike(v)) return GateValues(Value::None(), a, &v, 1, false, false);
    return !Shared(v) || GateAccess(a, v) != 0;
  }
  // A live iterator or a dict view: reading it reads what it walks (IterTouches).
  bool IsIterLike(Value v) const {
    return m_.Is(v, ObjType::kIterator) || m_.Is(v, ObjType::kDictView);
  }
  // Whether `v` is shared mutable state whose reading is a visible operation: a list, deque,
  // dict, set or live iterator (which a step moves) that another thread may reach (Machine::Publish). A container only this thread can
  // reach is its own business: operations on it are invisible.
  bool Shared(Value v) const {
    return v.is_obj() && (m_.IsListLike(v) || m_.Is(v, ObjType::kDict) ||
                          m_.Is(v, ObjType::kSet) || m_.Is(v, ObjType::kIterator)) &&
           m_.IsShared(v);
  }
  // Whether reading the *value* of `v` (==, <, in, repr, sorted, ...) observes shared mutable
  // state: a shared container anywhere inside it, looking through the containers and tuples
  // only this thread reaches; with `repr`, also a shared primitive or Thread (whose repr shows
  // its state). Conservative: a structure too deep or too large to scan counts as shared.
  bool ReachesShared(Value v, bool repr = false) const;
  // The same for the items of `v` (a container or tuple), whatever `v` itself is.
  bool ItemsReachShared(Value v, bool repr = false) const;
  // The footprint of an operation that accesses container `self` as `a` (None: no such
  // container) and reads `reads` (their values when `deep`, else only the containers
  // themselves, as `+` does), and with `self_deep` the values of self's items: false when
  // nothing it touches is shared (invisible); else `obj` is self or the one shared container
  // it reads, `access` its access, or kUnknown when it reads shared state beyond that one.
  bool ValueFootprint(Value self, Access a, const Value* reads, size_t nreads, bool self_deep,
                      bool deep, bool repr, Access* access, Value* obj) const;
  // Gate for such an operation: as GateShared.
  bool GateValues(Value self, Access a, const Value* reads, size_t nreads, bool self_deep,
                  bool deep = true, bool repr = false) {
    Access access;
    Value obj;
    if (!ValueFootprint(self, a, reads, nreads, self_deep, deep, repr, &access, &obj))
      return true;
    return GateAccess(access, obj) != 0;
  }
  bool tracing() const { return out_.trace != nullptr && record_ >= 0; }
  // Takes the current instruction's jump to `target`, noting it where the step's caller
  // watches it (StepOutput::watched_jumps).
  Flow JumpTo(int32_t target) {
    if (out_.watched_jumps != nullptr && (*out_.watched_jumps)[F().code][F().pc])
      out_.took_watched_jump = true;
    F().pc = target;
    return Flow::kJumped;
  }
  void Outcome(std::string text);
  void SetOp(std::string text);
  void Print(absl::string_view text);

  // ---- errors ----------------------------------------------------------------------------
  // Raises a Python exception at the current instruction and unwinds. Returns kUnwound.
  Flow Raise(Builtin type, std::string message, bool reported = false);
  // Raises a new exception object at the current instruction (its location, the trace line).
  Flow Throw(Value exc);
  // Unwinds with `exc` as it is (re-raise).
  Flow RaiseValue(Value exc);
  // The scenario cannot be checked: reports a diagnostic at the current instruction.
  Flow InputError(std::string message);
  SourceLoc Here();
  Flow RaiseUnboundModuleAttr(const Instr& in);
  void Report(VmEvent::Kind kind, std::string type, std::string message);

  // ---- values (ops.cc) -------------------------------------------------------------------
  std::string TypeName(Value v) const;
  bool Truthy(Value v) const;
  bool Eq(Value a, Value b) const;
  // a < b (op kLt) etc.; nullopt after raising TypeError.
  std::optional<bool> Order(Value a, Value b, ast::Op op);
  // Sorts as list.sort does (scenarios/vm/sort.cc); false once a comparison has raised.
  bool SortItems(Args& items, bool reverse);
  std::string Str(Value v) const;
  std::string Repr(Value v) const;
  bool IsNumber(Value v) const;
  bool IsInt(Value v) const;  // int or bool
  int64_t IntOf(Value v) const;
  double FloatOf(Value v) const;  // of an int, bool or float
  // A new int; an input error (64-bit overflow) yields nullopt.
  std::optional<Value> MakeInt(__int128 i);
  Value MakeStr(absl::string_view s) { return I().Str(s); }
  absl::string_view StrOf(Value v) const { return I().StrOf(v); }
  Flow Binary(ast::Op op, Value a, Value b, bool in_place, Value* out);
  Flow Unary(ast::Op op, Value a, Value* out);
  // `item in container`; false after raising.
  Flow Contains(Value container, Value item, bool* out);
  // New objects; nullopt (after an input error) when larger than the limit.
  std::optional<Value> NewSequence(ObjType type, size_t size);
  // The items of an iterable (list, tuple, str, dict keys, range) into `out`.
  Flow Items(Value iterable, Args& out);
  Flow Subscript(Value container, Value index, Value* out);
  Flow StoreSubscript(Value container, Value index, Value value);
  Flow Slice(Value container, Value lower, Value upper, Value step, Value* out);
  // Dict helpers: index of key's pair, or -1. Raise TypeError for unhashable keys.
  Flow DictFind(Value dict, Value key, int64_t* index);
  Flow DictSet(Value dict, Value key, Value value);

  // ---- sets (sets.cc) --------------------------------------------------------------------
  // TypeError("unhashable type: ...") for a list, dict, set or a tuple holding one; a class
  // instance with its own __hash__ is refused (`as` says what it would have been: "a dict key").
  Flow CheckHashable(Value key, absl::string_view as);
  // KeyError(key), with the key as its args.
  Flow RaiseKeyError(Value key);
  bool IsSetLike(Value v) const { return m_.Is(v, ObjType::kSet) || m_.Is(v, ObjType::kFrozenSet); }
  // The index of `key` in set `set`, or -1 (a set as key is looked up as a frozenset).
  Flow SetFind(Value set, Value key, int64_t* index);
  Flow SetAdd(Value set, Value key);
  // A new set (or frozenset) of an iterable's items.
  Flow NewSetOf(ObjType type, Value iterable, Value* out);
  // Whether sets a and b hold the same items (a const search: their items are hashable).
  bool SetEq(Value a, Value b) const;
  // == when a dict view is an operand (a keys view compares as a set).
  bool ViewEq(Value a, Value b) const;
  // a < b, a <= b, ... on two sets: subset and superset.
  bool SetOrder(Value a, Value b, ast::Op op) const;
  // |, &, -, ^ (and |=, ...) when `a` is a set or frozenset; false when it is not theirs.
  bool SetBinary(ast::Op op, Value a, Value b, bool in_place, Value* out, Flow* f);
  Flow SetMethod(Value self, Attr attr, const Value* args, size_t nargs, Value* result);
  Flow SetBuiltin(Builtin b, const Value* args, size_t npos, size_t nkw, Value* result);
  // The instructions kBuildSet, kSetAdd and kMapAdd.
  Flow CollectionOp(const Instr& in);
  std::string SetRepr(Value v) const;
  // ---- live iterators and dict views (iterators.cc) -------------------------------------
  Value NewIterator(IterKind kind, Value source);
  Value NewDictView(Value dict, IterMode mode);
  std::string IteratorTypeName(Value v) const;
  std::string DictViewTypeName(Value v) const;
  std::string DictViewRepr(Value v) const;
  // iter(x): a live iterator over x (x itself when it is one).
  Flow IterOf(Value x, Value* out);
  // Advances `it`, a node of the iterators `root` consumes: *has and *item, or kJumped when a
  // map's or filter's Python function was called (the instruction runs again on its return).
  Flow IterStep(Value root, Value it, Value* item, bool* has);
  Flow IterStepNode(Value root, Value it, Value* item, bool* has);
  Flow SeqStep(Value it, Value* item, bool* has);
  Flow ReversedStep(Value it, Value* item, bool* has);
  Flow SizeChanged(Value source);
  Flow CallIterFn(Value root, Value node, Value fn, const Args& args, Value* result,
                  bool* called);
  Flow IterCallReturned(Value result);
  Flow IterGenReturned();
  // Drops what the nodes under root had fetched for a step that an exception ended.
  void ResetIterChain(Value root);
  // What stepping `v` (an iterator or view) reads, and the shared iterators it moves.
  void IterTouches(Value v, Args& reads, Args& writes) const;
  Flow IteratorItems(Value it, Args& out);
  Flow IteratorContains(Value it, Value item, bool* out);
  Flow ViewContains(Value view, Value item, bool* out);
  // kGetIter of a view or an iterator; kForIter of an iterator.
  Flow GetIterObject(Value x);
  Flow IterForNext(const Instr& in);
  // iter, enumerate, zip, map, filter, reversed.
  Flow IterBuiltin(Builtin b, const Value* args, size_t npos, const Value* kwnames, size_t nkw,
                   Value* result);

  // hash, id and callable (object_builtins.cc).
  Flow ObjectBuiltin(Builtin b, const Value* args, size_t npos, size_t nkw, Value* result);
  // getattr, setattr, hasattr and delattr (attr_builtins.cc): the `.` operator's own lookup
  // (LoadAttr, StoreAttr, DeleteAttr) with a name known at run time.
  Flow AttrBuiltin(Builtin b, size_t nargs, const Value* kwnames, size_t nkw, size_t below);

  // ---- threading.local (local.cc) --------------------------------------------------------
  // threading.local(*args, **kwargs): a new local.
  Flow NewLocal(size_t nargs, Value* result);
  // The attribute `name` of local `local` in this thread: read (store and del null), written
  // (store) or deleted (del). Never a visible operation: no other thread can see it.
  Flow LocalAttr(Value local, Value name, const Value* store, bool del, Value* out);

  // ---- threading.excepthook (excepthook.cc) ----------------------------------------------
  // An exception leaves the bottom frame of a threading.Thread whose program installed its own
  // threading.excepthook: the hook is called in the thread (true; *flow says how to go on).
  bool CallExceptHook(Value exc, Flow* flow);
  // The default hook, threading.excepthook(args) (also threading.__excepthook__).
  Flow DefaultExceptHook(const Value* args, size_t nargs, size_t nkw, Value* result);
  // The attributes of an ExceptHookArgs.
  Flow ExceptHookArgsAttr(Value obj, Value name, Value* out);
  // threading.excepthook = hook.
  Flow StoreExceptHook(Value hook);

  // ---- _thread.interrupt_main (interrupt.cc) ---------------------------------------------
  Flow InterruptMain(const Value* args, size_t nargs, const Value* kwnames, size_t nkw,
                     Value* result);
  // The main thread at an instruction boundary with the flag set: clears it and raises
  // KeyboardInterrupt there.
  Flow RaiseInterrupt();

  // ---- del (delete.cc) -------------------------------------------------------------------
  // The instructions kDeleteFast, kDeleteDeref, kDeleteGlobal, kDeleteSubscr, kDeleteAttr.
  Flow DeleteOp(const Instr& in);
  Flow DeleteSubscript(Value container, Value index);
  Flow DeleteSlice(Value container, Value lower, Value upper);
  Flow DeleteAttr(Value obj, Value name);

  // ---- calls (builtins.cc) ---------------------------------------------------------------
  // Calls the callable at stack depth `nargs` below the top, with the last kw.size() arguments
  // passed by keyword. On return the callable and arguments are replaced by the result (or a
  // frame was pushed for a Python function).
  // `below` is how many stack slots under the arguments belong to the call (the callable, and
  // the empty method slot of a module member called as a method).
  Flow Call(size_t nargs, const Value* kwnames, size_t nkw, size_t below = 1);
  Flow CallMethod(size_t nargs, const Value* kwnames, size_t nkw);
  Flow LoadAttr(Value obj, Attr attr, Value name, Value* out);
  Flow ModuleAttr(Value obj, Value name, const Value* store, Value* out);
  static bool IsDunder(absl::string_view name);
  Flow UnmodelledAttribute(Value obj, Value name);
  // The type's name as CPython's AttributeError spells it ("_thread.lock", "collections.deque",
  // "Queue").
  std::string ErrorTypeName(Value v) const;
  // The class of a kQueue object: queue.Queue, LifoQueue or SimpleQueue (its QueueKind).
  Builtin QueueClass(Value q) const {
    switch (m_.payload(q)[kQueueKind].small_int()) {
      case kLifoQueue: return Builtin::kLifoQueueType;
      case kSimpleQueue: return Builtin::kSimpleQueueType;
      default: return Builtin::kQueueType;
    }
  }
  Flow StoreAttr(Value obj, Attr attr, Value name, Value value);
  Flow WithEnter(Value mgr);
  Flow WithExit(Value mgr);
  // The function name a Thread's default name shows ("worker").
  std::string CallableName(Value v) const;

  // ---- classes (classes.cc) --------------------------------------------------------------
  // The user class of an instance (a kInstance, or a Thread or exception object made by a
  // class statement's class), else None.
  Value ClassOf(Value v) const;
  std::string ClassName(Value cls) const;
  std::string ClassDisplayName(Value c) const;  // a class or builtin type's __name__
  // Looks `name` (an interned str) up in the dicts of cls's MRO from position `start`.
  bool FindInMro(Value cls, Value name, Value* out, size_t start = 0) const;
  // The builtin exception type an exception object is (or derives from).
  Builtin ExcBuiltin(Value exc) const;
  // Whether class or builtin type `cls` is `base` or derives from it.
  bool ClassIsSubclass(Value cls, Value base) const;
  bool ExcMatches(Value exc, Value type) const;
  bool IsExceptionClass(Value t) const;
  // type(v): a class or a Builtin type; None for a value whose type lockcheck does not name.
  Value TypeOfValue(Value v) const;
  // Whether obj's attributes are looked up by classes.cc (classes, instances, super objects,
  // exceptions, Thread subclasses' instances).
  bool HasUserAttrs(Value obj) const;
  Flow MakeClass(Value name, size_t nbases);
  Flow ClassSetAttr(Value name);
  Flow CallClass(Value cls, size_t nargs, const Value* kwnames, size_t nkw, size_t below);
  Flow CallFunctionWithSelf(Value fn, Value self, const Value* args, size_t nargs,
                            const Value* kwnames, size_t nkw);
  // object/Thread/BaseException.__init__ on `self` (`who`: the class called, for messages).
  Flow BuiltinInit(Value self, const Value* args, size_t nargs, const Value* kwnames,
                   size_t nkw, Value* result, absl::string_view who = "");
  Flow InitThread(Value thread, const Value* args, size_t nargs, const Value* kwnames,
                  size_t nkw);
  // A Python frame run for an instruction returned `result` to the marker on top.
  Flow FinishMarkedCall(Value result);
  // `handled` false: the attribute is a builtin one of a Thread (LoadAttr's own path).
  Flow LoadAttrUser(Value obj, Attr attr, Value name, Value* out, bool* handled);
  Flow StoreAttrUser(Value obj, Attr attr, Value name, Value value, bool* handled);
  Flow LoadMethodUser(Value obj, Attr attr, Value name);
  // with on an object whose class defines __enter__ and __exit__.
  Flow UserWith(Value mgr, bool enter, bool except);
  Flow ClassInfoMatch(Value x, Value types, bool subclass, bool* out);
  Flow MakeSuper(const Value* args, size_t npos, Value* out);
  Flow WrapMethod(uint8_t kind, Value name);
  Flow MethodLikeValue(Value obj, Value cls, Value v, Value name, Value* out);
  // Instruction-level dunder calls (classes.cc); each returns false when obj has none.
  bool UserTruth(Value x, Flow* f);        // the value on top of the stack
  bool UserLen(Value x, size_t drop, Flow* f);
  bool UserStr(Value x, bool repr, size_t drop, Flow* f);
  bool UserEq(Value a, Value b, bool negate, Flow* f);
  bool UserContains(Value container, Value item, bool negate, Flow* f);
  bool UserSubscr(Value x, Value index, Flow* f);
  bool UserStoreSubscr(Value x, Value index, Value value, Flow* f);
  bool UserIter(Value x, Flow* f);
  bool UserUnpack(Value x, Flow* f);
  bool UserNext(Value it, Flow* f);
  // What a dunder-defining class makes of a C++ value operation (Eq, Repr, Truthy).
  bool HasValueDunder(Value v, absl::string_view name) const;
  Value ExcArgs(Value exc);
  void SetExcArgs(Value exc, const Value* args, size_t n);

  // ---- arguments (arguments.cc) -----------------------------------------------------------
  // Binds a call's arguments to `code`'s parameters in `locals` (Unbound on entry).
  Flow BindArguments(const Code& code, Value function, const Value* args, size_t nargs,
                     const Value* kwnames, size_t nkw, Value* locals);
  std::string FunctionStr(Value callable) const;  // "__main__.f()", "print()"
  Flow ListExtend(bool display);             // kListExtend
  Flow DictMerge(bool pair, bool display);  // kDictMerge
  Flow CallEx(bool has_keywords);  // kCallEx
  // Calls `callable` with the arguments given, the instruction's `restore` operands put back
  // at `restore_depth` if the call must run again (it stopped before a visible operation).
  Flow CallWithStack(Value callable, const Args& positional, const KwNames& names,
                     const Args& keyword_values, size_t restore_depth, const Args& restore);

  // ---- functools (functools.cc) -----------------------------------------------------------
  Flow CallPartial(Value partial, size_t nargs, const Value* kwnames, size_t nkw, size_t below);
  Flow CallWraps(Value wraps, size_t nargs, const Value* kwnames, size_t nkw, size_t below);
  Flow FunctoolsBuiltin(Builtin b, size_t nargs, const Value* kwnames, size_t nkw,
                        size_t below);

  // ---- generators (generators.cc) ---------------------------------------------------------
  // A generator function's call: the generator, returned to the caller at once.
  Flow NewGenerator(int32_t code_index, const Value* locals, size_t n);
  Flow YieldOp();        // kYield
  Flow YieldFromOp();    // kYieldFrom
  Flow GeneratorReturn(Value result);  // kReturnValue in a generator's frame
  // An exception leaves generator frame `f`: it finishes; a StopIteration becomes
  // RuntimeError. True when close() swallowed it (`flow` says how to go on).
  bool GeneratorUnwound(const Frame& f, Value* exc, Flow* flow);
  Flow ForIterGenerator(Value gen);  // kForIter over a generator
  Flow DrainGenerator(Value gen);    // kListExtend of a generator
  Flow NextBuiltin(size_t nargs, const Value* kwnames, size_t nkw, size_t below);
  // list(g), tuple(g), sorted(g), sum(g), min(g), max(g), any(g), all(g): false when
  // the builtin's first argument is not a generator.
  bool ConsumeGeneratorArgument(Builtin b, size_t nargs, const Value* kwnames, size_t nkw,
                                size_t below, Flow* f);
  // The argument `depth` below the top is a generator: collect it, then run the call again.
  Flow CollectGeneratorArgument(size_t depth, size_t nargs, const Value* kwnames, size_t nkw);
  Flow GeneratorMethod(Value gen, Attr attr, const Value* args, size_t nargs,
                       const Value* kwnames, size_t nkw, size_t below);
  Flow CallGenContextFactory(Value factory, size_t nargs, const Value* kwnames, size_t nkw,
                             size_t below);
  // with on a @contextmanager's object: __enter__, __exit__ (except: with the exception).
  Flow GenContextWith(Value mgr, bool enter, bool except);

 private:
  friend class Interpreter;
  Flow Execute(const Instr& in);
  Flow PushFrame(int32_t code, Value function, const Value* args, size_t nargs,
                 const Value* kwnames, size_t nkw);
  Flow CallBuiltin(Builtin b, size_t nargs, const Value* kwnames, size_t nkw, size_t below);
  // Nothing on the stack changes before the method has passed its Gate (a yield re-runs the
  // whole instruction); on success the arguments and `below` slots are replaced by the result.
  Flow CallMethodOn(Value self, Attr attr, Value name, size_t nargs, const Value* kwnames,
                    size_t nkw, size_t below);
  Flow ThreadMethod(Value self, Attr attr, const Value* args, size_t nargs,
                    const Value* kwnames, size_t nkw, Value* result);
  Flow ListMethod(Value self, Attr attr, const Value* args, size_t nargs, const Value* kwnames,
                  size_t nkw, Value* result);
  Flow DictMethod(Value self, Attr attr, const Value* args, size_t nargs, Value* result);
  Flow StrMethod(Value self, Attr attr, const Value* args, size_t nargs, Value* result);
  // ---- string formatting (format_ops.cc) ------------------------------------------------
  FormatArg FormatArgOf(Value v) const;
  Flow FormatResult(Formatted f, Value* out);
  Flow PercentFormatOp(Value format, Value args, Value* out);  // format % args
  Flow StrFormatMethod(Value self, const Value* args, size_t npos, const Value* kwnames,
                       size_t nkw, Value* out);
  // ---- native routines (routine_context.cc) ---------------------------------------------
  // A primitive's routine (primitives/routine.h) runs through an ExecContext.
  friend class ExecContext;
  Flow ExecuteNative();
  // Starts routine `id` with `locals` (the rest of its slots are None). The `drop` stack
  // slots of the call (self, arguments) are dropped first.
  Flow StartNative(int id, std::initializer_list<Value> locals, size_t drop, ReturnAction action);
  Flow NativeReturn(Value result);
  // A method of a primitive of the table (primitives/table.h); false in *handled otherwise.
  Flow PrimitiveMethod(Value self, Attr attr, const Value* args, size_t nargs,
                       const Value* kwnames, size_t nkw, size_t below, Value* result,
                       bool* handled);
  // A module function of a primitive of the table (the C API's); false in *handled otherwise.
  Flow PrimitiveFunction(Builtin b, const Value* args, size_t nargs, const Value* kwnames,
                         size_t nkw, size_t below, Value* result, bool* handled);
  // An exception leaves native routine frame `f` (the top frame): undo what its `finally` would.
  void NativeUnwind(const Frame& f);
  // The action a native started by the current instruction returns with.
  ReturnAction ActionForCallSite();
  // TypeError("'X' object cannot be interpreted as an integer or float"), as PyTime does.
  Flow TimeoutTypeError(Value timeout) {
    return Raise(Builtin::kExcType, TimeoutTypeMessage(TypeName(timeout)));
  }
  uint32_t GateAcquire(Value lock, AcquireMode mode);
  // Takes or releases a Lock or RLock after its gate (parking locks: primitives/pymutex.h);
  // *woken is the thread a parking lock's release woke, or -1.
  AcquireResult DoAcquire(Value lock, AcquireMode mode, uint32_t choice);
  bool DoRelease(Value lock, int* woken);
  Value NewLockObject();
  Value NewCondition(Value lock);
  // SetOp("<call site> [step]"), built only when a trace is recorded (the search records none).
  void SetSiteOp(absl::string_view step);
  Flow StartThread(Value target, Value args, Value kwargs, Value thread_obj, bool daemon,
                   Value name);
  void EndThread();
  bool HasMethod(Value obj, Attr attr) const;
  Flow Bind(absl::string_view fname, std::initializer_list<absl::string_view> params,
            size_t required, const Value* args, size_t nargs, const Value* kwnames, size_t nkw,
            Value* out);
  // ---- random (random.cc) ----------------------------------------------------------------
  Flow RandomBuiltin(Builtin b, size_t nargs, const Value* kwnames, size_t nkw, size_t below);
  Flow BindRandom(absl::string_view fname, std::initializer_list<absl::string_view> params,
                  size_t required, std::initializer_list<absl::string_view> kwonly,
                  const Value* args, size_t nargs, const Value* kwnames, size_t nkw, Value* out);
  Flow Draw(uint64_t n, absl::string_view fname, uint32_t* index);
  bool RandomIndex(Value v, int64_t* out);
  void Yield(const Pending& p) { T().pending = p; }
  enum class Found { kNone, kValue, kBuiltin };
  // What an instruction does with the value a Python frame run on its behalf returns (the
  // frame's caller has Value::Marker(kind) on top; FinishMarkedCall).
  enum class Mark : uint32_t {
    kInit,         // a class call's __init__: must be None; the instance below is the result
    kDiscard,      // __exit__ on the normal path, a property's setter, __setitem__: dropped
    kExcept,       // __exit__ with the exception below: a true result suppresses it
    kMethodValue,  // a property read by kLoadMethod: [result, None]
    kLen,          // len(x): an int >= 0
    kTruthBool,    // __bool__ for a truth test of the value below: a bool
    kTruthLen,     // __len__ for the same
    kContains,     // `in`: its truth (negated for `not in`)
    kIter,         // __iter__ for kGetIter: an iterator (an object with __next__)
    kUnpack,       // __iter__ for kUnpackSequence: a builtin iterator, unpacked by running the
                   // instruction again on it
    kNext,         // __next__ for kForIter: the next item (StopIteration ends the loop)
    kStr,          // __str__/__repr__ for str(), repr(), an f-string: a str
    kEq,           // __eq__ for `==` (as is) and `!=` (its truth negated)
    kIterCall,     // a map's or filter's function, or a generator an iterator walks, with the
                   // iterator and the root below (iterators.cc): the instruction runs again
    // Under a resumed generator's frame (generators.cc): what its caller does with the value
    // it yields or returns.
    kGenNext,         // next(g), g.send(v): the value; returned: StopIteration(value)
    kGenNextDefault,  // next(g, default), the default below: the value, or the default
    kGenFor,          // kForIter: the next item; returned: the loop ends
    kGenDelegate,     // kYieldFrom: yielded on by the delegating generator; returned: pushed
    kGenCollect,      // list(g) and the like: collected, then the call runs again
    kGenExtend,       // kListExtend (*g): appended to the argument list
    kGenAny,          // any(g)
    kGenAll,          // all(g)
    kGenEnter,        // a @contextmanager's __enter__: the value; returned: RuntimeError
    kGenExit,         // its __exit__: returned: done; yielded: RuntimeError
    kGenExcept,       // its __exit__ with an exception thrown in: returned: suppressed
    kGenClose,        // g.close(): GeneratorExit thrown in
    // A property getter run by getattr(obj, name, default) (the default below the marker) or
    // hasattr(obj, name) (attr_builtins.cc): its result (hasattr: True) is the call's; an
    // AttributeError leaving it makes the default (hasattr: False) the call's result.
    kAttrDefault,
    kHasattr,
    // Under a user's threading.excepthook, on the dying bottom frame of its thread: the thread
    // ends when the hook returns (excepthook.cc).
    kExceptHook,
  };
  Flow Resume(Value gen, Value sent, Mark mark, Value exc = Value::None());
  void Suspend(Value gen, int32_t at);
  Flow DeliverYield(Value v);
  Flow DeliverReturn(Value r);
  Flow ResumeInPlace(Value gen, Mark mark);
  // Another thread may resume `gen` between two of this thread's operations.
  bool OthersMayResume(Value gen) const { return m_.IsShared(gen) && m_.LiveThreads() > 1; }
  Flow CallMarked(Mark mark, Value fn, Value self, const Value* args, size_t nargs);
  // The class's function for dunder `name` (interned), if obj's class defines one.
  bool Dunder(Value obj, absl::string_view name, Value* fn);
  bool IsMethodLike(Value v) const {
    return m_.Is(v, ObjType::kFunction) || m_.Is(v, ObjType::kStaticMethod) ||
           m_.Is(v, ObjType::kClassMethod) || m_.Is(v, ObjType::kProperty);
  }
  Value property_call_;  // set by LoadAttrUser: a property getter for kLoadAttr to call
  // getattr with a default and hasattr: while set, Raise of an AttributeError does not raise
  // but sets caught_attribute_error_ (the lookup raised nothing else and changed nothing).
  // _thread.interrupt_main: the instruction just run was an eval-breaker check of CPython's
  // (a call that returned, a function's entry, a backward jump; interpreter.cc Run).
  bool breaker_ = false;
  bool catch_attribute_error_ = false;
  bool caught_attribute_error_ = false;
  // setattr(obj, name, v) on a property: the call's stack slots, which StoreAttrUser replaces
  // by the call's result (None) before it runs the setter (then setter_called_).
  size_t setattr_drop_ = 0;
  bool setter_called_ = false;
  // A value operation met a dunder it cannot call from C++ (a __eq__ inside a list
  // comparison, a __repr__ inside a list's repr): the scenario is refused after the
  // instruction (Run).
  mutable std::string refusal_;
  // Inside a str()/repr() the program observes (not a trace's rendering): only then does a
  // __repr__/__str__ met inside a value refuse the scenario.
  mutable int observing_ = 0;
  std::string ObservedRepr(Value v) const {
    ++observing_;
    std::string s = Repr(v);
    --observing_;
    return s;
  }
  void Refuse(Value obj, absl::string_view what) const;
  Found FindSuper(Value sup, Value name, Attr attr, Value* out) const;
  Value* AttrDictSlot(Value obj);
  bool InstanceAttr(Value obj, Value name, Value* out);
  Value NewBoundMethod(Value self, Value fn, Value name);
  // Running alone (visible operations inline), whether the machine is back in a state it was in
  // earlier in this step: the one it started from, or one met at an inline operation (Brent's
  // cycle detection over the states' fingerprints, one saved state and no list; R. P. Brent,
  // "An improved Monte Carlo factorization algorithm", BIT 20, 1980).
  bool AloneStateRepeats();
  // The step's first operation, with the thread alone: remembers the state it starts from.
  void NoteAloneStart();

  const Runtime& rt_;
  Machine& m_;
  int tid_;
  uint32_t choice_;
  StepOutput& out_;
  bool first_ = true;        // the step's own visible operation is still to run
  bool stopped_ = false;     // an input error ended the step
  int record_ = -1;          // index of the current trace record
  uint64_t budget_used_ = 0;
  uint64_t compact_at_ = 0;  // arena size at which CompactHeap runs next (0: the limit)
  std::optional<AloneCycleCheck> alone_;  // set when the thread was alone as the step began
};

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_VM_EXEC_H_
