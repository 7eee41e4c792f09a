// threading.excepthook (Lib/threading.py `_make_invoke_excepthook`, Modules/_threadmodule.c
// `thread_excepthook`): an exception escaping a threading.Thread's run() is handed to
// threading.excepthook(args), in that thread, before the thread ends.
//
// The default hook (also threading.__excepthook__) prints "Exception in thread NAME:" and the
// traceback; the model reports the exception instead (the `exception` or `assertion`
// finding), and ignores SystemExit as CPython's does. A program that assigns
// `threading.excepthook = hook` gets a hidden global for it (CompileSource); the hook then
// runs in the dying thread as a Python frame with a threading.ExceptHookArgs, and the
// exception is no finding: the hook handled it. An exception escaping the hook itself is
// reported (CPython prints "Exception in threading.excepthook:" and calls sys.excepthook).
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "scenarios/vm/exec.h"

namespace lockcheck {

bool Exec::CallExceptHook(Value exc, Flow* flow) {
  const Value hook = m_.globals[rt_.program.excepthook_slot];
  if (hook == Value::Builtin(static_cast<uint32_t>(Builtin::kExceptHook))) return false;
  if (tid_ == 0) return false;  // the main thread's goes to sys.excepthook
  const Frame& f = F();
  if (IsNative(f)) return false;
  // The hook's own exception, back in the frame it was called on.
  if (S().size() > static_cast<size_t>(f.base) &&
      Top() == Value::Marker(static_cast<uint32_t>(Mark::kExceptHook)))
    return false;
  // A _thread.start_new_thread thread (named Dummy-N, a daemon) reports to
  // sys.unraisablehook, not to threading.excepthook.
  const Value thread = T().thread_obj;
  if (m_.Is(thread, ObjType::kThread)) {
    const Value* p = m_.payload(thread);
    if (ThreadClassOf(p, m_.size(thread)).is_none() && ThreadDaemonOf(p) &&
        p[kThreadName].is_str() && absl::StartsWith(StrOf(p[kThreadName]), "Dummy-"))
      return false;
  }
  if (!m_.Is(hook, ObjType::kFunction) &&
      !(m_.Is(hook, ObjType::kBoundMethod) && m_.Is(m_.payload(hook)[1], ObjType::kFunction))) {
    *flow = InputError(absl::StrCat("unsupported in scenarios: a threading.excepthook that is a '",
                                    TypeName(hook), "' (assign a Python function or method)"));
    return true;
  }
  const Value args = m_.NewObject(ObjType::kExceptHookArgs, 4);
  {
    Value* p = m_.payload(args);
    p[0] = TypeOfValue(exc);
    p[1] = exc;
    p[2] = Value::None();  // exc_traceback: tracebacks are not modelled
    p[3] = thread;
  }
  // [.., marker]: the hook's frame returns to it and the thread ends (FinishMarkedCall).
  Push(Value::Marker(static_cast<uint32_t>(Mark::kExceptHook)));
  if (m_.Is(hook, ObjType::kFunction)) {
    *flow = PushFrame(static_cast<int32_t>(m_.payload(hook)[0].payload()), hook, &args, 1,
                      nullptr, 0);
  } else {
    *flow = CallFunctionWithSelf(m_.payload(hook)[1], m_.payload(hook)[0], &args, 1, nullptr, 0);
  }
  if (*flow == Flow::kNext) {  // a generator function: its generator is dropped
    EndThread();
    *flow = Flow::kStop;
  }
  return true;
}

Flow Exec::DefaultExceptHook(const Value* args, size_t nargs, size_t nkw, Value* result) {
  *result = Value::None();
  if (nkw > 0) return Raise(Builtin::kExcType, "_thread._excepthook() takes no keyword arguments");
  if (nargs != 1) {
    return Raise(Builtin::kExcType, absl::StrCat("_thread._excepthook() takes exactly one argument (",
                                                 nargs, " given)"));
  }
  if (!m_.Is(args[0], ObjType::kExceptHookArgs))
    return Raise(Builtin::kExcType, "_thread.excepthook argument type must be ExceptHookArgs");
  const Value exc = m_.payload(args[0])[1];
  if (!m_.Is(exc, ObjType::kException)) return Flow::kNext;
  if (ExcBuiltin(exc) == Builtin::kExcSystemExit) return Flow::kNext;  // silently ignored
  const Value* p = m_.payload(exc);
  if (p[kExcReported].is_true()) return Flow::kNext;  // (reported as unlock-not-held)
  // CPython prints it to stderr; the model reports it, as an exception escaping the thread.
  std::string message = p[kExcMessage].is_none() ? "" : std::string(StrOf(p[kExcMessage]));
  out_.events.push_back({VmEvent::Kind::kUncaught, tid_, TypeName(exc), std::move(message),
                         ExcLoc(p)});
  return Flow::kNext;
}

Flow Exec::ExceptHookArgsAttr(Value obj, Value name, Value* out) {
  const absl::string_view n = StrOf(name);
  static constexpr absl::string_view kFields[] = {"exc_type", "exc_value", "exc_traceback",
                                                  "thread"};
  for (size_t i = 0; i < 4; ++i) {
    if (n == kFields[i]) {
      *out = m_.payload(obj)[i];
      return Flow::kNext;
    }
  }
  if (n == "__class__") {
    *out = TypeOfValue(obj);
    return Flow::kNext;
  }
  if (IsDunder(n)) return UnmodelledAttribute(obj, name);
  return Raise(Builtin::kExcAttribute,
               absl::StrCat("'_thread._ExceptHookArgs' object has no attribute '", n, "'"));
}

Flow Exec::StoreExceptHook(Value hook) {
  // Written only while no other thread runs, the hidden global is read without a scheduling
  // point (by `threading.excepthook` and by a dying thread).
  if (m_.LiveThreads() > 1) {
    return InputError("unsupported in scenarios: assigning threading.excepthook while other "
                      "threads run (assign it before starting them)");
  }
  m_.globals[rt_.program.excepthook_slot] = hook;
  m_.Publish(hook);
  if (tracing()) Outcome(absl::StrCat("wrote ", Repr(hook)));
  return Flow::kNext;
}

}  // namespace lockcheck
