// Generators: a call of a generator function makes a generator object (kGenerator) holding
// the function's frame before its first instruction; resuming it (next(), send(), a for loop,
// `yield from`, list(), a @contextmanager's with statement, ...) moves the frame's locals and
// operand stack onto the resuming thread's stack and pushes the frame above its caller; a
// kYield moves them back into the object (which is part of the state like any heap object:
// copied, fingerprinted, compared) and hands the value to the caller.
//
// The caller says what it does with the outcome by the marker it leaves under the frame
// (Exec::Mark, as special_methods.cc does for dunder methods): DeliverYield gets the value
// yielded, DeliverReturn the value returned (a finished generator returns None again), and an
// exception leaving the frame unwinds into the caller as CPython's does, a StopIteration turned
// into RuntimeError (PEP 479).
//
// A generator another thread can reach is shared state: resuming it and suspending it are
// visible operations (a write of the object), so a thread that resumes one another thread is
// running gets CPython's "ValueError: generator already executing". The consumers that run a
// generator to its end inside one instruction (list(), any(), `*gen` arguments, `yield from`)
// would need one visible operation per item; they refuse a shared generator instead, unless
// its thread is the only one alive (then no other thread can resume it in between).
#include "absl/strings/str_cat.h"
#include "scenarios/vm/exec.h"

namespace lockcheck {
namespace {

GenState StateOf(const Value* p) { return static_cast<GenState>(p[kGenState].small_int()); }
Value StateValue(GenState s) { return Value::SmallInt(static_cast<int64_t>(s)); }

}  // namespace

Flow Exec::NewGenerator(int32_t code_index, const Value* locals, size_t n) {
  const Code& code = rt_.program.codes[code_index];
  Value gen = m_.NewObject(ObjType::kGenerator, static_cast<uint32_t>(kGenFrame + n));
  Value* p = m_.payload(gen);
  p[kGenCode] = Value::Code(static_cast<uint32_t>(code_index));
  p[kGenState] = StateValue(GenState::kCreated);
  p[kGenPc] = Value::SmallInt(0);
  for (size_t i = 0; i < n; ++i) p[kGenFrame + i] = locals[i];
  p[kGenFrame + code.gen_slot] = gen;
  // The call returns at once: to an instruction that called a Python function on its own
  // behalf (a generator __iter__), or as any call's result.
  if (S().size() > static_cast<size_t>(F().base) && Top().is_marker()) return FinishMarkedCall(gen);
  Push(gen);
  return Flow::kNext;
}

Flow Exec::Resume(Value gen, Value sent, Mark mark, Value exc) {
  Value* p = m_.payload(gen);
  const GenState state = StateOf(p);
  if (state == GenState::kRunning) return Raise(Builtin::kExcValue, "generator already executing");
  if (state == GenState::kCreated && !sent.is_none() && exc.is_none()) {
    return Raise(Builtin::kExcType, "can't send non-None value to a just-started generator");
  }
  if (state == GenState::kFinished || (state == GenState::kCreated && !exc.is_none())) {
    m_.Resize(gen, kGenFrame);
    m_.payload(gen)[kGenState] = StateValue(GenState::kFinished);
    if (!exc.is_none()) {
      if (mark == Mark::kGenClose) {  // close() of a generator that never ran or has ended
        Push(Value::None());
        return Flow::kNext;
      }
      return RaiseValue(exc);
    }
    Push(Value::Marker(static_cast<uint32_t>(mark)));
    return DeliverReturn(Value::None());
  }
  if (T().frames.size() >= static_cast<size_t>(rt_.limits.max_call_depth)) {
    if (rt_.limits.max_call_depth >= kCPythonRecursionLimit)
      return Raise(Builtin::kExcRecursion, "maximum recursion depth exceeded");
    return InputError(absl::StrCat("recursion too deep: more than ", rt_.limits.max_call_depth,
                                   " nested calls"));
  }
  const int32_t code_index = static_cast<int32_t>(p[kGenCode].payload());
  const Code& code = rt_.program.codes[code_index];
  const int32_t at = static_cast<int32_t>(p[kGenPc].small_int());
  Push(Value::Marker(static_cast<uint32_t>(mark)));
  const int32_t base = static_cast<int32_t>(S().size());
  const uint32_t n = m_.size(gen) - kGenFrame;
  p = m_.payload(gen);
  for (uint32_t i = 0; i < n; ++i) Push(p[kGenFrame + i]);
  p[kGenState] = StateValue(GenState::kRunning);
  m_.Resize(gen, kGenFrame);
  // A kYield goes on after itself; a kYieldFrom sends the value on to its iterator.
  int32_t pc = 0;
  if (state == GenState::kSuspended) pc = code.instrs[at].op == Opcode::kYield ? at + 1 : at;
  T().frames.push_back({code_index, pc, base});
  if (!exc.is_none()) {
    if (code.instrs[at].op == Opcode::kYieldFrom && m_.Is(Top(3), ObjType::kGenerator)) {
      return InputError("unsupported in scenarios: throw() or close() of a generator suspended "
                        "in `yield from` another generator");
    }
    F().pc = at;  // raised where it is suspended, inside the yield's try blocks
    return RaiseValue(exc);
  }
  if (state == GenState::kSuspended) Push(sent);
  return Flow::kJumped;
}

void Exec::Suspend(Value gen, int32_t at) {
  const Frame f = F();
  const size_t n = S().size() - static_cast<size_t>(f.base);
  m_.Resize(gen, static_cast<uint32_t>(kGenFrame + n));
  Value* p = m_.payload(gen);
  for (size_t i = 0; i < n; ++i) {
    p[kGenFrame + i] = S()[f.base + i];
    m_.PublishInto(gen, p[kGenFrame + i]);
    p = m_.payload(gen);
  }
  p[kGenState] = StateValue(GenState::kSuspended);
  p[kGenPc] = Value::SmallInt(at);
  S().resize(f.base);
  T().frames.pop_back();
}

Flow Exec::YieldOp() {
  const Code& code = C();
  Value gen = S()[F().base + code.gen_slot];
  if (m_.IsShared(gen) && !GateAccess(Access::kWrite, gen)) return Flow::kYield;
  if (tracing()) Outcome(absl::StrCat("yielded ", Repr(Top())));
  Value v = Pop();
  Suspend(gen, F().pc);
  return DeliverYield(v);
}

Flow Exec::GeneratorReturn(Value result) {
  Value gen = S()[F().base + C().gen_slot];
  S().resize(F().base);
  T().frames.pop_back();
  m_.payload(gen)[kGenState] = StateValue(GenState::kFinished);
  return DeliverReturn(result);
}

bool Exec::GeneratorUnwound(const Frame& f, Value* exc, Flow* flow) {
  const Code& code = CodeOf(f);
  Value gen = S()[f.base + code.gen_slot];
  m_.payload(gen)[kGenState] = StateValue(GenState::kFinished);
  const Value marker = S()[f.base - 1];
  const Value stop = Value::Builtin(static_cast<uint32_t>(Builtin::kExcStopIteration));
  if (ExcMatches(*exc, stop)) {  // PEP 479
    Value e = m_.NewObject(ObjType::kException, kExcSlots);
    Value* p = m_.payload(e);
    const Value* old = m_.payload(*exc);
    p[kExcType] = Value::Builtin(static_cast<uint32_t>(Builtin::kExcRuntime));
    p[kExcMessage] = MakeStr("generator raised StopIteration");
    p[kExcReported] = Value::Bool(false);
    p[kExcLine] = old[kExcLine];
    p[kExcColumn] = old[kExcColumn];
    *exc = e;
  }
  if (marker == Value::Marker(static_cast<uint32_t>(Mark::kGenClose)) &&
      ExcMatches(*exc, Value::Builtin(static_cast<uint32_t>(Builtin::kExcGeneratorExit)))) {
    S().resize(f.base - 1);  // the frame and the marker: close() returns None
    T().frames.pop_back();
    Push(Value::None());
    ++F().pc;
    *flow = Flow::kJumped;
    return true;
  }
  return false;
}

Flow Exec::DeliverYield(Value v) {
  const Mark mark = static_cast<Mark>(Pop().marker_kind());
  auto next = [&]() {
    ++F().pc;
    return Flow::kJumped;
  };
  switch (mark) {
    case Mark::kGenNext:
    case Mark::kGenFor:
    case Mark::kGenEnter:
      Push(v);
      return next();
    case Mark::kGenNextDefault:
      Top() = v;  // in place of the default
      return next();
    case Mark::kGenDelegate: {
      // The delegating generator yields the value on, suspended at its kYieldFrom.
      Value outer = S()[F().base + C().gen_slot];
      if (OthersMayResume(outer)) {
        return InputError("unsupported in scenarios: `yield from` in a generator another thread "
                          "can reach");
      }
      Suspend(outer, F().pc);
      return DeliverYield(v);
    }
    case Mark::kGenCollect:
    case Mark::kGenExtend: {
      // [.., list, gen]: the item joins the list; the generator goes on.
      Value list = Top(1);
      const uint32_t n = m_.size(list);
      if (n + 1 > static_cast<uint64_t>(rt_.limits.max_object_size))
        return InputError(absl::StrCat("object too large: a list of more than ",
                                       rt_.limits.max_object_size, " items"));
      m_.Resize(list, n + 1);
      m_.payload(list)[n] = v;
      return ResumeInPlace(Top(), mark);
    }
    case Mark::kGenAny:
    case Mark::kGenAll: {
      // [any, gen]: the first true (all: false) item decides; the generator stays suspended.
      const bool t = Truthy(v);
      if (t == (mark == Mark::kGenAny)) {
        S().resize(S().size() - 2);
        Push(Value::Bool(t));
        return next();
      }
      return ResumeInPlace(Top(), mark);
    }
    case Mark::kIterCall: return IterCallReturned(v);  // enumerate(g), zip(g, ...), ...
    case Mark::kGenExit: return Raise(Builtin::kExcRuntime, "generator didn't stop");
    case Mark::kGenExcept:
      return Raise(Builtin::kExcRuntime, "generator didn't stop after throw()");
    case Mark::kGenClose: return Raise(Builtin::kExcRuntime, "generator ignored GeneratorExit");
    default: break;
  }
  return InputError("internal error: a generator resumed without its marker");
}

Flow Exec::DeliverReturn(Value r) {
  const Mark mark = static_cast<Mark>(Pop().marker_kind());
  const Instr& in = C().instrs[F().pc];
  auto next = [&]() {
    ++F().pc;
    return Flow::kJumped;
  };
  switch (mark) {
    case Mark::kGenNext: {
      Value exc = m_.NewObject(ObjType::kException, kExcSlots);
      Value* p = m_.payload(exc);
      p[kExcType] = Value::Builtin(static_cast<uint32_t>(Builtin::kExcStopIteration));
      p[kExcReported] = Value::Bool(false);
      SetExcArgs(exc, &r, r.is_none() ? 0 : 1);  // StopIteration(value): e.value, e.args
      return Throw(exc);
    }
    case Mark::kGenNextDefault: return next();  // the default stays as the result
    case Mark::kGenFor:
      S().resize(S().size() - 3);
      if (tracing()) Outcome("exhausted");
      F().pc = in.arg;
      return Flow::kJumped;
    case Mark::kGenDelegate:  // [.., iterator's 3 slots] -> [.., the value returned]
      S().resize(S().size() - 3);
      Push(r);
      F().pc = in.arg;
      return Flow::kJumped;
    case Mark::kGenCollect: {
      // [.., slot, list, gen]: the call runs again, the list in place of the generator.
      Pop();
      Value list = Pop();
      const int64_t slot = Pop().small_int();
      S()[slot] = list;
      return Flow::kJumped;
    }
    case Mark::kGenExtend:
      Pop();
      return next();
    case Mark::kGenAny:
    case Mark::kGenAll:
      S().resize(S().size() - 2);
      Push(Value::Bool(mark == Mark::kGenAll));
      return next();
    case Mark::kGenEnter: return Raise(Builtin::kExcRuntime, "generator didn't yield");
    case Mark::kGenExit:  // [.., manager]: the with statement is done
      Pop();
      return next();
    case Mark::kGenExcept:  // [.., manager, exception]: suppressed, past kWithExcept, kReraise
      S().resize(S().size() - 2);
      F().pc += 2;
      return Flow::kJumped;
    case Mark::kGenClose:
      Push(Value::None());
      return next();
    case Mark::kIterCall: return IterGenReturned();
    default: break;
  }
  return InputError("internal error: a generator finished without its marker");
}

Flow Exec::ResumeInPlace(Value gen, Mark mark) {
  if (OthersMayResume(gen)) {
    return InputError("unsupported in scenarios: running a generator another thread can reach "
                      "to its end inside one operation (list(), any(), *args, ...; iterate it "
                      "with a for loop or next())");
  }
  return Resume(gen, Value::None(), mark);
}

// ---- the instructions and calls that resume a generator ---------------------------------

Flow Exec::ForIterGenerator(Value gen) {
  if (m_.IsShared(gen) && !GateAccess(Access::kWrite, gen)) return Flow::kYield;
  return Resume(gen, Value::None(), Mark::kGenFor);
}

Flow Exec::YieldFromOp() {
  // [.., iterator's 3 slots, sent]
  Value src = Top(3);
  if (m_.Is(src, ObjType::kGenerator)) {
    if (OthersMayResume(src)) {
      return InputError("unsupported in scenarios: `yield from` a generator another thread can "
                        "reach");
    }
    Value sent = Pop();
    return Resume(src, sent, Mark::kGenDelegate);
  }
  if (!Top().is_none()) {
    return InputError(absl::StrCat("unsupported in scenarios: send() of a value to `yield from` "
                                   "over a '", TypeName(src), "'"));
  }
  Pop();
  return Flow::kNext;
}

Flow Exec::DrainGenerator(Value gen) {
  // [.., list, gen] (kListExtend: a call's *gen)
  return ResumeInPlace(gen, Mark::kGenExtend);
}

bool Exec::ConsumeGeneratorArgument(Builtin b, size_t nargs, const Value* kwnames, size_t nkw,
                                    size_t below, Flow* f) {
  const size_t npos = nargs - nkw;
  if (npos == 0) return false;
  Value first = Top(nargs - 1);
  if (!m_.Is(first, ObjType::kGenerator)) return false;
  switch (b) {
    case Builtin::kAny:
    case Builtin::kAll:
      if (nargs != 1 || below != 1) return false;  // (the builtin's own error)
      *f = ResumeInPlace(first, b == Builtin::kAny ? Mark::kGenAny : Mark::kGenAll);
      return true;
    case Builtin::kMin:
    case Builtin::kMax:
      if (npos != 1) return false;  // min(a, b) compares the values themselves
      [[fallthrough]];
    case Builtin::kListType: case Builtin::kTupleType: case Builtin::kSorted: case Builtin::kSum:
    case Builtin::kSetType: case Builtin::kFrozenSetType:
      break;
    default: return false;
  }
  *f = CollectGeneratorArgument(nargs - 1, nargs, kwnames, nkw);
  return true;
}

Flow Exec::CollectGeneratorArgument(size_t depth, size_t nargs, const Value* kwnames,
                                    size_t nkw) {
  // Collected into a list, the call runs again with the list: only where the call's operands
  // are the instruction's own, so that running it again is the same call.
  const Instr& in = C().instrs[F().pc];
  const bool own = (in.op == Opcode::kCall || in.op == Opcode::kCallMethod) &&
                   in.a == nargs &&
                   (in.arg < 0 ? nkw == 0 : kwnames == rt_.kwnames[in.arg].data());
  if (!own) {
    return InputError("unsupported in scenarios: a generator consumed by a builtin called "
                      "through * arguments, functools.partial or a thread's target");
  }
  Value gen = Top(depth);
  const size_t slot = S().size() - 1 - depth;
  Push(Value::SmallInt(static_cast<int64_t>(slot)));
  Push(m_.NewObject(ObjType::kList, 0));
  Push(gen);
  return ResumeInPlace(gen, Mark::kGenCollect);
}

Flow Exec::NextBuiltin(size_t nargs, const Value* kwnames, size_t nkw, size_t below) {
  if (nkw > 0) return Raise(Builtin::kExcType, "next() takes no keyword arguments");
  if (nargs == 0 || nargs > 2) {
    return Raise(Builtin::kExcType, absl::StrCat("next expected ", nargs == 0 ? "at least 1" :
                                                 "at most 2", " argument", nargs == 0 ? "" : "s",
                                                 ", got ", nargs));
  }
  Value it = Top(nargs - 1);
  Value fallback = nargs == 2 ? Top() : Value::None();
  if (m_.Is(it, ObjType::kGenerator)) {
    if (m_.IsShared(it) && !GateAccess(Access::kWrite, it)) return Flow::kYield;
    S().resize(S().size() - nargs - below);
    if (nargs == 2) Push(fallback);
    return Resume(it, Value::None(), nargs == 2 ? Mark::kGenNextDefault : Mark::kGenNext);
  }
  if (m_.Is(it, ObjType::kIterator)) {  // a live iterator's step (iterators.cc)
    if (!GateValues(Value::None(), Access::kRead, &it, 1, false, false)) return Flow::kYield;
    Value item;
    bool has;
    Flow f = IterStep(it, it, &item, &has);
    if (f != Flow::kNext) return f;  // (kJumped: a function or generator below runs first)
    if (!has && nargs == 1) return Raise(Builtin::kExcStopIteration, "");
    S().resize(S().size() - nargs - below);
    Push(has ? item : fallback);
    return Flow::kNext;
  }
  Value fn;
  if (it.is_obj() && Dunder(it, "__next__", &fn)) {
    if (nargs == 2) {
      return InputError("unsupported in scenarios: next() with a default of an iterator whose "
                        "__next__ is Python code");
    }
    S().resize(S().size() - nargs - below);
    return CallFunctionWithSelf(fn, it, nullptr, 0, nullptr, 0);
  }
  if (it.is_str() || m_.IsListLike(it) || m_.Is(it, ObjType::kTuple) ||
      m_.Is(it, ObjType::kDict) || m_.Is(it, ObjType::kRange) || !it.is_obj() ||
      !ClassOf(it).is_none() || m_.Is(it, ObjType::kFunction)) {
    return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(it), "' object is not an iterator"));
  }
  return InputError(absl::StrCat("unsupported in scenarios: next() of a '", TypeName(it), "'"));
}

Flow Exec::GeneratorMethod(Value gen, Attr attr, const Value* args, size_t nargs,
                           const Value* kwnames, size_t nkw, size_t below) {
  const size_t npos = nargs - nkw;
  const absl::string_view method = attr == Attr::kSend    ? "send"
                                   : attr == Attr::kThrow ? "throw"
                                   : attr == Attr::kClose ? "close"
                                                          : "__next__";
  if (nkw > 0) {
    return Raise(Builtin::kExcType,
                 absl::StrCat("generator.", method, "() takes no keyword arguments"));
  }
  auto arity = [&](absl::string_view name, size_t want) {
    return Raise(Builtin::kExcType,
                 want == 0 ? absl::StrCat("generator.", name, "() takes no arguments (", npos,
                                          " given)")
                           : absl::StrCat("generator.", name, "() takes exactly one argument (",
                                          npos, " given)"));
  };
  Value sent = Value::None(), exc = Value::None();
  Mark mark = Mark::kGenNext;
  switch (attr) {
    case Attr::kSend:
      if (npos != 1) return arity("send", 1);
      sent = args[0];
      break;
    case Attr::kNextDunder:
      if (npos != 0) return arity("__next__", 0);
      break;
    case Attr::kClose:
      if (npos != 0) return arity("close", 0);
      exc = m_.NewObject(ObjType::kException, kExcSlots);
      m_.payload(exc)[kExcType] = Value::Builtin(static_cast<uint32_t>(Builtin::kExcGeneratorExit));
      m_.payload(exc)[kExcReported] = Value::Bool(false);
      mark = Mark::kGenClose;
      break;
    case Attr::kThrow: {
      if (npos != 1) {
        return InputError("unsupported in scenarios: generator.throw() with other than one "
                          "argument");
      }
      Value e = args[0];
      if (e.is_builtin() && IsExceptionType(static_cast<Builtin>(e.payload()))) {
        exc = m_.NewObject(ObjType::kException, kExcSlots);
        m_.payload(exc)[kExcType] = e;
        m_.payload(exc)[kExcReported] = Value::Bool(false);
      } else if (m_.Is(e, ObjType::kException)) {
        exc = e;
      } else {
        return InputError("unsupported in scenarios: generator.throw() of other than an "
                          "exception instance or builtin exception type");
      }
      break;
    }
    default:
      return InputError("internal error: an unknown generator method");
  }
  if (m_.IsShared(gen) && !GateAccess(Access::kWrite, gen)) return Flow::kYield;
  S().resize(S().size() - nargs - below);
  if (!exc.is_none()) {  // where it is raised, if the generator never ran or has ended
    SourceLoc at = Here();
    m_.payload(exc)[kExcLine] = ExcLineWord(at);
    m_.payload(exc)[kExcColumn] = Value::SmallInt(at.column);
  }
  return Resume(gen, sent, mark, exc);
}

// ---- contextlib.contextmanager ------------------------------------------------------------

Flow Exec::CallGenContextFactory(Value factory, size_t nargs, const Value* kwnames, size_t nkw,
                                 size_t below) {
  Value fn = m_.payload(factory)[0];
  const int32_t code = static_cast<int32_t>(m_.payload(fn)[kFnCode].payload());
  if (!rt_.program.codes[code].is_generator) {
    return InputError("unsupported in scenarios: @contextmanager on a function that is not a "
                      "generator");
  }
  Args args(S().end() - nargs, S().end());
  S().resize(S().size() - nargs - below);
  Push(Value::None());  // the result's slot: no marker on top for the generator's call
  const size_t depth = S().size();
  Flow f = PushFrame(code, fn, args.data(), nargs, kwnames, nkw);
  if (f != Flow::kNext) return f;
  if (S().size() != depth + 1) return InputError("internal error: contextmanager call");
  Value cm = m_.NewObject(ObjType::kGenContext, 1);
  m_.payload(cm)[0] = Pop();
  Top() = cm;
  return Flow::kNext;
}

Flow Exec::GenContextWith(Value mgr, bool enter, bool except) {
  Value gen = m_.payload(mgr)[0];
  if (m_.IsShared(gen) && !GateAccess(Access::kWrite, gen)) return Flow::kYield;
  if (enter) return Resume(gen, Value::None(), Mark::kGenEnter);  // [.., mgr] -> [.., mgr, v]
  if (!except) return Resume(gen, Value::None(), Mark::kGenExit);
  // [.., mgr, exc]: thrown in where the generator yielded.
  return Resume(gen, Value::None(), Mark::kGenExcept, Top());
}

}  // namespace lockcheck
