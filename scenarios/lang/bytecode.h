// Bytecode: the compiled, read-only form of a scenario (a Program of Code objects).
//
// One table (LOCKCHECK_OPCODES) gives every opcode with its meaning in one line; the enum, the
// names and the disassembler come from it. Instructions operate on a per-frame operand stack.
// "Visible" opcodes may touch state other threads can see; the interpreter ends a step before
// the second visible operation (DESIGN.md §3, interleaving granularity).
#ifndef LOCKCHECK_SCENARIOS_LANG_BYTECODE_H_
#define LOCKCHECK_SCENARIOS_LANG_BYTECODE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "scenarios/lang/source.h"

namespace lockcheck {

// X(name, meaning). `arg` is the 32-bit operand; `a`/`b` are small extra operands.
#define LOCKCHECK_OPCODES(X)                                                                    \
  X(kNop, "do nothing")                                                                         \
  X(kThreadBegin, "first operation of every thread: a visible no-op where it can be scheduled") \
  X(kLoadConst, "push constants[arg]")                                                          \
  X(kLoadFast, "push local arg (UnboundLocalError if unbound)")                                 \
  X(kStoreFast, "pop into local arg")                                                           \
  X(kLoadDeref, "push the value in the cell in local arg (a closure's variable; visible if shared)") \
  X(kStoreDeref, "pop into the cell in local arg (visible if shared)")                          \
  X(kLoadClosure, "push the cell in local arg itself (to build a closure)")                     \
  X(kLoadGlobal, "push global arg: a visible read (NameError if unbound; a=1: ImportError, a=2: AttributeError of module b)") \
  X(kLoadGlobalStable, "push global arg, never written once threads run: not a scheduling point") \
  X(kImportModule, "push module arg, first running its top-level code if it is not imported yet") \
  X(kImportDone, "the end of module arg's top-level code: mark it imported and push it")        \
  X(kStoreGlobal, "pop into global arg: a visible write")                                       \
  X(kLoadBuiltin, "push builtin arg")                                                           \
  X(kPopTop, "pop and discard")                                                                 \
  X(kDupTop, "push a copy of the top")                                                          \
  X(kDupTopTwo, "push copies of the top two, in order")                                         \
  X(kRotTwo, "swap the top two")                                                                \
  X(kRotThree, "lift the second and third up; top goes third")                                  \
  X(kUnary, "replace the top with `a` (an ast::Op) applied to it")                              \
  X(kBinary, "pop right, left; push left `a` right (visible if an operand is a shared container)") \
  X(kCompare, "pop right, left; push the comparison `a` (visible on shared containers)")        \
  X(kContains, "pop container, item; push item in container (not in when b=1)")                \
  X(kIs, "pop two; push identity (is not when b=1)")                                            \
  X(kJump, "jump to arg")                                                                       \
  X(kPopJumpIfFalse, "pop; jump to arg if falsy")                                               \
  X(kPopJumpIfTrue, "pop; jump to arg if truthy")                                               \
  X(kJumpIfFalseOrPop, "if top is falsy jump to arg, else pop it")                              \
  X(kJumpIfTrueOrPop, "if top is truthy jump to arg, else pop it")                              \
  X(kGetIter, "replace the iterable on top with a 3-slot iterator")                             \
  X(kForIter, "advance the iterator below the top: push the next item, or pop it and jump to arg") \
  X(kBuildTuple, "pop arg items; push a tuple")                                                 \
  X(kBuildList, "pop arg items; push a new list")                                               \
  X(kBuildDict, "pop arg key/value pairs; push a new dict")                                     \
  X(kListAppend, "append the top to the fresh list at depth arg (comprehensions; invisible)")   \
  X(kBuildSet, "pop arg items; push a new set (b=1: a frozenset)")                             \
  X(kSetAdd, "add the top to the fresh set at depth arg (set comprehensions; invisible)")       \
  X(kMapAdd, "pop value, key; store them in the fresh dict at depth arg (dict comprehensions)") \
  X(kDeleteFast, "unbind local arg (UnboundLocalError if unbound)")                            \
  X(kDeleteDeref, "unbind the cell in local arg (visible if shared)")                          \
  X(kDeleteGlobal, "unbind global arg: a visible write (NameError if unbound)")                \
  X(kDeleteSubscr, "pop index, container; del container[index] (a=2: pop upper, lower: a slice)") \
  X(kDeleteAttr, "pop object; delete its attribute `b`, name constants[arg]")                  \
  X(kUnpackSequence, "pop a sequence of exactly arg items; push them last-first")               \
  X(kSlice, "pop step (when a=3), upper, lower, container; push container[lower:upper:step]")  \
  X(kSubscr, "pop index, container; push container[index]")                                    \
  X(kStoreSubscr, "pop index, container, value; container[index] = value")                      \
  X(kLoadAttr, "pop object; push its attribute `b` (an Attr), name constants[arg]")            \
  X(kStoreAttr, "pop object, value; set attribute `b`, name constants[arg]")                    \
  X(kLoadMethod, "replace object with (object, method `b`); name constants[arg]")               \
  X(kCallMethod, "call method `b` (an Attr) with `a` args, keyword names kwnames[arg] (or -1)") \
  X(kCall, "call the callable below `a` args, kwnames[arg] (or -1); b: Builtin+1, or 0") \
  X(kReturnValue, "return the top to the caller")                                               \
  X(kFormatValue, "replace the top with its str (b='r': repr)")                                 \
  X(kBuildString, "pop arg strings; push their concatenation")                                  \
  X(kWithEnter, "call top.__enter__(); keep the manager below; push the result")                \
  X(kWithExit, "pop the manager; call its __exit__(None, None, None)")                          \
  X(kWithExcept, "exception path: the manager below the exception; call __exit__, re-raise")    \
  X(kReraise, "re-raise the exception on top")                                                  \
  X(kRaise, "raise the exception (or type) on top; a=0: re-raise with nothing active")          \
  X(kCheckExcMatch, "pop a type (or tuple of types); push whether the exception below matches") \
  X(kAssertFail, "raise AssertionError (with the message on top when a=1)")                     \
  X(kMakeFunction, "pop a closure tuple (a&2), a tuple of defaults (a&1); push a function of code arg (b=1: a method, its __class__ the class under them)") \
  X(kMakeClass, "pop `a` bases; push a new class named constants[arg] (C3 method resolution order)") \
  X(kClassSetAttr, "pop a value into attribute constants[arg] of the class on top (class bodies)") \
  X(kWrapMethod, "wrap the function on top: a=1 staticmethod, 2 classmethod, 3 property, 4 the class's property constants[arg] with this setter") \
  X(kCallTarget, "call local 0 with the tuple in local 1 and the dict (or None) in local 2")    \
  X(kListExtend, "pop an iterable; extend the list below with its items (*args; b=1: a display)") \
  X(kDictMerge, "pop a mapping (a=0) or a value and its key (a=1) into the dict below (**kwargs; b=1: a display, keys may repeat)") \
  X(kCallEx, "call the callable below the list of arguments (and their dict of keywords when a=1)") \
  X(kYield, "suspend the generator, giving its caller the top; resumed, push the value sent")   \
  X(kYieldFrom, "[iterator, sent]: send to a generator (its return value pushed, jump to arg), else pop sent") \
  X(kThreadExit, "the thread's code is done: end the thread")

enum class Opcode : uint8_t {
#define LOCKCHECK_OPCODE_ENUM(name, doc) name,
  LOCKCHECK_OPCODES(LOCKCHECK_OPCODE_ENUM)
#undef LOCKCHECK_OPCODE_ENUM
};
absl::string_view OpcodeName(Opcode op);

struct Instr {
  Opcode op = Opcode::kNop;
  uint8_t a = 0;
  uint16_t b = 0;
  int32_t arg = 0;
};
static_assert(sizeof(Instr) == 8);

// A try-region of a code object: an exception raised at pc in [start, end) unwinds the operand
// stack to `depth` values and jumps to `handler` with the exception pushed.
struct ExceptionEntry {
  int32_t start = 0;
  int32_t end = 0;
  int32_t handler = 0;
  int32_t depth = 0;
};

// What an instruction is, for traces: its source span (the accessed expression or the call).
struct InstrInfo {
  SourceSpan span;
};

struct Code {
  std::string name;                   // "<module>", the function's name
  std::string qualname;               // a method's "Class.name" (argument errors), else empty
  std::vector<Instr> instrs;
  std::vector<InstrInfo> info;        // parallel to instrs
  std::vector<ExceptionEntry> exceptions;  // innermost regions first
  std::vector<std::string> local_names;
  int32_t num_params = 0;             // positional parameters (the first locals)
  int32_t num_defaults = 0;           // trailing parameters with defaults
  // Keyword-only parameters follow the positional ones; which have a default (their defaults
  // follow the positional ones' in the function's defaults tuple). Then *args and **kwargs.
  int32_t num_kwonly = 0;
  std::vector<bool> kwonly_has_default;
  int32_t varargs_slot = -1;          // the local receiving *args' tuple, or -1
  int32_t varkw_slot = -1;            // the local receiving **kwargs' dict, or -1
  // A generator function: a call makes a generator object (scenarios/vm/generators.cc)
  // whose frame holds the object itself in local gen_slot.
  bool is_generator = false;
  int32_t gen_slot = -1;
  int32_t max_stack = 0;
  int32_t first_line = 0;
  int32_t class_slot = -1;            // a method using super(): the local holding __class__
  std::vector<int32_t> cell_slots;    // locals nested functions capture: cells made at entry
  std::vector<int32_t> free_slots;    // locals that receive the closure's cells, in order
};

// Attribute and method names the VM knows, so a lookup is a switch, not a string compare.
#define LOCKCHECK_ATTRS(X)                                                                      \
  X(kUnknown, "")                                                                               \
  X(kAcquire, "acquire") X(kRelease, "release") X(kLocked, "locked")                            \
  X(kAcquireLock, "acquire_lock") X(kReleaseLock, "release_lock") X(kLockedLock, "locked_lock") \
  X(kEnter, "__enter__") X(kExit, "__exit__") X(kIsOwned, "_is_owned")                          \
  X(kRecursionCount, "_recursion_count") X(kReleaseSave, "_release_save")                       \
  X(kAcquireRestore, "_acquire_restore")                                                        \
  X(kStart, "start") X(kJoin, "join") X(kIsAlive, "is_alive") X(kName, "name")                  \
  X(kDaemon, "daemon") X(kIdent, "ident") X(kNativeId, "native_id") X(kGetName, "getName")      \
  X(kSetName, "setName") X(kIsDaemon, "isDaemon") X(kSetDaemon, "setDaemon")                    \
  X(kAppend, "append") X(kPop, "pop") X(kInsert, "insert") X(kRemove, "remove")                 \
  X(kIndex, "index") X(kCount, "count") X(kExtend, "extend") X(kClear, "clear")                 \
  X(kReverse, "reverse") X(kSort, "sort") X(kCopy, "copy")                                      \
  X(kJoinStr, "join") X(kUpper, "upper") X(kLower, "lower") X(kStrip, "strip")                  \
  X(kSplit, "split") X(kStartswith, "startswith") X(kEndswith, "endswith")                      \
  X(kReplace, "replace") X(kFind, "find") X(kFormat, "format")                                 \
  X(kGet, "get") X(kKeys, "keys") X(kValues, "values") X(kItems, "items")                       \
  X(kSetdefault, "setdefault") X(kUpdate, "update")                                             \
  X(kWait, "wait") X(kWaitFor, "wait_for") X(kNotify, "notify") X(kNotifyAll, "notify_all")      \
  X(kSet, "set") X(kIsSet, "is_set")                                                            \
  X(kParties, "parties") X(kNWaiting, "n_waiting") X(kBroken, "broken") X(kReset, "reset")      \
  X(kAbort, "abort") X(kShutdown, "shutdown") X(kPut, "put") X(kPutNowait, "put_nowait") X(kGetNowait, "get_nowait")   \
  X(kTaskDone, "task_done") X(kQsize, "qsize") X(kEmpty, "empty") X(kFull, "full")            \
  X(kAppendleft, "appendleft") X(kPopleft, "popleft") X(kInit, "__init__")                 \
  X(kAdd, "add") X(kDiscard, "discard") X(kUnion, "union") X(kIntersection, "intersection")    \
  X(kDifference, "difference") X(kSymmetricDifference, "symmetric_difference")                \
  X(kIssubset, "issubset") X(kIssuperset, "issuperset") X(kIsdisjoint, "isdisjoint")          \
  X(kIntersectionUpdate, "intersection_update") X(kDifferenceUpdate, "difference_update")     \
  X(kSymmetricDifferenceUpdate, "symmetric_difference_update")                               \
  X(kSend, "send") X(kThrow, "throw") X(kClose, "close") X(kNextDunder, "__next__")

enum class Attr : uint16_t {
#define LOCKCHECK_ATTR_ENUM(name, text) name,
  LOCKCHECK_ATTRS(LOCKCHECK_ATTR_ENUM)
#undef LOCKCHECK_ATTR_ENUM
  kAttrCount
};
Attr AttrFromName(absl::string_view name);  // kUnknown when not a known name
absl::string_view AttrText(Attr attr);      // the Python name of a known attribute
// A list, deque, dict or set method that only reads its receiver (index, count, copy, get, keys,
// values, items, union, issubset, ...); the other container methods may write it.
bool MethodOnlyReads(Attr attr);

// Builtins: module members and builtin functions/types, each with its Python-visible name.
// X(id, "qualified name", "short name")
#define LOCKCHECK_BUILTINS(X)                                                     \
  X(kPrint, "print", "print") X(kLen, "len", "len") X(kRange, "range", "range")    \
  X(kMin, "min", "min") X(kMax, "max", "max") X(kAbs, "abs", "abs")                \
  X(kSum, "sum", "sum") X(kSorted, "sorted", "sorted") X(kReversed, "reversed", "reversed") \
  X(kAny, "any", "any") X(kAll, "all", "all") X(kEnumerate, "enumerate", "enumerate") \
  X(kZip, "zip", "zip") X(kStrType, "str", "str") X(kIntType, "int", "int")        \
  X(kBoolType, "bool", "bool") X(kFloatType, "float", "float")                     \
  X(kListType, "list", "list") X(kTupleType, "tuple", "tuple") X(kDictType, "dict", "dict") \
  X(kRepr, "repr", "repr") X(kIsinstance, "isinstance", "isinstance")              \
  X(kDivmod, "divmod", "divmod")                                                   \
  X(kSuper, "super", "super") X(kTypeType, "type", "type") X(kObjectType, "object", "object") \
  X(kIssubclass, "issubclass", "issubclass")                                       \
  X(kSetType, "set", "set") X(kFrozenSetType, "frozenset", "frozenset")            \
  X(kMap, "map", "map") X(kFilter, "filter", "filter") X(kIter, "iter", "iter")     \
  X(kId, "id", "id") X(kHash, "hash", "hash") X(kCallable, "callable", "callable") \
  X(kGetattr, "getattr", "getattr") X(kSetattr, "setattr", "setattr")              \
  X(kHasattr, "hasattr", "hasattr") X(kDelattr, "delattr", "delattr")              \
  X(kPropertyType, "property", "property") X(kStaticMethodType, "staticmethod", "staticmethod") \
  X(kClassMethodType, "classmethod", "classmethod")                                \
  X(kModThreading, "threading", "threading") X(kModThread, "_thread", "_thread")   \
  X(kModTime, "time", "time") X(kModQueue, "queue", "queue")                      \
  X(kModCollections, "collections", "collections")                                 \
  X(kModContextlib, "contextlib", "contextlib") X(kModFunctools, "functools", "functools") \
  X(kNext, "next", "next")                                                          \
  X(kContextManager, "contextlib.contextmanager", "contextmanager")                 \
  X(kWraps, "functools.wraps", "wraps") X(kPartial, "functools.partial", "partial")  \
  X(kThreadType, "threading.Thread", "Thread") X(kLockType, "threading.Lock", "Lock") \
  X(kRLockFactory, "threading.RLock", "RLock")                                     \
  X(kConditionType, "threading.Condition", "Condition")                            \
  X(kEventType, "threading.Event", "Event")                                        \
  X(kSemaphoreType, "threading.Semaphore", "Semaphore")                            \
  X(kBoundedSemaphoreType, "threading.BoundedSemaphore", "BoundedSemaphore")       \
  X(kBarrierType, "threading.Barrier", "Barrier")                                  \
  X(kQueueType, "queue.Queue", "Queue")                                            \
  X(kLifoQueueType, "queue.LifoQueue", "LifoQueue")                                \
  X(kSimpleQueueType, "queue.SimpleQueue", "SimpleQueue")                          \
  X(kDequeType, "collections.deque", "deque")                                      \
  X(kCurrentThread, "threading.current_thread", "current_thread")                  \
  X(kGetIdent, "threading.get_ident", "get_ident")                                 \
  X(kMainThread, "threading.main_thread", "main_thread")                           \
  X(kActiveCount, "threading.active_count", "active_count")                        \
  X(kEnumerateThreads, "threading.enumerate", "enumerate")                         \
  X(kLocalType, "threading.local", "local")                                        \
  X(kExceptHook, "threading.excepthook", "excepthook")                             \
  X(kExceptHookArgsType, "threading.ExceptHookArgs", "ExceptHookArgs")             \
  X(kTimeoutMax, "threading.TIMEOUT_MAX", "TIMEOUT_MAX")                           \
  X(kAllocateLock, "_thread.allocate_lock", "allocate_lock")                       \
  X(kStartNewThread, "_thread.start_new_thread", "start_new_thread")               \
  X(kThreadGetIdent, "_thread.get_ident", "get_ident")                             \
  X(kThreadExitFn, "_thread.exit", "exit")                                         \
  X(kStackSize, "_thread.stack_size", "stack_size")                                \
  X(kInterruptMain, "_thread.interrupt_main", "interrupt_main")                    \
  X(kSleep, "time.sleep", "sleep")                                                 \
  X(kModRandom, "random", "random")                                                \
  X(kRandint, "random.randint", "randint") X(kRandrange, "random.randrange", "randrange") \
  X(kRandChoice, "random.choice", "choice") X(kShuffle, "random.shuffle", "shuffle") \
  X(kSample, "random.sample", "sample") X(kSeed, "random.seed", "seed")            \
  X(kModSys, "sys", "sys") X(kSysExit, "sys.exit", "exit")                         \
  X(kModLockcheck, "lockcheck", "lockcheck") X(kModCapi, "lockcheck.capi", "capi")  \
  X(kPyMutexType, "lockcheck.capi.PyMutex", "PyMutex")                             \
  X(kPyMutexLock, "lockcheck.capi.PyMutex_Lock", "PyMutex_Lock")                   \
  X(kPyMutexUnlock, "lockcheck.capi.PyMutex_Unlock", "PyMutex_Unlock")             \
  X(kPyMutexIsLocked, "lockcheck.capi.PyMutex_IsLocked", "PyMutex_IsLocked")       \
  X(kCriticalSection, "lockcheck.capi.critical_section", "critical_section")       \
  X(kCriticalSection2, "lockcheck.capi.critical_section2", "critical_section2")    \
  X(kExcBase, "BaseException", "BaseException") X(kExcException, "Exception", "Exception") \
  X(kExcRuntime, "RuntimeError", "RuntimeError") X(kExcValue, "ValueError", "ValueError") \
  X(kExcType, "TypeError", "TypeError") X(kExcIndex, "IndexError", "IndexError")  \
  X(kExcKey, "KeyError", "KeyError") X(kExcZeroDiv, "ZeroDivisionError", "ZeroDivisionError") \
  X(kExcAssertion, "AssertionError", "AssertionError") X(kExcName, "NameError", "NameError") \
  X(kExcUnboundLocal, "UnboundLocalError", "UnboundLocalError")                    \
  X(kExcAttribute, "AttributeError", "AttributeError")                             \
  X(kExcOverflow, "OverflowError", "OverflowError") X(kExcTimeout, "TimeoutError", "TimeoutError") \
  X(kExcSystemExit, "SystemExit", "SystemExit")                                    \
  X(kExcBrokenBarrier, "threading.BrokenBarrierError", "BrokenBarrierError")       \
  X(kExcEmpty, "queue.Empty", "Empty") X(kExcFull, "queue.Full", "Full") X(kExcShutDown, "queue.ShutDown", "ShutDown")                         \
  X(kExcLookup, "LookupError", "LookupError")                                      \
  X(kExcArithmetic, "ArithmeticError", "ArithmeticError") X(kExcOS, "OSError", "OSError") \
  X(kExcStopIteration, "StopIteration", "StopIteration")                            \
  X(kExcRecursion, "RecursionError", "RecursionError")                              \
  X(kExcGeneratorExit, "GeneratorExit", "GeneratorExit")                            \
  X(kExcKeyboardInterrupt, "KeyboardInterrupt", "KeyboardInterrupt")                \
  X(kExcImport, "ImportError", "ImportError")                                       \
  X(kExcModuleNotFound, "ModuleNotFoundError", "ModuleNotFoundError")

enum class Builtin : uint16_t {
#define LOCKCHECK_BUILTIN_ENUM(id, qual, name) id,
  LOCKCHECK_BUILTINS(LOCKCHECK_BUILTIN_ENUM)
#undef LOCKCHECK_BUILTIN_ENUM
  kCount
};
absl::string_view BuiltinQualName(Builtin b);
absl::string_view BuiltinShortName(Builtin b);
inline bool IsExceptionType(Builtin b) {
  return static_cast<int>(b) >= static_cast<int>(Builtin::kExcBase);
}
// The builtin exception hierarchy: whether `child` is `parent` or derives from it.
bool ExceptionIsSubclass(Builtin child, Builtin parent);
// Members of a modelled module, e.g. ("threading", "Lock"); false when it has no such member.
bool LookupModuleMember(Builtin module, absl::string_view name, Builtin* out);
// The modules a scenario may import (kModelledModulesText; lockcheck.capi with its package
// lockcheck).
bool IsModelledModule(Builtin b);
inline constexpr absl::string_view kModelledModulesText =
    "threading, _thread, time, queue, collections, contextlib, functools, random, sys (exit "
    "only), concurrent.futures and lockcheck.capi";
// A member of the random module (scenarios/vm/random.cc): a draw the search branches on.
bool IsRandomMember(Builtin b);
// Why `module.name` is refused when it is not a member: "'random.random' (not modelled by
// lockcheck)", or a reason of its own (random.random and random.uniform).
std::string UnmodelledMemberText(Builtin module, absl::string_view name);
// A member of lockcheck.capi (the C API of free-threaded CPython).
bool IsCapiMember(Builtin b);
// Builtin functions and types reachable by bare name ("len", "RuntimeError").
bool LookupBuiltinName(absl::string_view name, Builtin* out);

// A literal of the program. The VM turns each into a Value when it loads the program.
struct Constant {
  enum class Kind : uint8_t { kNone, kBool, kInt, kFloat, kStr, kEllipsis };
  Kind kind = Kind::kNone;
  int64_t int_value = 0;  // kInt, kBool
  double float_value = 0;
  std::string str_value;
  bool operator==(const Constant&) const = default;
};

// A module of the program (scenarios/lang/modules.h): the scenario itself is modules[0],
// named "__main__". Each module's globals are global slots of the one program; `attrs` maps a
// module attribute's name to its slot (module globals, and a package's submodules).
struct ModuleInfo {
  std::string name;        // "__main__", "helpers", "pkg.mod"
  std::string path;        // its file, as reports name it
  int32_t code = 0;        // the code of its top-level statements
  int32_t slot = -1;       // the hidden global saying whether it is imported (sys.modules)
  int32_t parent = -1;     // the package of a submodule, or -1
  absl::flat_hash_map<std::string, int32_t> attrs;
};

// A compiled scenario. Read-only once built; shared by every state and worker.
struct Program {
  std::shared_ptr<const SourceFile> source;  // the scenario (sources[0])
  std::vector<std::shared_ptr<const SourceFile>> sources;  // per SourceLoc::file
  std::vector<ModuleInfo> modules;      // modules[0] is the scenario
  // A module object is used as a value (not only as `m.name`): attribute accesses may then
  // read and write module globals the bytecode does not name, and the partial-order
  // reduction is off (checker/por.h).
  bool module_values = false;
  std::vector<Code> codes;              // codes[0] is the module
  std::vector<Constant> constants;      // for kLoadConst, attribute names, ...
  std::vector<std::vector<std::string>> kwnames;  // keyword names of calls with keywords
  std::vector<std::string> global_names;
  std::vector<bool> global_stable;      // never written once a second thread may run
  int32_t bootstrap_code = -1;          // the code every new thread starts in
  // The program has class statements: attribute accesses may read and write shared objects,
  // and a method call may run Python code (checker/por_facts.cc reads these).
  bool has_classes = false;
  // The program imports lockcheck.capi: critical sections may suspend when a thread blocks
  // (Exec::Gate), and the partial-order reduction is off (checker/por.h).
  bool uses_capi = false;
  // The program defines generators (or uses contextlib/functools): a call, a for loop or a
  // with statement may resume Python code suspended elsewhere (checker/por_facts.cc reads this).
  bool has_generators = false;
  // Per Attr: a class of the program defines a method of that name (so `x.name(...)` may run
  // Python code even though the name is a builtin method's too).
  std::vector<bool> class_attrs;
  // Every name a class of the program defines a method by, in first-definition order.
  std::vector<std::string> method_names;
  // The names of the properties classes define: reading or writing one runs Python code.
  std::vector<std::string> property_names;
  // The names getattr, setattr, hasattr and delattr are called with, where each is a string
  // constant; attr_builtin_computed: some call's name is computed at run time (checker/por_facts.cc).
  std::vector<std::string> attr_builtin_names;
  bool attr_builtin_computed = false;
  // The hidden global holding threading.excepthook, when the program assigns an attribute
  // named excepthook (scenarios/vm/excepthook.cc); -1 otherwise.
  int32_t excepthook_slot = -1;
  // The hidden global holding _thread.interrupt_main's pending flag (CPython's tripped
  // SIGINT), when the program names interrupt_main (scenarios/vm/interrupt.cc); -1 otherwise.
  int32_t interrupt_slot = -1;
};

// The text of a span, from the file it points into.
absl::string_view SliceSource(const Program& program, SourceSpan span);
// The path of the file a location points into.
const std::string& SourcePath(const Program& program, SourceLoc loc);

// The listing shown by `lockcheck disasm`.
std::string Disassemble(const Program& program);

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_LANG_BYTECODE_H_
