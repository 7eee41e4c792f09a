// Calls: Python functions, builtin functions, methods of builtin types, and the Python faces of
// the modelled primitives (Lock, RLock, Thread). Argument errors and messages follow CPython.
#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "primitives/lock.h"
#include "primitives/rlock.h"
#include "primitives/thread.h"
#include "scenarios/vm/exec.h"
#include "scenarios/vm/int_literal.h"
#include "scenarios/vm/unmodelled.h"

namespace lockcheck {
namespace {

bool IsModule(Builtin b) { return IsModelledModule(b); }

}  // namespace

std::string Exec::CallableName(Value v) const {
  if (m_.Is(v, ObjType::kFunction)) {
    if (m_.size(v) > kFnName && m_.payload(v)[kFnName].is_str())  // functools.wraps
      return std::string(StrOf(m_.payload(v)[kFnName]));
    return rt_.program.codes[m_.payload(v)[0].payload()].name;
  }
  if (m_.Is(v, ObjType::kGenContextFactory)) return CallableName(m_.payload(v)[0]);
  if (v.is_builtin()) return std::string(BuiltinShortName(static_cast<Builtin>(v.payload())));
  if (m_.Is(v, ObjType::kBoundMethod)) return std::string(StrOf(m_.payload(v)[2]));
  if (m_.Is(v, ObjType::kClass)) return ClassName(v);
  return "";
}

bool Exec::HasMethod(Value obj, Attr attr) const {
  using A = Attr;
  auto any = [attr](std::initializer_list<Attr> l) {
    return std::find(l.begin(), l.end(), attr) != l.end();
  };
  if (obj.is_str()) {
    return any({A::kJoin, A::kUpper, A::kLower, A::kStrip, A::kSplit, A::kStartswith,
                A::kEndswith, A::kReplace, A::kFind, A::kCount, A::kIndex, A::kFormat});
  }
  if (!obj.is_obj()) return false;
  switch (m_.type(obj)) {
    case ObjType::kLock:
      return any({A::kAcquire, A::kRelease, A::kLocked, A::kAcquireLock, A::kReleaseLock,
                  A::kLockedLock, A::kEnter, A::kExit});
    case ObjType::kRLock:
      return any({A::kAcquire, A::kRelease, A::kLocked, A::kEnter, A::kExit, A::kIsOwned,
                  A::kRecursionCount});
    case ObjType::kThread:
      return any({A::kStart, A::kJoin, A::kIsAlive, A::kGetName, A::kSetName, A::kIsDaemon,
                  A::kSetDaemon});
    case ObjType::kList:
      return any({A::kAppend, A::kPop, A::kInsert, A::kRemove, A::kIndex, A::kCount, A::kExtend,
                  A::kClear, A::kReverse, A::kSort, A::kCopy});
    case ObjType::kTuple: return any({A::kIndex, A::kCount});
    case ObjType::kDeque:
      return any({A::kAppend, A::kAppendleft, A::kPop, A::kPopleft, A::kExtend, A::kClear,
                  A::kCount, A::kRemove, A::kIndex, A::kCopy});
    case ObjType::kDict:
      return any({A::kGet, A::kKeys, A::kValues, A::kItems, A::kPop, A::kSetdefault, A::kUpdate,
                  A::kClear, A::kCopy});
    case ObjType::kSet:
      return any({A::kAdd, A::kDiscard, A::kRemove, A::kPop, A::kClear, A::kCopy, A::kUpdate,
                  A::kUnion, A::kIntersection, A::kDifference, A::kSymmetricDifference,
                  A::kIssubset, A::kIssuperset, A::kIsdisjoint, A::kIntersectionUpdate,
                  A::kDifferenceUpdate, A::kSymmetricDifferenceUpdate});
    case ObjType::kFrozenSet:
      return any({A::kCopy, A::kUnion, A::kIntersection, A::kDifference,
                  A::kSymmetricDifference, A::kIssubset, A::kIssuperset, A::kIsdisjoint});
    case ObjType::kCondition:
      return any({A::kAcquire, A::kRelease, A::kLocked, A::kEnter, A::kExit, A::kWait,
                  A::kWaitFor, A::kNotify, A::kNotifyAll});
    case ObjType::kEvent: return any({A::kSet, A::kClear, A::kIsSet, A::kWait});
    case ObjType::kSemaphore: return any({A::kAcquire, A::kRelease, A::kEnter, A::kExit});
    case ObjType::kBarrier: return any({A::kWait, A::kReset, A::kAbort});
    case ObjType::kQueue:
      if (QueueClass(obj) == Builtin::kSimpleQueueType)
        return any({A::kPut, A::kPutNowait, A::kGet, A::kGetNowait, A::kQsize, A::kEmpty});
      return any({A::kPut, A::kPutNowait, A::kGet, A::kGetNowait, A::kTaskDone, A::kJoin,
                  A::kQsize, A::kEmpty, A::kFull, A::kShutdown});
    case ObjType::kGenerator: return any({A::kSend, A::kThrow, A::kClose, A::kNextDunder});
    default: return false;
  }
}

// Binds call arguments to named parameters (C-style builtins): out[i] is Unbound when not given.
Flow Exec::Bind(absl::string_view fname, std::initializer_list<absl::string_view> params,
                size_t required, const Value* args, size_t nargs, const Value* kwnames, size_t nkw,
                Value* out) {
  size_t npos = nargs - nkw;
  size_t n = params.size();
  if (npos > n) {
    return Raise(Builtin::kExcType, absl::StrCat(fname, "() takes at most ", n, " argument",
                                                 n == 1 ? "" : "s", " (", npos, " given)"));
  }
  for (size_t i = 0; i < n; ++i) out[i] = Value::Unbound();
  for (size_t i = 0; i < npos; ++i) out[i] = args[i];
  for (size_t k = 0; k < nkw; ++k) {
    absl::string_view name = StrOf(kwnames[k]);
    size_t i = 0;
    for (absl::string_view p : params) {
      if (p == name) break;
      ++i;
    }
    if (i == n) {
      return Raise(Builtin::kExcType,
                   absl::StrCat(fname, "() got an unexpected keyword argument '", name, "'"));
    }
    if (!out[i].is_unbound()) {
      return Raise(Builtin::kExcType, absl::StrCat("argument for ", fname, "() given by name ('",
                                                   name, "') and position (", i + 1, ")"));
    }
    out[i] = args[npos + k];
  }
  for (size_t i = 0; i < required; ++i) {
    if (out[i].is_unbound()) {
      return Raise(Builtin::kExcType,
                   absl::StrCat(fname, "() missing required argument '", *(params.begin() + i),
                                "' (pos ", i + 1, ")"));
    }
  }
  return Flow::kNext;
}

// ---- dispatch ----------------------------------------------------------------------------

Flow Exec::Call(size_t nargs, const Value* kwnames, size_t nkw, size_t below) {
  Value callable = Top(nargs + below - 1);
  Args args(S().end() - nargs, S().end());
  if (m_.Is(callable, ObjType::kFunction)) {
    S().resize(S().size() - nargs - below);
    return PushFrame(static_cast<int32_t>(m_.payload(callable)[0].payload()), callable,
                     args.data(), nargs, kwnames, nkw);
  }
  if (callable.is_builtin()) {
    return CallBuiltin(static_cast<Builtin>(callable.payload()), nargs, kwnames, nkw, below);
  }
  if (m_.Is(callable, ObjType::kBoundMethod)) {
    const Value* b = m_.payload(callable);
    if (b[1].is_obj()) {  // a Python method bound to its instance
      Value fn = b[1], self = b[0];
      S().resize(S().size() - nargs - below);
      return CallFunctionWithSelf(fn, self, args.data(), nargs, kwnames, nkw);
    }
    return CallMethodOn(b[0], static_cast<Attr>(b[1].small_int()), b[2], nargs, kwnames, nkw,
                        below);
  }
  if (m_.Is(callable, ObjType::kClass)) return CallClass(callable, nargs, kwnames, nkw, below);
  if (m_.Is(callable, ObjType::kPartial)) return CallPartial(callable, nargs, kwnames, nkw, below);
  if (m_.Is(callable, ObjType::kWraps)) return CallWraps(callable, nargs, kwnames, nkw, below);
  if (m_.Is(callable, ObjType::kGenContextFactory))
    return CallGenContextFactory(callable, nargs, kwnames, nkw, below);
  // Calling something that is not callable is a broken scenario, not a finding.
  return InputError(absl::StrCat("'", TypeName(callable), "' object is not callable"));
}

Flow Exec::CallMethod(size_t nargs, const Value* kwnames, size_t nkw) {
  Value meth = Top(nargs);
  // A module member found at run time: [member, None, args...].
  if (meth.is_none()) return Call(nargs, kwnames, nkw, 2);
  Value self = Top(nargs + 1);
  if (meth.is_obj()) {  // a Python method: [function, self, args...]
    Value fn = self;
    Args args(S().end() - nargs, S().end());
    S().resize(S().size() - nargs - 2);
    return CallFunctionWithSelf(fn, meth, args.data(), nargs, kwnames, nkw);
  }
  return CallMethodOn(self, static_cast<Attr>(meth.small_int()), Value::None(), nargs, kwnames,
                      nkw, 2);
}

// The stack holds [callable-or-self, args...]. On success the result replaces them.
Flow Exec::CallMethodOn(Value self, Attr attr, Value name, size_t nargs, const Value* kwnames,
                        size_t nkw, size_t below) {
  Args args(S().end() - nargs, S().end());
  Value result = Value::None();
  Flow f;
  if (attr == Attr::kInit && self.is_obj()) {  // Thread/BaseException/object.__init__
    f = BuiltinInit(self, args.data(), nargs, kwnames, nkw, &result);
  } else if (self.is_str() && attr == Attr::kFormat) {
    if (!GateValues(Value::None(), Access::kRead, args.data(), args.size(), false, true, true))
      return Flow::kYield;
    f = StrFormatMethod(self, args.data(), nargs - nkw, kwnames, nkw, &result);
  } else if (self.is_str() && nargs == 1 && m_.Is(args[0], ObjType::kGenerator)) {
    return CollectGeneratorArgument(0, nargs, kwnames, nkw);  // "".join(g) (generators.cc)
  } else if (self.is_str()) {
    f = StrMethod(self, attr, args.data(), nargs - nkw, &result);
  } else if (!self.is_obj()) {
    f = Raise(Builtin::kExcAttribute, NoAttributeMessage(ErrorTypeName(self), attr));
  } else {
    switch (m_.type(self)) {
      case ObjType::kThread:
        f = ThreadMethod(self, attr, args.data(), nargs, kwnames, nkw, &result);
        break;
      case ObjType::kList:
      case ObjType::kDeque:
      case ObjType::kTuple:
        f = ListMethod(self, attr, args.data(), nargs, kwnames, nkw, &result);
        break;
      case ObjType::kDict:
        f = DictMethod(self, attr, args.data(), nargs - nkw, &result);
        break;
      case ObjType::kSet:
      case ObjType::kFrozenSet:
        f = nkw > 0 ? Raise(Builtin::kExcType, absl::StrCat(TypeName(self), ".", AttrText(attr),
                                                           "() takes no keyword arguments"))
                    : SetMethod(self, attr, args.data(), nargs, &result);
        break;
      case ObjType::kGenerator:
        return GeneratorMethod(self, attr, args.data(), nargs, kwnames, nkw, below);
      default: {  // a primitive of the table (primitives/table.h)
        bool handled;
        f = PrimitiveMethod(self, attr, args.data(), nargs, kwnames, nkw, below, &result, &handled);
        if (!handled)
          f = Raise(Builtin::kExcAttribute, NoAttributeMessage(ErrorTypeName(self), attr));
      }
    }
  }
  if (f != Flow::kNext) return f;
  S().resize(S().size() - nargs - below);
  Push(result);
  return Flow::kNext;
}

// A user module's attribute reached through the module as a value (`mods[0].x`; `m.x` with m
// an import's name compiles to the global's own slot): a read of that module global.
Flow Exec::ModuleAttr(Value obj, Value name, const Value* store, Value* out) {
  const ModuleInfo& mod = rt_.program.modules[obj.payload()];
  auto it = mod.attrs.find(StrOf(name));
  if (it == mod.attrs.end()) {
    if (store != nullptr)
      return InputError(absl::StrCat("unsupported in scenarios: creating the attribute '",
                                     StrOf(name), "' of module '", mod.name,
                                     "' through a module value (bind it in the module)"));
    return Raise(Builtin::kExcAttribute, absl::StrCat("module '", mod.name,
                                                      "' has no attribute '", StrOf(name), "'"));
  }
  const int32_t slot = it->second;
  if (store != nullptr) {
    if (!GateAccess(Access::kGlobalWrite, Value::SmallInt(slot))) return Flow::kYield;
    m_.globals[slot] = *store;
    m_.Publish(*store);
    if (tracing()) Outcome(absl::StrCat("wrote ", Repr(*store)));
    return Flow::kNext;
  }
  if (!rt_.program.global_stable[slot] && !GateAccess(Access::kGlobalRead, Value::SmallInt(slot)))
    return Flow::kYield;
  if (m_.globals[slot].is_unbound()) {
    return Raise(Builtin::kExcAttribute,
                 absl::StrCat(m_.globals[mod.slot].is_module() ? "module '"
                                                               : "partially initialized module '",
                              mod.name, "' has no attribute '", StrOf(name), "'"));
  }
  *out = m_.globals[slot];
  if (tracing()) Outcome(absl::StrCat("read ", Repr(*out)));
  return Flow::kNext;
}

Flow Exec::LoadAttr(Value obj, Attr attr, Value name, Value* out) {
  if (obj.is_module()) return ModuleAttr(obj, name, nullptr, out);
  if (m_.Is(obj, ObjType::kLocal)) return LocalAttr(obj, name, nullptr, false, out);
  if (m_.Is(obj, ObjType::kExceptHookArgs)) return ExceptHookArgsAttr(obj, name, out);
  if (m_.Is(obj, ObjType::kGenContextFactory) &&  // contextmanager(f) wraps f (functools.wraps)
      (StrOf(name) == "__name__" || StrOf(name) == "__qualname__" ||
       StrOf(name) == "__wrapped__")) {
    if (StrOf(name) != "__wrapped__") return LoadAttr(m_.payload(obj)[0], attr, name, out);
    *out = m_.payload(obj)[0];
    return Flow::kNext;
  }
  if (m_.Is(obj, ObjType::kFunction) && m_.size(obj) > kFnWrapped &&
      m_.payload(obj)[kFnName].is_str()) {  // functools.wraps gave it these
    const absl::string_view n = StrOf(name);
    const int slot = n == "__name__" ? kFnName : n == "__qualname__" ? kFnQualname
                     : n == "__wrapped__" ? kFnWrapped : -1;
    if (slot >= 0) {
      *out = m_.payload(obj)[slot];
      return Flow::kNext;
    }
  }
  if (m_.Is(obj, ObjType::kFunction) &&
      (StrOf(name) == "__name__" || StrOf(name) == "__qualname__")) {
    const Code& code = rt_.program.codes[m_.payload(obj)[0].payload()];
    *out = MakeStr(StrOf(name) == "__name__" || code.qualname.empty() ? code.name : code.qualname);
    return Flow::kNext;
  }
  if (obj.is_builtin() && TypeName(obj) == "type" && StrOf(name) == "__name__") {
    Builtin b = static_cast<Builtin>(obj.payload());
    *out = MakeStr(b == Builtin::kLockType ? "lock" : BuiltinShortName(b));
    return Flow::kNext;
  }
  if (HasUserAttrs(obj)) {
    bool handled;
    Flow f = LoadAttrUser(obj, attr, name, out, &handled);
    if (handled || f != Flow::kNext) return f;
  }
  if (obj.is_builtin() && IsModule(static_cast<Builtin>(obj.payload()))) {
    Builtin member;
    if (!LookupModuleMember(static_cast<Builtin>(obj.payload()), StrOf(name), &member)) {
      return InputError(absl::StrCat(
          "unsupported in scenarios: ",
          UnmodelledMemberText(static_cast<Builtin>(obj.payload()), StrOf(name))));
    }
    *out = member == Builtin::kTimeoutMax ? I().Float(kTimeoutMaxSeconds)
                                          : Value::Builtin(static_cast<uint32_t>(member));
    if (member == Builtin::kExceptHook && StrOf(name) == "excepthook" &&
        rt_.program.excepthook_slot >= 0)  // the program's hook, if it assigned one
      *out = m_.globals[rt_.program.excepthook_slot];
    return Flow::kNext;
  }
  if (m_.Is(obj, ObjType::kThread) &&
      (attr == Attr::kName || attr == Attr::kDaemon || attr == Attr::kIdent ||
       attr == Attr::kNativeId)) {
    if (!GateAlways()) return Flow::kYield;
    const Value* p = m_.payload(obj);
    int64_t index = ThreadIndexOf(p);
    switch (attr) {
      case Attr::kName: *out = p[kThreadName]; break;
      case Attr::kDaemon: *out = Value::Bool(ThreadDaemonOf(p)); break;
      default: *out = index < 0 ? Value::None() : Value::SmallInt(index + 1); break;
    }
    if (tracing()) Outcome(absl::StrCat("read ", Repr(*out)));
    return Flow::kNext;
  }
  if (m_.Is(obj, ObjType::kBarrier) &&
      (attr == Attr::kParties || attr == Attr::kNWaiting || attr == Attr::kBroken)) {
    bool handled;
    return PrimitiveMethod(obj, attr, nullptr, 0, nullptr, 0, 0, out, &handled);
  }
  if (HasMethod(obj, attr)) {
    Value bound = m_.NewObject(ObjType::kBoundMethod, 3);
    Value* p = m_.payload(bound);
    p[0] = obj;
    p[1] = Value::SmallInt(static_cast<int64_t>(attr));
    p[2] = name;
    *out = bound;
    return Flow::kNext;
  }
  if (CPythonHasMethod(TypeName(obj), StrOf(name)) || IsDunder(StrOf(name)))
    return UnmodelledAttribute(obj, name);
  return Raise(Builtin::kExcAttribute, absl::StrCat("'", ErrorTypeName(obj),
                                                    "' object has no attribute '", StrOf(name), "'"));
}

std::string Exec::ErrorTypeName(Value v) const {
  if (m_.Is(v, ObjType::kLock)) return "_thread.lock";
  if (m_.Is(v, ObjType::kRLock)) return "_thread.RLock";
  if (m_.Is(v, ObjType::kDeque)) return "collections.deque";
  if (m_.Is(v, ObjType::kQueue) && QueueClass(v) == Builtin::kSimpleQueueType)
    return "_queue.SimpleQueue";
  return TypeName(v);
}

// A dunder attribute the model lacks: every CPython object has its `__class__`, `__dict__`,
// ..., so an AttributeError there would be a false finding; the scenario is refused instead.
bool Exec::IsDunder(absl::string_view name) {
  return name.size() > 4 && absl::StartsWith(name, "__") && absl::EndsWith(name, "__");
}

Flow Exec::UnmodelledAttribute(Value obj, Value name) {
  return InputError(absl::StrCat("unsupported in scenarios: ", TypeName(obj), ".", StrOf(name),
                                 " (not modelled by lockcheck)"));
}

Flow Exec::StoreAttr(Value obj, Attr attr, Value name, Value value) {
  if (obj.is_module()) return ModuleAttr(obj, name, &value, nullptr);
  if (m_.Is(obj, ObjType::kLocal)) return LocalAttr(obj, name, &value, false, nullptr);
  if (obj.is_builtin() && IsModule(static_cast<Builtin>(obj.payload()))) {
    if (static_cast<Builtin>(obj.payload()) == Builtin::kModThreading &&
        StrOf(name) == "excepthook" && rt_.program.excepthook_slot >= 0)
      return StoreExceptHook(value);  // excepthook.cc
    return InputError(absl::StrCat("unsupported in scenarios: assigning the attribute '",
                                   StrOf(name), "' of module '",
                                   BuiltinQualName(static_cast<Builtin>(obj.payload())), "'"));
  }
  if (HasUserAttrs(obj)) {
    bool handled;
    Flow f = StoreAttrUser(obj, attr, name, value, &handled);
    if (handled || f != Flow::kNext) return f;
  }
  if (m_.Is(obj, ObjType::kThread) && (attr == Attr::kName || attr == Attr::kDaemon)) {
    if (!GateAlways()) return Flow::kYield;
    Value* p = m_.payload(obj);
    if (attr == Attr::kDaemon) {
      if (ThreadIndexOf(p) >= 0) return Raise(Builtin::kExcRuntime, std::string(kDaemonActive));
      p[kThreadState] = ThreadStateValue(-1, Truthy(value));
    } else {
      p[kThreadName] = MakeStr(Str(value));
    }
    if (tracing()) Outcome(absl::StrCat("wrote ", Repr(value)));
    return Flow::kNext;
  }
  if (IsDunder(StrOf(name))) return UnmodelledAttribute(obj, name);
  // Thread, Condition, Semaphore, Event, Barrier, Queue and LifoQueue are Python classes in
  // CPython, whose instances take any attribute: an AttributeError would be a false finding.
  // (SimpleQueue, Lock and RLock are C types without a __dict__.)
  if (m_.Is(obj, ObjType::kThread) || m_.Is(obj, ObjType::kCondition) ||
      m_.Is(obj, ObjType::kSemaphore) || m_.Is(obj, ObjType::kEvent) ||
      m_.Is(obj, ObjType::kBarrier) ||
      (m_.Is(obj, ObjType::kQueue) && QueueClass(obj) != Builtin::kSimpleQueueType))
    return InputError(absl::StrCat("unsupported in scenarios: assigning ", TypeName(obj), ".",
                                   StrOf(name),
                                   " (attributes a program adds to lockcheck's primitives are not "
                                   "modelled)"));
  return Raise(Builtin::kExcAttribute, absl::StrCat("'", ErrorTypeName(obj),
                                                    "' object has no attribute '", StrOf(name), "'"));
}

// ---- primitives --------------------------------------------------------------------------

// Lock.acquire's argument rules (_thread.lock, lock_acquire_parse_args in CPython).
Flow Exec::WithEnter(Value mgr) {
  if (!ClassOf(mgr).is_none()) return UserWith(mgr, /*enter=*/true, /*except=*/false);
  if (m_.Is(mgr, ObjType::kGenContext)) return GenContextWith(mgr, true, false);
  if (!m_.Is(mgr, ObjType::kLock) && !m_.Is(mgr, ObjType::kRLock) &&
      !m_.Is(mgr, ObjType::kCondition) && !m_.Is(mgr, ObjType::kSemaphore) &&
      !m_.Is(mgr, ObjType::kCriticalSection)) {
    return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(mgr), "' object does not support ",
                                                 "the context manager protocol"));
  }
  // Calls __enter__ (= acquire()) with the manager as self: [mgr, self] -> [mgr, True].
  Push(mgr);
  Flow f = CallMethodOn(mgr, Attr::kEnter, Value::None(), 0, nullptr, 0, 1);
  if (f == Flow::kYield) Pop();
  return f;
}

Flow Exec::WithExit(Value mgr) {
  if (!ClassOf(mgr).is_none()) return UserWith(mgr, /*enter=*/false, /*except=*/false);
  if (m_.Is(mgr, ObjType::kGenContext)) return GenContextWith(mgr, false, false);
  Push(mgr);
  Flow f = CallMethodOn(mgr, Attr::kExit, Value::None(), 0, nullptr, 0, 1);
  // __exit__'s result (None: never suppresses), or the pushed self when it yielded. A native
  // exit (kJumped) leaves the stack to its return action.
  if (f == Flow::kNext || f == Flow::kYield) Pop();
  return f;
}

Flow Exec::StartThread(Value target, Value args, Value kwargs, Value thread_obj, bool daemon,
                       Value name) {
  if (m_.num_threads >= kMaxThreads) {
    return InputError(absl::StrCat("too many threads: a scenario may start at most ",
                                   kMaxThreads - 1, " threads besides the main thread (",
                                   "lockcheck's limit)"));
  }
  int index = m_.num_threads;
  ThreadRec& t = m_.NewThread();  // (may move m_.threads: no references are held across it)
  t.daemon = daemon;
  t.thread_obj = thread_obj;
  t.frames.push_back({rt_.program.bootstrap_code, 0, 0});
  t.pending = Pending{PendingKind::kAlways, static_cast<uint8_t>(Access::kNone), Value::None()};
  t.values = {target, args, kwargs};
  // Everything handed to the new thread is reachable by two threads now: its target (and so
  // the target's default arguments), its arguments, and the Thread object (current_thread()).
  for (Value v : {target, args, kwargs, thread_obj}) m_.Publish(v);
  if (m_.Is(thread_obj, ObjType::kThread)) {
    Value* p = m_.payload(thread_obj);
    p[kThreadState] = ThreadStateValue(index, daemon);
    // The new thread holds target and arguments now; the Thread object no longer needs them.
    if (m_.size(thread_obj) > kThreadClass) {  // a subclass's instance keeps its class and dict
      for (int s : {kThreadTarget, kThreadArgs, kThreadKwargs}) p[s] = Value::None();
    } else {
      m_.Resize(thread_obj, kThreadTarget);
    }
  }
  if (tracing()) Outcome(absl::StrCat("started ", StrOf(name)));
  return Flow::kNext;
}

Flow Exec::ThreadMethod(Value self, Attr attr, const Value* args, size_t nargs,
                        const Value* kwnames, size_t nkw, Value* result) {
  switch (attr) {
    case Attr::kStart: {
      if (nargs > 0) return Raise(Builtin::kExcType, "Thread.start() takes no arguments");
      if (!GateAccess(Access::kStart, self)) return Flow::kYield;
      const Value* p = m_.payload(self);
      if (p[kThreadName].is_none())  // a subclass whose __init__ skipped Thread.__init__
        return Raise(Builtin::kExcRuntime, "thread.__init__() not called");
      if (ThreadIndexOf(p) >= 0)
        return Raise(Builtin::kExcRuntime, std::string(kStartedTwice));
      Value target = p[kThreadTarget], targs = p[kThreadArgs], tkwargs = p[kThreadKwargs];
      Value cls = ThreadClassOf(p, m_.size(self)), run, run_name = MakeStr("run");
      // A subclass's run() replaces Thread.run (which calls the target).
      if (!cls.is_none() && FindInMro(cls, run_name, &run) && m_.Is(run, ObjType::kFunction)) {
        target = NewBoundMethod(self, run, run_name);
        targs = Value::None();
        tkwargs = Value::None();
      }
      p = m_.payload(self);
      return StartThread(target, targs, tkwargs, self, ThreadDaemonOf(p), p[kThreadName]);
    }
    case Attr::kJoin: {
      Value a[1];
      Flow f = Bind("join", {"timeout"}, 0, args, nargs, kwnames, nkw, a);
      if (f != Flow::kNext) return f;
      AcquireMode mode = AcquireMode::kBlocking;
      if (!a[0].is_unbound() && !a[0].is_none()) {
        if (!IsNumber(a[0])) return TimeoutTypeError(a[0]);
        mode = FloatOf(a[0]) > 0 ? AcquireMode::kTimed : AcquireMode::kNonBlocking;
      }
      // The checks run before any waiting, in CPython's order.
      int64_t index = ThreadIndexOf(m_.payload(self));
      if (index < 0) return Raise(Builtin::kExcRuntime, std::string(kJoinBeforeStart));
      if (index == tid_) return Raise(Builtin::kExcRuntime, std::string(kJoinCurrent));
      // join(0) only looks: a kAlways operation (of unknown footprint for the reduction).
      bool looks = mode == AcquireMode::kNonBlocking;
      Pending p{looks ? PendingKind::kAlways : PendingKind::kJoin,
                looks ? static_cast<uint8_t>(Access::kUnknown) : static_cast<uint8_t>(mode),
                looks ? Value::None() : self};
      uint32_t choice = Gate(p);
      if (!choice) return Flow::kYield;
      if (tracing()) {
        bool done = m_.threads[index].finished;
        Outcome(done ? absl::StrCat("joined ", StrOf(m_.ThreadNameValue(index)))
                     : absl::StrCat("timed out (", StrOf(m_.ThreadNameValue(index)),
                                    " still running)"));
      }
      *result = Value::None();
      return Flow::kNext;
    }
    case Attr::kIsAlive: {
      if (!GateAlways()) return Flow::kYield;
      int64_t index = ThreadIndexOf(m_.payload(self));
      *result = Value::Bool(index >= 0 && !m_.threads[index].finished);
      if (tracing()) Outcome(absl::StrCat("returned ", Repr(*result)));
      return Flow::kNext;
    }
    case Attr::kGetName:
    case Attr::kIsDaemon: {
      if (!GateAlways()) return Flow::kYield;
      const Value* p = m_.payload(self);
      *result = attr == Attr::kGetName ? p[kThreadName] : Value::Bool(ThreadDaemonOf(p));
      return Flow::kNext;
    }
    case Attr::kSetName:
    case Attr::kSetDaemon: {
      if (nargs != 1) return Raise(Builtin::kExcType, "expected one argument");
      Value v = args[0];
      return StoreAttr(self, attr == Attr::kSetName ? Attr::kName : Attr::kDaemon, Value::None(), v);
    }
    default:
      return Raise(Builtin::kExcAttribute, NoAttributeMessage(ErrorTypeName(self), attr));
  }
}

// Thread.__init__(group, target, name, args, kwargs, daemon) on a new Thread object (or a
// subclass's instance).
Flow Exec::InitThread(Value thread, const Value* args, size_t nargs, const Value* kwnames,
                      size_t nkw) {
  Value a[6];
  Flow f = Bind("Thread", {"group", "target", "name", "args", "kwargs", "daemon"}, 0, args,
                nargs, kwnames, nkw, a);
  if (f != Flow::kNext) return f;
  if (!a[0].is_unbound() && !a[0].is_none())
    return Raise(Builtin::kExcAssertion, "group argument must be None for now");
  Value target = a[1].is_unbound() ? Value::None() : a[1];
  Value thread_name;
  if (!a[2].is_unbound() && !a[2].is_none() && Truthy(a[2])) {
    thread_name = MakeStr(Str(a[2]));
  } else {
    ++m_.thread_counter;
    // A subclass without a target is "Thread-N", as CPython names it.
    thread_name = MakeStr(
        DefaultThreadName(m_.thread_counter, target.is_none() ? "" : CallableName(target)));
  }
  bool daemon = !a[5].is_unbound() && !a[5].is_none()
                    ? Truthy(a[5])
                    : T().daemon;  // inherits the creating thread's daemon status
  Value* p = m_.payload(thread);
  p[kThreadTarget] = target;
  p[kThreadArgs] = a[3].is_unbound() ? Value::None() : a[3];
  p[kThreadKwargs] = a[4].is_unbound() ? Value::None() : a[4];
  p[kThreadName] = thread_name;
  p[kThreadState] = ThreadStateValue(-1, daemon);
  for (Value v : {target, p[kThreadArgs], p[kThreadKwargs]}) m_.PublishInto(thread, v);
  return Flow::kNext;
}

// ---- containers --------------------------------------------------------------------------

Flow Exec::ListMethod(Value self, Attr attr, const Value* args, size_t nargs,
                      const Value* kwnames, size_t nkw, Value* result) {
  bool list = m_.IsListLike(self);  // mutable (a list or a deque)
  std::string type = TypeName(self);
  if (attr == Attr::kSort) {
    for (size_t i = 0; i < nkw; ++i) {
      // Only reverse= is supported: a key function would need a call back into Python.
      if (StrOf(kwnames[i]) != "reverse") {
        return InputError(absl::StrCat("unsupported in scenarios: sort(", StrOf(kwnames[i]),
                                       "=...) (only reverse= is modelled)"));
      }
    }
  } else if (nkw > 0) {
    return Raise(Builtin::kExcType, absl::StrCat(type, ".", "method() takes no keyword arguments"));
  }
  {
    // extend reads its argument's items; index, count and remove compare theirs with the
    // list's; sort compares the list's items.
    const bool reads_arg = nargs >= 1 && (attr == Attr::kExtend || attr == Attr::kIndex ||
                                          attr == Attr::kCount || attr == Attr::kRemove);
    const bool compares = attr == Attr::kIndex || attr == Attr::kCount ||
                          attr == Attr::kRemove || attr == Attr::kSort;
    if (!GateValues(self, MethodOnlyReads(attr) ? Access::kRead : Access::kWrite, args,
                    reads_arg ? 1 : 0, compares))
      return Flow::kYield;
  }
  auto want = [&](size_t lo, size_t hi, absl::string_view name) -> bool {
    if (nargs >= lo && nargs <= hi) return true;
    if (lo == hi) {
      Raise(Builtin::kExcType, absl::StrCat(type, ".", name, "() takes exactly ",
                                            lo == 0 ? "no arguments" : absl::StrCat("one argument"),
                                            " (", nargs, " given)"));
    } else {
      Raise(Builtin::kExcType, absl::StrCat(name, " expected at most ", hi, " arguments, got ", nargs));
    }
    return false;
  };
  uint32_t n = m_.size(self);
  auto find = [&](Value x) -> int64_t {
    for (uint32_t i = 0; i < m_.size(self); ++i) {
      Value v = m_.payload(self)[i];
      if (v == x || Eq(v, x)) return i;
    }
    return -1;
  };
  switch (attr) {
    case Attr::kAppend:
      if (!want(1, 1, "append")) return Flow::kUnwound;
      if (n + 1 > static_cast<uint64_t>(rt_.limits.max_object_size)) {
        NewSequence(ObjType::kList, n + 1);
        return Flow::kStop;
      }
      m_.Resize(self, n + 1);
      m_.payload(self)[n] = args[0];
      m_.PublishInto(self, args[0]);
      Outcome(absl::StrCat("appended ", tracing() ? Repr(args[0]) : ""));
      return Flow::kNext;
    case Attr::kAppendleft: {
      if (!want(1, 1, "appendleft")) return Flow::kUnwound;
      if (n + 1 > static_cast<uint64_t>(rt_.limits.max_object_size)) {
        NewSequence(ObjType::kList, n + 1);
        return Flow::kStop;
      }
      m_.Resize(self, n + 1);
      Value* p = m_.payload(self);
      for (uint32_t k = n; k > 0; --k) p[k] = p[k - 1];
      p[0] = args[0];
      m_.PublishInto(self, args[0]);
      return Flow::kNext;
    }
    case Attr::kPopleft: {
      if (!want(0, 0, "popleft")) return Flow::kUnwound;
      if (n == 0) return Raise(Builtin::kExcIndex, "pop from an empty deque");
      *result = m_.payload(self)[0];
      m_.Erase(self, 0);
      if (tracing()) Outcome(absl::StrCat("returned ", Repr(*result)));
      return Flow::kNext;
    }
    case Attr::kPop: {
      if (m_.Is(self, ObjType::kDeque) && nargs > 0)
        return Raise(Builtin::kExcType, "deque.pop() takes no arguments (1 given)");
      if (!want(0, 1, "pop")) return Flow::kUnwound;
      if (n == 0) {
        return Raise(Builtin::kExcIndex, m_.Is(self, ObjType::kDeque) ? "pop from an empty deque"
                                                                      : "pop from empty list");
      }
      // CPython's check; IntOf of a non-int would read the int pool at a bogus index (found by
      // the check fuzz target: `items.pop(TypeError)`).
      if (nargs > 0 && !IsInt(args[0])) {
        return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(args[0]),
                                                     "' object cannot be interpreted as an integer"));
      }
      int64_t i = nargs ? IntOf(args[0]) : -1;
      if (i < 0) i += n;
      if (i < 0 || i >= n) return Raise(Builtin::kExcIndex, "pop index out of range");
      *result = m_.payload(self)[i];
      m_.Erase(self, static_cast<uint32_t>(i));
      if (tracing()) Outcome(absl::StrCat("returned ", Repr(*result)));
      return Flow::kNext;
    }
    case Attr::kInsert: {
      if (!want(2, 2, "insert")) return Flow::kUnwound;
      if (!IsInt(args[0])) {
        return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(args[0]),
                                                     "' object cannot be interpreted as an integer"));
      }
      int64_t i = IntOf(args[0]);
      if (i < 0) i = std::max<int64_t>(0, i + n);
      i = std::min<int64_t>(i, n);
      m_.Resize(self, n + 1);
      Value* p = m_.payload(self);
      for (uint32_t k = n; k > i; --k) p[k] = p[k - 1];
      p[i] = args[1];
      m_.PublishInto(self, args[1]);
      return Flow::kNext;
    }
    case Attr::kRemove: {
      if (!want(1, 1, "remove")) return Flow::kUnwound;
      int64_t i = find(args[0]);
      if (i < 0) return Raise(Builtin::kExcValue, "list.remove(x): x not in list");
      m_.Erase(self, static_cast<uint32_t>(i));
      return Flow::kNext;
    }
    case Attr::kIndex: {
      if (!want(1, 1, "index")) return Flow::kUnwound;
      int64_t i = find(args[0]);
      if (i < 0) {
        return Raise(Builtin::kExcValue, list ? absl::StrCat(Repr(args[0]), " is not in list")
                                              : "tuple.index(x): x not in tuple");
      }
      *result = Value::SmallInt(i);
      return Flow::kNext;
    }
    case Attr::kCount: {
      if (!want(1, 1, "count")) return Flow::kUnwound;
      int64_t c = 0;
      for (uint32_t i = 0; i < n; ++i) c += Eq(m_.payload(self)[i], args[0]);
      *result = Value::SmallInt(c);
      return Flow::kNext;
    }
    case Attr::kExtend: {
      if (!want(1, 1, "extend")) return Flow::kUnwound;
      Args items;
      Flow f = Items(args[0], items);
      if (f != Flow::kNext) return f;
      if (n + items.size() > static_cast<uint64_t>(rt_.limits.max_object_size)) {
        NewSequence(ObjType::kList, n + items.size());
        return Flow::kStop;
      }
      m_.Resize(self, n + static_cast<uint32_t>(items.size()));
      for (size_t i = 0; i < items.size(); ++i) {
        m_.payload(self)[n + i] = items[i];
        m_.PublishInto(self, items[i]);
      }
      return Flow::kNext;
    }
    case Attr::kClear:
      if (!want(0, 0, "clear")) return Flow::kUnwound;
      m_.Resize(self, 0);
      return Flow::kNext;
    case Attr::kReverse:
      if (!want(0, 0, "reverse")) return Flow::kUnwound;
      std::reverse(m_.payload(self), m_.payload(self) + n);
      return Flow::kNext;
    case Attr::kCopy: {
      if (!want(0, 0, "copy")) return Flow::kUnwound;
      std::optional<Value> r = NewSequence(m_.type(self), n);
      if (!r) return Flow::kStop;
      for (uint32_t i = 0; i < n; ++i) m_.payload(*r)[i] = m_.payload(self)[i];
      *result = *r;
      return Flow::kNext;
    }
    case Attr::kSort: {
      if (nargs - nkw > 0) return Raise(Builtin::kExcType, "sort() takes no positional arguments");
      bool reverse = false;
      for (size_t k = 0; k < nkw; ++k) reverse = Truthy(args[nargs - nkw + k]);
      Args items(m_.payload(self), m_.payload(self) + n);
      // TypeError on unorderable items.
      if (!SortItems(items, reverse)) return Flow::kUnwound;
      for (uint32_t i = 0; i < n; ++i) m_.payload(self)[i] = items[i];
      return Flow::kNext;
    }
    default:
      return Raise(Builtin::kExcAttribute, NoAttributeMessage(ErrorTypeName(self), attr));
  }
}

Flow Exec::DictMethod(Value self, Attr attr, const Value* args, size_t nargs, Value* result) {
  // update reads its argument (setdefault's and get's keys are hashable: comparing them reads
  // no container).
  if (!GateValues(self, MethodOnlyReads(attr) ? Access::kRead : Access::kWrite, args,
                  attr == Attr::kUpdate && nargs >= 1 ? 1 : 0, false))
    return Flow::kYield;
  int64_t index = -1;
  if ((attr == Attr::kGet || attr == Attr::kPop || attr == Attr::kSetdefault) && nargs >= 1) {
    Flow f = DictFind(self, args[0], &index);
    if (f != Flow::kNext) return f;
  }
  uint32_t n = m_.size(self);
  switch (attr) {
    case Attr::kGet:
      if (nargs < 1 || nargs > 2) return Raise(Builtin::kExcType, "get expected 1 or 2 arguments");
      *result = index >= 0 ? m_.payload(self)[2 * index + 1] : (nargs == 2 ? args[1] : Value::None());
      return Flow::kNext;
    case Attr::kSetdefault:
      if (nargs < 1 || nargs > 2) return Raise(Builtin::kExcType, "setdefault expected 1 or 2 arguments");
      if (index >= 0) {
        *result = m_.payload(self)[2 * index + 1];
        return Flow::kNext;
      }
      *result = nargs == 2 ? args[1] : Value::None();
      return DictSet(self, args[0], *result);
    case Attr::kPop: {
      if (nargs < 1 || nargs > 2) return Raise(Builtin::kExcType, "pop expected 1 or 2 arguments");
      if (index < 0) {
        if (nargs == 2) {
          *result = args[1];
          return Flow::kNext;
        }
        return RaiseKeyError(args[0]);
      }
      *result = m_.payload(self)[2 * index + 1];
      m_.Erase(self, static_cast<uint32_t>(2 * index), 2);
      return Flow::kNext;
    }
    case Attr::kKeys:
    case Attr::kValues:
    case Attr::kItems:  // a live view (iterators.cc)
      if (nargs != 0) return Raise(Builtin::kExcType, "dict view methods take no arguments");
      *result = NewDictView(self, attr == Attr::kKeys     ? IterMode::kKeys
                                  : attr == Attr::kValues ? IterMode::kValues
                                                          : IterMode::kItems);
      return Flow::kNext;
    case Attr::kUpdate: {
      if (nargs != 1 || !m_.Is(args[0], ObjType::kDict))
        return Raise(Builtin::kExcType, "update() takes one dict argument in scenarios");
      uint32_t other = m_.size(args[0]);
      for (uint32_t i = 0; i < other; i += 2) {
        Flow f = DictSet(self, m_.payload(args[0])[i], m_.payload(args[0])[i + 1]);
        if (f != Flow::kNext) return f;
      }
      return Flow::kNext;
    }
    case Attr::kClear: m_.Resize(self, 0); return Flow::kNext;
    case Attr::kCopy: {
      Value r = m_.NewObject(ObjType::kDict, n);
      for (uint32_t i = 0; i < n; ++i) m_.payload(r)[i] = m_.payload(self)[i];
      *result = r;
      return Flow::kNext;
    }
    default: return Raise(Builtin::kExcAttribute, NoAttributeMessage(ErrorTypeName(self), attr));
  }
}

Flow Exec::StrMethod(Value self, Attr attr, const Value* args, size_t nargs, Value* result) {
  std::string s(StrOf(self));
  auto str_arg = [&](size_t i, absl::string_view method, std::string* out) -> bool {
    if (i >= nargs || !args[i].is_str()) {
      Raise(Builtin::kExcType, absl::StrCat(method, "() argument must be str"));
      return false;
    }
    *out = std::string(StrOf(args[i]));
    return true;
  };
  std::string a, b;
  switch (attr) {
    case Attr::kJoin: {
      if (nargs != 1) return Raise(Builtin::kExcType, "str.join() takes exactly one argument");
      if (!GateShared(args[0])) return Flow::kYield;
      Args items;
      Flow f = Items(args[0], items);
      if (f != Flow::kNext) return f;
      std::string out;
      for (size_t i = 0; i < items.size(); ++i) {
        if (!items[i].is_str()) {
          return Raise(Builtin::kExcType, absl::StrCat("sequence item ", i, ": expected str ",
                                                       "instance, ", TypeName(items[i]), " found"));
        }
        if (i) out += s;
        absl::StrAppend(&out, StrOf(items[i]));
      }
      *result = MakeStr(out);
      return Flow::kNext;
    }
    case Attr::kUpper:
    case Attr::kLower:
      for (char& c : s) c = attr == Attr::kUpper ? absl::ascii_toupper(c) : absl::ascii_tolower(c);
      *result = MakeStr(s);
      return Flow::kNext;
    case Attr::kStrip:
      *result = MakeStr(absl::StripAsciiWhitespace(s));
      return Flow::kNext;
    case Attr::kSplit: {
      std::vector<std::string> parts;
      if (nargs == 0 || args[0].is_none()) {
        parts = absl::StrSplit(s, absl::ByAnyChar(" \t\n\r\f\v"), absl::SkipEmpty());
      } else {
        if (!str_arg(0, "split", &a)) return Flow::kUnwound;
        if (a.empty()) return Raise(Builtin::kExcValue, "empty separator");
        parts = absl::StrSplit(s, a);
      }
      std::optional<Value> r = NewSequence(ObjType::kList, parts.size());
      if (!r) return Flow::kStop;
      for (size_t i = 0; i < parts.size(); ++i) m_.payload(*r)[i] = MakeStr(parts[i]);
      *result = *r;
      return Flow::kNext;
    }
    case Attr::kStartswith:
    case Attr::kEndswith:
      if (!str_arg(0, attr == Attr::kStartswith ? "startswith" : "endswith", &a))
        return Flow::kUnwound;
      *result = Value::Bool(attr == Attr::kStartswith ? absl::StartsWith(s, a) : absl::EndsWith(s, a));
      return Flow::kNext;
    case Attr::kReplace:
      if (!str_arg(0, "replace", &a) || !str_arg(1, "replace", &b)) return Flow::kUnwound;
      *result = MakeStr(absl::StrReplaceAll(s, {{a, b}}));
      return Flow::kNext;
    case Attr::kFind:
    case Attr::kIndex:
    case Attr::kCount: {
      if (!str_arg(0, "find", &a)) return Flow::kUnwound;
      if (attr == Attr::kCount) {
        int64_t c = 0;
        if (a.empty()) c = static_cast<int64_t>(s.size()) + 1;
        else for (size_t p = s.find(a); p != std::string::npos; p = s.find(a, p + a.size())) ++c;
        *result = Value::SmallInt(c);
        return Flow::kNext;
      }
      size_t p = s.find(a);
      if (p == std::string::npos && attr == Attr::kIndex)
        return Raise(Builtin::kExcValue, "substring not found");
      *result = Value::SmallInt(p == std::string::npos ? -1 : static_cast<int64_t>(p));
      return Flow::kNext;
    }
    default:
      return Raise(Builtin::kExcAttribute, NoAttributeMessage(ErrorTypeName(self), attr));
  }
}

// ---- builtin functions -------------------------------------------------------------------

Flow Exec::CallBuiltin(Builtin b, size_t nargs, const Value* kwnames, size_t nkw, size_t below) {
  Args args(S().end() - nargs, S().end());
  size_t npos = nargs - nkw;
  Value result = Value::None();
  // Gates a builtin that reads its arguments: the containers only (`deep` false: len, list(),
  // zip, ...), or their values (min, sorted, any, str, ...; `repr`: as str() shows them).
  auto gate_args = [&](bool deep, bool repr = false) {
    return GateValues(Value::None(), Access::kRead, args.data(), args.size(), false, deep, repr);
  };
  auto done = [&]() {
    S().resize(S().size() - nargs - below);
    Push(result);
    return Flow::kNext;
  };
  auto no_kw = [&](absl::string_view name) -> bool {
    if (nkw == 0) return true;
    Raise(Builtin::kExcType, absl::StrCat(name, "() takes no keyword arguments"));
    return false;
  };
  bool primitive;
  Flow pf = PrimitiveFunction(b, args.data(), nargs, kwnames, nkw, below, &result, &primitive);
  if (primitive) return pf == Flow::kNext ? done() : pf;
  if (b == Builtin::kNext) return NextBuiltin(nargs, kwnames, nkw, below);  // generators.cc
  if (IsRandomMember(b)) return RandomBuiltin(b, nargs, kwnames, nkw, below);  // random.cc
  if (b == Builtin::kPartial || b == Builtin::kWraps || b == Builtin::kContextManager)
    return FunctoolsBuiltin(b, nargs, kwnames, nkw, below);  // functools.cc
  if (Flow f; ConsumeGeneratorArgument(b, nargs, kwnames, nkw, below, &f)) return f;
  std::string name(BuiltinShortName(b));
  const bool sys_exit = b == Builtin::kSysExit;
  if (sys_exit) {  // sys.exit([arg]) raises SystemExit(arg)
    if (!no_kw("exit")) return Flow::kUnwound;
    if (npos > 1) {
      return Raise(Builtin::kExcType,
                   absl::StrCat("exit expected at most 1 argument, got ", npos));
    }
    b = Builtin::kExcSystemExit;
    name = std::string(BuiltinShortName(b));
  }
  if (IsExceptionType(b)) {
    if (!no_kw(name)) return Flow::kUnwound;
    if (!gate_args(true, true)) return Flow::kYield;  // the message's str() reads it
    // CPython keeps every argument (args) and str(e) is the tuple's repr for several; the
    // model keeps the message of one.
    if (npos > 1) {
      return InputError(absl::StrCat("unsupported in scenarios: ", name,
                                     "() with more than one argument (lockcheck keeps one "
                                     "message)"));
    }
    Value exc = m_.NewObject(ObjType::kException, kExcSlots);
    Value* p = m_.payload(exc);
    p[kExcType] = Value::Builtin(static_cast<uint32_t>(b));
    p[kExcMessage] = npos == 0 ? Value::None() : MakeStr(Str(args[0]));
    // Marks args as not kept (classes.cc LoadAttr refuses reading them) where they would not be
    // (message,).
    if (npos == 1 && !args[0].is_str()) p[kExcArgs] = Value::Bool(false);
    p[kExcReported] = Value::Bool(false);
    SourceLoc at = Here();
    p[kExcLine] = ExcLineWord(at);
    p[kExcColumn] = Value::SmallInt(at.column);
    // SystemExit keeps an int, bool or None argument itself: its `code` is the exit status.
    if (b == Builtin::kExcSystemExit && npos == 1 &&
        (IsInt(args[0]) || args[0].is_none() || args[0].is_str()))
      SetExcArgs(exc, args.data(), 1);
    result = exc;
    if (sys_exit) return Throw(exc);
    return done();
  }
  switch (b) {
    case Builtin::kPrint: {
      for (size_t i = 0; i < npos; ++i) {
        if (HasValueDunder(args[i], "__str__") || HasValueDunder(args[i], "__repr__")) {
          return InputError(absl::StrCat("unsupported in scenarios: print() of a '",
                                         TypeName(args[i]), "' that defines __str__ or __repr__ ",
                                         "(print(str(x)) or an f-string calls it)"));
        }
      }
      Value sep = MakeStr(" "), end = MakeStr("\n");
      for (size_t k = 0; k < nkw; ++k) {
        absl::string_view kw = StrOf(kwnames[k]);
        Value v = args[npos + k];
        if (kw == "sep" || kw == "end") {
          if (!v.is_none() && !v.is_str())
            return Raise(Builtin::kExcType, absl::StrCat(kw, " must be None or a string, not ", TypeName(v)));
          if (!v.is_none()) (kw == "sep" ? sep : end) = v;
        } else if (kw != "flush") {
          return Raise(Builtin::kExcType, absl::StrCat("'", kw, "' is an invalid keyword argument for print()"));
        }
      }
      {
        // Always visible (output); a read of what it prints when that is shared.
        Access access = Access::kNone;
        Value obj = Value::None();
        ValueFootprint(Value::None(), Access::kRead, args.data(), args.size(), false, true, true,
                       &access, &obj);
        if (!GateAccess(access, obj)) return Flow::kYield;
      }
      if (tracing()) {
        std::string text;
        for (size_t i = 0; i < npos; ++i) absl::StrAppend(&text, i ? StrOf(sep) : "", Str(args[i]));
        absl::StrAppend(&text, StrOf(end));
        Print(text);
        Outcome("printed");
      }
      return done();
    }
    case Builtin::kLen: {
      if (!no_kw("len")) return Flow::kUnwound;
      if (npos != 1) return Raise(Builtin::kExcType, absl::StrCat("len() takes exactly one argument (", npos, " given)"));
      if (args[0].is_obj()) {
        Flow f;
        if (UserLen(args[0], nargs + below, &f)) return f;
      }
      if (!gate_args(false)) return Flow::kYield;
      Value v = args[0];
      if (v.is_str()) {
        int64_t n = 0;
        for (unsigned char c : StrOf(v)) n += (c & 0xC0) != 0x80;
        result = Value::SmallInt(n);
      } else if (m_.IsListLike(v) || m_.Is(v, ObjType::kTuple) || IsSetLike(v)) {
        result = Value::SmallInt(m_.size(v));
      } else if (m_.Is(v, ObjType::kDict)) {
        result = Value::SmallInt(m_.size(v) / 2);
      } else if (m_.Is(v, ObjType::kDictView)) {
        result = Value::SmallInt(m_.size(m_.payload(v)[0]) / 2);
      } else if (m_.Is(v, ObjType::kRange)) {
        Args items;
        Value r;
        const Value* p = m_.payload(v);
        int64_t start = p[0].small_int(), stop = p[1].small_int(), step = p[2].small_int();
        int64_t n = step > 0 ? (stop > start ? (stop - start + step - 1) / step : 0)
                             : (start > stop ? (start - stop - step - 1) / -step : 0);
        result = Value::SmallInt(n);
        (void)r;
      } else {
        return Raise(Builtin::kExcType, absl::StrCat("object of type '", TypeName(v), "' has no len()"));
      }
      if (tracing()) Outcome(absl::StrCat("returned ", Repr(result)));
      return done();
    }
    case Builtin::kRange: {
      if (!no_kw("range")) return Flow::kUnwound;
      if (npos < 1 || npos > 3)
        return Raise(Builtin::kExcType, absl::StrCat("range expected at most 3 arguments, got ", npos));
      int64_t v[3] = {0, 0, 1};
      for (size_t i = 0; i < npos; ++i) {
        if (!IsInt(args[i]))
          return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(args[i]), "' object cannot be interpreted as an integer"));
        if (!args[i].is_small_int() && !args[i].is_bool())
          return InputError("range bounds beyond 60 bits are not supported in scenarios");
      }
      if (npos == 1) v[1] = IntOf(args[0]);
      else {
        v[0] = IntOf(args[0]);
        v[1] = IntOf(args[1]);
        if (npos == 3) v[2] = IntOf(args[2]);
      }
      if (v[2] == 0) return Raise(Builtin::kExcValue, "range() arg 3 must not be zero");
      // A range no scenario could walk within the limits is refused up front.
      __int128 span = v[2] > 0 ? static_cast<__int128>(v[1]) - v[0] : static_cast<__int128>(v[0]) - v[1];
      __int128 length = span <= 0 ? 0 : (span + (v[2] > 0 ? v[2] : -v[2]) - 1) / (v[2] > 0 ? v[2] : -v[2]);
      if (length > rt_.limits.max_object_size) {
        return InputError(absl::StrCat("range too large: ", static_cast<int64_t>(length),
                                       " items (the limit is ", rt_.limits.max_object_size, ")"));
      }
      result = m_.NewObject(ObjType::kRange, 3);
      for (int i = 0; i < 3; ++i) m_.payload(result)[i] = Value::SmallInt(v[i]);
      return done();
    }
    case Builtin::kMin:
    case Builtin::kMax:
    case Builtin::kSum:
    case Builtin::kSorted:
    case Builtin::kAny:
    case Builtin::kAll:
    case Builtin::kListType:
    case Builtin::kTupleType: {
      // min, max, sum, sorted, any and all look at the items' values; the others copy them.
      if (!gate_args(b == Builtin::kMin || b == Builtin::kMax || b == Builtin::kSum ||
                     b == Builtin::kSorted || b == Builtin::kAny || b == Builtin::kAll))
        return Flow::kYield;
      Value kw[2] = {Value::Unbound(), Value::Unbound()};
      for (size_t k = 0; k < nkw; ++k) {
        absl::string_view n = StrOf(kwnames[k]);
        bool ok = (n == "reverse" && b == Builtin::kSorted) || (n == "start" && b == Builtin::kSum) ||
                  (n == "default" && (b == Builtin::kMin || b == Builtin::kMax));
        if (!ok) return Raise(Builtin::kExcType, absl::StrCat(name, "() got an unexpected keyword argument '", n, "'"));
        kw[n == "default" ? 1 : 0] = args[npos + k];
      }
      Args items;
      if ((b == Builtin::kMin || b == Builtin::kMax) && npos > 1) {
        items.assign(args.begin(), args.begin() + npos);
      } else if ((b == Builtin::kListType || b == Builtin::kTupleType) && npos == 0) {
        // empty
      } else {
        if (npos < 1) return Raise(Builtin::kExcType, absl::StrCat(name, " expected at least 1 argument, got 0"));
        size_t max_pos = b == Builtin::kSum ? 2 : 1;
        if (npos > max_pos) return Raise(Builtin::kExcType, absl::StrCat(name, " expected at most ", max_pos, " arguments, got ", npos));
        Flow f = Items(args[0], items);
        if (f != Flow::kNext) return f;
        if (npos == 2) kw[0] = args[1];
      }
      switch (b) {
        case Builtin::kMin:
        case Builtin::kMax: {
          if (items.empty()) {
            if (!kw[1].is_unbound()) {
              result = kw[1];
              return done();
            }
            return Raise(Builtin::kExcValue, absl::StrCat(name, "() iterable argument is empty"));
          }
          result = items[0];
          for (size_t i = 1; i < items.size(); ++i) {
            std::optional<bool> better = Order(items[i], result, b == Builtin::kMin ? ast::Op::kLt : ast::Op::kGt);
            if (!better) return Flow::kUnwound;
            if (*better) result = items[i];
          }
          return done();
        }
        case Builtin::kSum: {
          result = kw[0].is_unbound() ? Value::SmallInt(0) : kw[0];
          for (Value v : items) {
            Value r;
            Flow f = Binary(ast::Op::kAdd, result, v, false, &r);
            if (f != Flow::kNext) return f;
            result = r;
          }
          return done();
        }
        case Builtin::kAny:
        case Builtin::kAll: {
          bool any = b == Builtin::kAny;
          result = Value::Bool(!any);
          for (Value v : items)
            if (Truthy(v) == any) {
              result = Value::Bool(any);
              break;
            }
          return done();
        }
        default: {
          std::optional<Value> r = NewSequence(b == Builtin::kTupleType ? ObjType::kTuple : ObjType::kList, items.size());
          if (!r) return Flow::kStop;
          if (b == Builtin::kSorted &&
              !SortItems(items, !kw[0].is_unbound() && Truthy(kw[0]))) {
            return Flow::kUnwound;
          }
          for (size_t i = 0; i < items.size(); ++i) m_.payload(*r)[i] = items[i];
          result = *r;
          return done();
        }
      }
    }
    case Builtin::kEnumerate:
    case Builtin::kZip:
    case Builtin::kReversed:
    case Builtin::kMap:
    case Builtin::kFilter:
    case Builtin::kIter: {  // live iterators (iterators.cc): made here, stepped when used
      // (A dict's, set's or deque's iterator notes its size when it is made.)
      if (!gate_args(false)) return Flow::kYield;
      Flow f = IterBuiltin(b, args.data(), npos, kwnames, nkw, &result);
      if (f != Flow::kNext) return f;
      return done();
    }
    case Builtin::kGetattr:
    case Builtin::kSetattr:
    case Builtin::kHasattr:
    case Builtin::kDelattr:
      return AttrBuiltin(b, nargs, kwnames, nkw, below);  // attr_builtins.cc
    case Builtin::kHash:
    case Builtin::kId:
    case Builtin::kCallable: {
      Flow f = ObjectBuiltin(b, args.data(), npos, nkw, &result);
      if (f != Flow::kNext) return f;
      return done();
    }
    case Builtin::kSetType:
    case Builtin::kFrozenSetType: {
      if (!gate_args(false)) return Flow::kYield;
      Flow f = SetBuiltin(b, args.data(), npos, nkw, &result);
      if (f != Flow::kNext) return f;
      return done();
    }
    case Builtin::kAbs: {
      if (npos != 1 || !IsNumber(args[0]))
        return Raise(Builtin::kExcType,
                     npos == 1
                         ? absl::StrCat("bad operand type for abs(): '", TypeName(args[0]), "'")
                         : "bad operand type for abs()");
      if (IsInt(args[0])) {
        std::optional<Value> r = MakeInt(IntOf(args[0]) < 0 ? -static_cast<__int128>(IntOf(args[0])) : static_cast<__int128>(IntOf(args[0])));
        if (!r) return Flow::kStop;
        result = *r;
      } else {
        result = I().Float(std::fabs(FloatOf(args[0])));
      }
      return done();
    }
    case Builtin::kDivmod: {
      if (npos != 2) return Raise(Builtin::kExcType, absl::StrCat("divmod expected 2 arguments, got ", npos));
      Value q, r;
      Flow f = Binary(ast::Op::kFloorDiv, args[0], args[1], false, &q);
      if (f != Flow::kNext) return f;
      f = Binary(ast::Op::kMod, args[0], args[1], false, &r);
      if (f != Flow::kNext) return f;
      result = m_.NewObject(ObjType::kTuple, 2);
      m_.payload(result)[0] = q;
      m_.payload(result)[1] = r;
      return done();
    }
    case Builtin::kStrType:
    case Builtin::kRepr: {
      if (!no_kw(name)) return Flow::kUnwound;
      if (npos > 1 || (b == Builtin::kRepr && npos != 1))
        return Raise(Builtin::kExcType, absl::StrCat(name, "() takes exactly one argument"));
      if (npos == 1 && args[0].is_obj()) {
        Flow f;
        if (UserStr(args[0], b == Builtin::kRepr, nargs + below, &f)) return f;
      }
      if (!gate_args(true, true)) return Flow::kYield;
      result = npos == 0 ? MakeStr("") : MakeStr(b == Builtin::kRepr ? ObservedRepr(args[0]) : Str(args[0]));
      return done();
    }
    case Builtin::kIntType: {
      // int(x) and int(text, base) as CPython reads them (int_literal.h); what does not fit
      // in 64 bits is an input error, never another value.
      std::optional<Value> base_arg;
      if (npos >= 2) base_arg = args[1];
      for (size_t k = 0; k < nkw; ++k) {
        if (StrOf(kwnames[k]) != "base" || base_arg)
          return Raise(Builtin::kExcType, absl::StrCat("int() got an unexpected keyword argument '",
                                                       StrOf(kwnames[k]), "'"));
        base_arg = args[npos + k];
      }
      if (npos > 2) return Raise(Builtin::kExcType, "int() takes at most 2 arguments");
      if (npos == 0) {
        if (base_arg) return Raise(Builtin::kExcType, "int() missing string argument");
        result = Value::SmallInt(0);
        return done();
      }
      Value v = args[0];
      if (base_arg) {
        if (!IsInt(*base_arg))
          return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(*base_arg),
                                                       "' object cannot be interpreted as an integer"));
        if (!v.is_str())
          return Raise(Builtin::kExcType, "int() can't convert non-string with explicit base");
      }
      if (IsInt(v)) {
        result = I().Int(IntOf(v));
      } else if (I().IsFloat(v)) {
        double d = FloatOf(v);
        if (std::isnan(d)) return Raise(Builtin::kExcValue, "cannot convert float NaN to integer");
        if (std::isinf(d)) return Raise(Builtin::kExcOverflow, "cannot convert float infinity to integer");
        // Converting a double beyond 2^127 to __int128 is undefined: any |d| >= 2^63 but
        // INT64_MIN itself overflows 64 bits, so MakeInt is handed a value it refuses.
        double t = std::trunc(d);
        std::optional<Value> r = MakeInt(std::fabs(t) < 0x1p64 ? static_cast<__int128>(t)
                                                               : static_cast<__int128>(1) << 64);
        if (!r) return Flow::kStop;
        result = *r;
      } else if (v.is_str()) {
        int64_t base = base_arg ? IntOf(*base_arg) : 10;
        if (base != 0 && (base < 2 || base > 36))
          return Raise(Builtin::kExcValue, "int() base must be >= 2 and <= 36, or 0");
        IntLiteral lit = ParseIntLiteral(StrOf(v), static_cast<int>(base));
        switch (lit.outcome) {
          case IntLiteral::Outcome::kValue: result = I().Int(lit.value); break;
          case IntLiteral::Outcome::kInvalid:
            return Raise(Builtin::kExcValue, absl::StrCat("invalid literal for int() with base ",
                                                          base, ": ", Repr(v)));
          case IntLiteral::Outcome::kTooManyDigits:
            return Raise(Builtin::kExcValue,
                         absl::StrCat("Exceeds the limit (", kIntMaxStrDigits, " digits) for ",
                                      "integer string conversion: value has ", lit.digits,
                                      " digits; use sys.set_int_max_str_digits() to increase ",
                                      "the limit"));
          case IntLiteral::Outcome::kNonAscii:
            InputError("unsupported in scenarios: int() of a string with non-ASCII characters");
            return Flow::kStop;
          case IntLiteral::Outcome::kOverflow:
            InputError("integer overflow: the result does not fit in 64 bits (lockcheck's limit)");
            return Flow::kStop;
        }
      } else {
        return Raise(Builtin::kExcType, absl::StrCat("int() argument must be a string, a bytes-like object or a real number, not '", TypeName(v), "'"));
      }
      return done();
    }
    case Builtin::kFloatType: {
      if (npos == 0) result = I().Float(0);
      else if (IsNumber(args[0])) result = I().Float(FloatOf(args[0]));
      else if (args[0].is_str()) {
        double d;
        if (!absl::SimpleAtod(StrOf(args[0]), &d))
          return Raise(Builtin::kExcValue, absl::StrCat("could not convert string to float: ", Repr(args[0])));
        result = I().Float(d);
      } else {
        return Raise(Builtin::kExcType, absl::StrCat("float() argument must be a string or a real number, not '", TypeName(args[0]), "'"));
      }
      return done();
    }
    case Builtin::kBoolType:
      if (npos == 1 && (HasValueDunder(args[0], "__bool__") || HasValueDunder(args[0], "__len__"))) {
        S().resize(S().size() - nargs - below);
        Push(args[0]);  // [.., x]: its truth replaces it
        Flow f;
        UserTruth(args[0], &f);
        return f;
      }
      if (!gate_args(false)) return Flow::kYield;
      result = Value::Bool(npos > 0 && Truthy(args[0]));
      return done();
    case Builtin::kDictType: {
      if (npos > 0) return InputError("unsupported in scenarios: dict() with positional arguments");
      result = m_.NewObject(ObjType::kDict, 0);
      for (size_t k = 0; k < nkw; ++k) {
        Flow f = DictSet(result, kwnames[k], args[npos + k]);
        if (f != Flow::kNext) return f;
      }
      return done();
    }
    case Builtin::kIsinstance: {
      if (npos != 2) return Raise(Builtin::kExcType, absl::StrCat("isinstance expected 2 arguments, got ", npos));
      Args types;
      if (m_.Is(args[1], ObjType::kTuple)) Items(args[1], types);
      else types.push_back(args[1]);
      bool match = false;
      bool classes = false;
      for (Value t : types) {
        classes |= m_.Is(t, ObjType::kClass) ||
                   (t.is_builtin() && static_cast<Builtin>(t.payload()) == Builtin::kObjectType);
      }
      if (classes || !ClassOf(args[0]).is_none()) {
        Flow f = ClassInfoMatch(args[0], args[1], false, &match);
        if (f != Flow::kNext) return f;
        result = Value::Bool(match);
        return done();
      }
      std::string tn = TypeName(args[0]);
      for (Value t : types) {
        if (!t.is_builtin()) return Raise(Builtin::kExcType, "isinstance() arg 2 must be a type, a tuple of types, or a union");
        Builtin tb = static_cast<Builtin>(t.payload());
        std::string want(BuiltinShortName(tb));
        if (tb == Builtin::kLockType) want = "lock";
        match |= tn == want || (tb == Builtin::kIntType && tn == "bool") ||
                 ClassIsSubclass(TypeOfValue(args[0]), t) ||
                 (IsExceptionType(tb) && m_.Is(args[0], ObjType::kException) &&
                  (tb == Builtin::kExcBase || (tb == Builtin::kExcException && tn != "SystemExit")));
      }
      result = Value::Bool(match);
      return done();
    }
    case Builtin::kThreadType: {
      Value thread = m_.NewObject(ObjType::kThread, kThreadClass);
      Flow f = InitThread(thread, args.data(), nargs, kwnames, nkw);
      if (f != Flow::kNext) return f;
      result = thread;
      return done();
    }
    case Builtin::kSuper: {
      if (!no_kw("super")) return Flow::kUnwound;
      Flow f = MakeSuper(args.data(), npos, &result);
      if (f != Flow::kNext) return f;
      return done();
    }
    case Builtin::kTypeType: {
      if (nkw > 0 || npos != 1) return InputError("unsupported in scenarios: type() with other than one argument");
      result = TypeOfValue(args[0]);
      if (result.is_none())
        return InputError(absl::StrCat("unsupported in scenarios: type() of a '", TypeName(args[0]), "'"));
      return done();
    }
    case Builtin::kObjectType:
      if (nargs > 0) return Raise(Builtin::kExcType, "object() takes no arguments");
      result = m_.NewObject(ObjType::kInstance, kInstSlots);
      return done();
    case Builtin::kIssubclass: {
      if (npos != 2) return Raise(Builtin::kExcType, absl::StrCat("issubclass expected 2 arguments, got ", npos));
      bool match;
      Flow f = ClassInfoMatch(args[0], args[1], true, &match);
      if (f != Flow::kNext) return f;
      result = Value::Bool(match);
      return done();
    }
    case Builtin::kLockType:
    case Builtin::kAllocateLock:
      if (npos > 0) return Raise(Builtin::kExcType, "lock() takes no positional arguments");
      if (nkw > 0) return Raise(Builtin::kExcType, "lock() takes no keyword arguments");
      result = NewLockObject();
      return done();
    case Builtin::kRLockFactory:
      if (npos > 0) return Raise(Builtin::kExcType, absl::StrCat("RLock() takes 0 positional arguments but ", npos, npos == 1 ? " was" : " were", " given"));
      if (nkw > 0) return Raise(Builtin::kExcType, absl::StrCat("RLock() got an unexpected keyword argument '", StrOf(kwnames[0]), "'"));
      result = m_.NewObject(ObjType::kRLock, 2);
      m_.payload(result)[0] = Value::SmallInt(-1);
      m_.payload(result)[1] = Value::SmallInt(0);
      return done();
    case Builtin::kConditionType: {
      Value a[1];
      Flow f = Bind("Condition", {"lock"}, 0, args.data(), nargs, kwnames, nkw, a);
      if (f != Flow::kNext) return f;
      Value lock = a[0].is_unbound() || a[0].is_none() ? Value::None() : a[0];
      if (lock.is_none()) {  // Condition() makes an RLock
        lock = m_.NewObject(ObjType::kRLock, 2);
        m_.payload(lock)[0] = Value::SmallInt(-1);
        m_.payload(lock)[1] = Value::SmallInt(0);
      } else if (!m_.Is(lock, ObjType::kLock) && !m_.Is(lock, ObjType::kRLock)) {
        return InputError(absl::StrCat("unsupported in scenarios: Condition(", TypeName(lock),
                                       ") (the lock must be a Lock or an RLock)"));
      }
      result = NewCondition(lock);
      return done();
    }
    case Builtin::kSemaphoreType:
    case Builtin::kBoundedSemaphoreType: {
      Value a[1];
      Flow f = Bind(name, {"value"}, 0, args.data(), nargs, kwnames, nkw, a);
      if (f != Flow::kNext) return f;
      Value value = a[0].is_unbound() ? Value::SmallInt(1) : a[0];
      if (!IsInt(value)) {
        return Raise(Builtin::kExcType, absl::StrCat("'<' not supported between instances of '",
                                                     TypeName(value), "' and 'int'"));
      }
      if (IntOf(value) < 0) return Raise(Builtin::kExcValue, "semaphore initial value must be >= 0");
      if (!value.is_small_int()) return InputError("semaphore value beyond 60 bits");
      result = m_.NewObject(ObjType::kSemaphore, 3);
      Value cond = NewCondition(NewLockObject());
      Value* p = m_.payload(result);
      p[0] = cond;
      p[1] = Value::SmallInt(IntOf(value));
      p[2] = Value::SmallInt(b == Builtin::kBoundedSemaphoreType ? IntOf(value) : -1);
      return done();
    }
    case Builtin::kBarrierType: {
      Value a[3];
      Flow f = Bind("Barrier", {"parties", "action", "timeout"}, 1, args.data(), nargs, kwnames,
                    nkw, a);
      if (f != Flow::kNext) return f;
      if (!IsInt(a[0])) {
        return Raise(Builtin::kExcType, absl::StrCat("'<' not supported between instances of '",
                                                     TypeName(a[0]), "' and 'int'"));
      }
      if (IntOf(a[0]) < 1) return Raise(Builtin::kExcValue, "parties must be >= 1");
      result = m_.NewObject(ObjType::kBarrier, kBarrierSlots);
      Value cond = NewCondition(NewLockObject());
      Value* p = m_.payload(result);
      p[kBarrierCond] = cond;
      p[kBarrierAction] = a[1].is_unbound() ? Value::None() : a[1];
      p[kBarrierTimeout] = a[2].is_unbound() ? Value::None() : a[2];
      p[kBarrierParties] = Value::SmallInt(IntOf(a[0]));
      p[kBarrierState] = Value::SmallInt(0);
      p[kBarrierCount] = Value::SmallInt(0);
      return done();
    }
    case Builtin::kDequeType: {
      if (nkw > 0) return InputError("unsupported in scenarios: deque(maxlen=...)");
      if (npos > 1) return Raise(Builtin::kExcType, absl::StrCat("deque expected at most 1 argument, got ", npos));
      if (!gate_args(false)) return Flow::kYield;
      Args items;
      if (npos == 1) {
        Flow f = Items(args[0], items);
        if (f != Flow::kNext) return f;
      }
      std::optional<Value> r = NewSequence(ObjType::kDeque, items.size());
      if (!r) return Flow::kStop;
      for (size_t i = 0; i < items.size(); ++i) m_.payload(*r)[i] = items[i];
      result = *r;
      return done();
    }
    case Builtin::kQueueType:
    case Builtin::kLifoQueueType:
    case Builtin::kSimpleQueueType: {
      Value a[1] = {Value::Unbound()};
      if (b == Builtin::kSimpleQueueType) {  // SimpleQueue() takes no arguments
        if (npos > 0) return Raise(Builtin::kExcType, "SimpleQueue() takes no positional arguments");
        if (nkw > 0) return Raise(Builtin::kExcType, "SimpleQueue() takes no keyword arguments");
      } else {
        Flow f = Bind(BuiltinShortName(b), {"maxsize"}, 0, args.data(), nargs, kwnames, nkw, a);
        if (f != Flow::kNext) return f;
      }
      Value maxsize = a[0].is_unbound() ? Value::SmallInt(0) : a[0];
      if (!IsInt(maxsize) || !maxsize.is_small_int()) {
        return InputError("unsupported in scenarios: a Queue maxsize that is not a small int");
      }
      Value mutex = NewLockObject();
      Value not_empty = NewCondition(mutex);
      Value not_full = NewCondition(mutex);
      Value all_done = NewCondition(mutex);
      Value items = m_.NewObject(ObjType::kList, 0);
      result = m_.NewObject(ObjType::kQueue, kQueueSlots);
      Value* p = m_.payload(result);
      p[kQueueMutex] = mutex;
      p[kQueueNotEmpty] = not_empty;
      p[kQueueNotFull] = not_full;
      p[kQueueAllTasksDone] = all_done;
      p[kQueueItems] = items;
      p[kQueueMaxsize] = maxsize;
      p[kQueueUnfinished] = Value::SmallInt(0);
      p[kQueueIsShutdown] = Value::Bool(false);
      p[kQueueKind] = Value::SmallInt(b == Builtin::kQueueType       ? kFifoQueue
                                      : b == Builtin::kLifoQueueType ? kLifoQueue
                                                                     : kSimpleQueue);
      return done();
    }
    case Builtin::kInterruptMain: {  // interrupt.cc
      Flow f = InterruptMain(args.data(), nargs, kwnames, nkw, &result);
      if (f != Flow::kNext) return f;
      return done();
    }
    case Builtin::kExceptHook: {  // excepthook.cc
      Flow f = DefaultExceptHook(args.data(), nargs, nkw, &result);
      if (f != Flow::kNext) return f;
      return done();
    }
    case Builtin::kExceptHookArgsType:
      return InputError("unsupported in scenarios: building a threading.ExceptHookArgs (the "
                        "model passes one to threading.excepthook)");
    case Builtin::kLocalType: {  // local.cc
      Flow f = NewLocal(nargs, &result);
      if (f != Flow::kNext) return f;
      return done();
    }
    case Builtin::kEventType: {
      if (nargs > 0) return Raise(Builtin::kExcType, "Event() takes no arguments");
      Value cond = NewCondition(NewLockObject());
      result = m_.NewObject(ObjType::kEvent, 2);
      m_.payload(result)[0] = cond;
      m_.payload(result)[1] = Value::Bool(false);
      return done();
    }
    case Builtin::kCurrentThread:
    case Builtin::kMainThread:
      if (nargs > 0) return Raise(Builtin::kExcType, absl::StrCat(name, "() takes 0 positional arguments but ", nargs, " were given"));
      result = m_.threads[b == Builtin::kMainThread ? 0 : tid_].thread_obj;
      return done();
    case Builtin::kGetIdent:
    case Builtin::kThreadGetIdent:
      if (nargs > 0) return Raise(Builtin::kExcType, "get_ident() takes no arguments");
      result = Value::SmallInt(tid_ + 1);
      return done();
    case Builtin::kActiveCount:
    case Builtin::kEnumerateThreads: {
      const absl::string_view name = BuiltinShortName(b);
      if (npos > 0)
        return Raise(Builtin::kExcType, absl::StrCat(name, "() takes 0 positional arguments but ",
                                                     npos, npos == 1 ? " was" : " were", " given"));
      if (nkw > 0)
        return Raise(Builtin::kExcType, absl::StrCat(name, "() got an unexpected keyword argument '",
                                                     StrOf(kwnames[0]), "'"));
      if (!GateAlways()) return Flow::kYield;
      if (b == Builtin::kActiveCount) {
        result = Value::SmallInt(m_.LiveThreads());
      } else {
        // The threads active_count counts, the main thread first, then in the order they were
        // started: CPython's _active, into which start() waits for its thread to come
        // (primitives/FIDELITY.md).
        result = m_.NewObject(ObjType::kList, 0);
        for (int t = 0; t < m_.num_threads; ++t) {
          if (m_.threads[t].finished) continue;
          const Value obj = m_.threads[t].thread_obj;
          const uint32_t n = m_.size(result);
          m_.Resize(result, n + 1);
          m_.payload(result)[n] = obj;
        }
      }
      if (tracing()) Outcome(absl::StrCat("returned ", Repr(result)));
      return done();
    }
    case Builtin::kStartNewThread: {
      if (nkw > 0) return Raise(Builtin::kExcType, "start_new_thread() takes no keyword arguments");
      if (npos < 2 || npos > 3)
        return Raise(Builtin::kExcType, absl::StrCat("start_new_thread expected at least 2 arguments, got ", npos));
      if (!m_.Is(args[1], ObjType::kTuple)) return Raise(Builtin::kExcType, "2nd arg must be a tuple");
      if (npos == 3 && !m_.Is(args[2], ObjType::kDict))
        return Raise(Builtin::kExcType, "optional 3rd arg must be a dictionary");
      if (!GateAlways()) return Flow::kYield;
      ++m_.dummy_counter;
      Value tname = MakeStr(DummyThreadName(m_.dummy_counter));
      Value thread = m_.NewObject(ObjType::kThread, kThreadClass);
      Value* p = m_.payload(thread);
      p[kThreadName] = tname;
      p[kThreadState] = ThreadStateValue(-1, true);
      result = Value::SmallInt(m_.num_threads + 1);
      // _thread threads are not waited for at exit: daemon in the model.
      Flow f = StartThread(args[0], args[1], npos == 3 ? args[2] : Value::None(), thread, true, tname);
      if (f != Flow::kNext) return f;
      return done();
    }
    case Builtin::kThreadExitFn:
      return Raise(Builtin::kExcSystemExit, "");
    case Builtin::kStackSize: {
      // _thread.stack_size([size]): the stack size of threads started from now on, a setting of
      // the process (part of the state; reading or setting it is a visible operation). Linux's
      // minimum is 32 KiB (THREAD_STACK_MIN); the old size is returned.
      if (nkw) return Raise(Builtin::kExcType, "stack_size() takes no keyword arguments");
      if (npos > 1) {
        return Raise(Builtin::kExcType,
                     absl::StrCat("stack_size() takes at most 1 argument (", npos, " given)"));
      }
      int64_t size = 0;
      if (npos == 1) {
        if (!IsInt(args[0])) {
          return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(args[0]),
                                                       "' object cannot be interpreted as an "
                                                       "integer"));
        }
        size = IntOf(args[0]);
        if (size < 0) return Raise(Builtin::kExcValue, "size must be 0 or a positive value");
        if (size != 0 && size < 32768)
          return Raise(Builtin::kExcValue, absl::StrCat("size not valid: ", size, " bytes"));
      }
      if (!GateAlways()) return Flow::kYield;
      std::optional<Value> old = MakeInt(m_.stack_size);
      if (!old) return Flow::kStop;
      result = *old;
      m_.stack_size = size;  // stack_size() sets the default (0), as CPython's "|n" does
      if (tracing()) Outcome(absl::StrCat("returned ", Repr(result)));
      return done();
    }
    case Builtin::kSleep: {
      if (npos != 1 || nkw) return Raise(Builtin::kExcType, absl::StrCat("sleep() takes exactly one argument (", npos, " given)"));
      if (!IsNumber(args[0])) return TimeoutTypeError(args[0]);
      if (FloatOf(args[0]) < 0) return Raise(Builtin::kExcValue, "sleep length must be non-negative");
      if (!GateAccess(Access::kNone)) return Flow::kYield;
      out_.slept = true;
      Outcome("slept");
      if (rt_.program.uses_capi) SleepDetaches();  // a critical section is suspended
      return done();
    }
    case Builtin::kTimeoutMax:
      return Raise(Builtin::kExcType, "'float' object is not callable");
    default:
      return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(Value::Builtin(static_cast<uint32_t>(b))), "' object is not callable"));
  }
}

}  // namespace lockcheck
