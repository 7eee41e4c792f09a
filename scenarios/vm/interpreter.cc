#include "scenarios/vm/interpreter.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "primitives/lock.h"
#include "primitives/critical_section.h"
#include "primitives/pymutex.h"
#include "primitives/rlock.h"
#include "primitives/table.h"
#include "primitives/thread.h"
#include "scenarios/lang/bundled.h"
#include "scenarios/vm/exec.h"
#include "scenarios/vm/unmodelled.h"

namespace lockcheck {

Runtime::Runtime(const Program& p, std::shared_ptr<Interner> in, Limits l, Profile pr)
    : program(p), interner(std::move(in)), limits(l), profile(pr) {
  for (const Constant& c : program.constants) {
    switch (c.kind) {
      case Constant::Kind::kNone: constants.push_back(Value::None()); break;
      case Constant::Kind::kBool: constants.push_back(Value::Bool(c.int_value != 0)); break;
      case Constant::Kind::kInt: constants.push_back(interner->Int(c.int_value)); break;
      case Constant::Kind::kFloat: constants.push_back(interner->Float(c.float_value)); break;
      case Constant::Kind::kStr: constants.push_back(interner->Str(c.str_value)); break;
      case Constant::Kind::kEllipsis: constants.push_back(Value::Ellipsis()); break;
    }
  }
  for (const auto& n : program.method_names) method_names.push_back(interner->Str(n));
  for (const auto& names : program.kwnames) {
    kwnames.emplace_back();
    for (const auto& n : names) kwnames.back().push_back(interner->Str(n));
  }
}

// ---- the public face -------------------------------------------------------------------

void Interpreter::Init(Machine& m) const {
  m.Clear();
  m.globals.assign(rt_.program.global_names.size(), Value::Unbound());
  if (rt_.program.interrupt_slot >= 0) m.globals[rt_.program.interrupt_slot] = Value::Bool(false);
  if (rt_.program.excepthook_slot >= 0)  // threading.excepthook, until the program assigns it
    m.globals[rt_.program.excepthook_slot] = Value::Builtin(static_cast<uint32_t>(Builtin::kExceptHook));
  m.NewThread();
  Value obj = m.NewObject(ObjType::kThread, kThreadClass);
  Value* p = m.payload(obj);
  p[kThreadName] = rt_.interner->Str(kMainThreadName);
  p[kThreadState] = ThreadStateValue(0, false);
  m.Resize(obj, kThreadTarget);
  m.threads[0].thread_obj = obj;
  m.Publish(obj);  // threading.main_thread() gives it to every thread
  const Code& module = rt_.program.codes[0];
  m.threads[0].frames.push_back({0, 0, 0});
  m.threads[0].values.assign(module.local_names.size(), Value::Unbound());
}

uint32_t PendingChoices(const Machine& m, int t, const Pending& p) {
  switch (p.kind) {
    case PendingKind::kAlways: return kChoiceProceed;
    case PendingKind::kDone: return 0;
    case PendingKind::kLockAcquire: {
      if (IsParkingLock(m, p.obj)) {
        return ParkingLockChoices(m.payload(p.obj), m.size(p.obj), t,
                                  static_cast<AcquireMode>(p.mode));
      }
      LockState lock = LockOf(m.payload(p.obj));
      return LockAcquireChoices(lock, static_cast<AcquireMode>(p.mode));
    }
    case PendingKind::kRLockAcquire: {
      return RLockAcquireChoices(RLockOf(m.payload(p.obj)), t,
                                 static_cast<AcquireMode>(p.mode));
    }
    case PendingKind::kPrimitive: return PrimitiveWaitChoices(m, t, p);
    case PendingKind::kDraw: return kChoiceDraw;
    case PendingKind::kJoin: {
      int64_t index = ThreadIndexOf(m.payload(p.obj));
      bool done = m.threads[index].finished;
      if (static_cast<AcquireMode>(p.mode) == AcquireMode::kTimed)
        return done ? kChoiceProceed : kChoiceTimeout;
      return done ? kChoiceProceed : 0;
    }
  }
  return 0;
}

uint32_t Interpreter::Choices(const Machine& m, int t) const {
  const ThreadRec& th = m.threads[t];
  if (th.finished) return 0;
  uint32_t choices = PendingChoices(m, t, th.pending);
  return rt_.program.uses_capi ? CsChoices(m, t, choices) : choices;
}

uint32_t Interpreter::DrawOutcomes(const Machine& m, int t) const {
  const ThreadRec& th = m.threads[t];
  return !th.finished && th.pending.kind == PendingKind::kDraw ? th.pending.mode : 0;
}

void Interpreter::Step(Machine& m, int t, uint32_t choice, StepOutput& out) const {
  Exec(rt_, m, t, choice, out).Run();
}

bool Interpreter::Ended(const Machine& m) const {
  for (int t = 0; t < m.num_threads; ++t) {
    const ThreadRec& th = m.threads[t];
    if (!th.finished && (t == 0 || !th.daemon)) return false;
  }
  return true;
}

std::string Interpreter::ThreadName(const Machine& m, int t) const {
  return rt_.interner->StrOf(m.ThreadNameValue(t));
}

namespace {

// The innermost Python frame of a thread that has one: where its waiting call stands.
size_t WaitFrame(const ThreadRec& th) {
  size_t fi = th.frames.size() - 1;
  while (fi > 0 && th.frames[fi].code >= kNativeBase) --fi;
  return fi;
}

// The frame a wait is reported at: the wait frame, or when that runs code of a bundled module
// (concurrent.futures: "<lockcheck>/..."), the innermost Python frame below it in the user's
// own code (the `f.result()` a task waits in, not the Condition.wait inside it). A thread in
// bundled code only (a pool's idle worker) is reported where it waits.
bool InBundledFile(const Program& program, int32_t file) {
  return file >= 0 && static_cast<size_t>(file) < program.sources.size() &&
         absl::StartsWith(program.sources[file]->path(), kBundledRoot);
}

// The innermost Python frame at or below `from` that runs the user's code, or -1.
int UserFrame(const ThreadRec& th, const Program& program, size_t from) {
  for (size_t fi = from + 1; fi-- > 0;) {
    const Frame& f = th.frames[fi];
    if (f.code >= kNativeBase) continue;
    const Code& code = program.codes[f.code];
    if (!code.info.empty() && !InBundledFile(program, code.info[f.pc].span.begin.file))
      return static_cast<int>(fi);
  }
  return -1;
}

size_t UserWaitFrame(const ThreadRec& th, const Program& program) {
  const size_t wait = WaitFrame(th);
  const int user = UserFrame(th, program, wait);
  return user < 0 ? wait : static_cast<size_t>(user);
}

}  // namespace

SourceLoc Interpreter::WaitLoc(const Machine& m, int t) const {
  const ThreadRec& th = m.threads[t];
  if (th.finished || th.frames.empty()) return {};
  const Frame& f = th.frames[UserWaitFrame(th, rt_.program)];
  return rt_.program.codes[f.code].info[f.pc].span.begin;
}

Interpreter::WaitInfo Interpreter::DescribeWait(const Machine& m, int t) const {
  WaitInfo info;
  const ThreadRec& th = m.threads[t];
  if (th.finished || th.frames.empty()) return info;
  const size_t fi = WaitFrame(th);
  const Frame& uf = th.frames[UserWaitFrame(th, rt_.program)];
  const Code& code = rt_.program.codes[uf.code];
  const Instr& in = code.instrs[uf.pc];
  info.loc = code.info[uf.pc].span.begin;
  std::string text(SliceSource(rt_.program, code.info[uf.pc].span));
  if (in.op == Opcode::kWithEnter) text = absl::StrCat(text, ".acquire()");
  info.op = text;
  const Pending& p = th.pending;
  if (p.kind == PendingKind::kLockAcquire) {
    LockState lock = LockOf(m.payload(p.obj));
    if (lock.locked) info.holder = lock.holder;
    // Inside Condition.wait the thread waits on its own waiter lock: for a notify, not for
    // itself.
    if (fi + 1 < th.frames.size() && info.holder == t) info.holder = -1;
  } else if (p.kind == PendingKind::kRLockAcquire) {
    info.holder = static_cast<int32_t>(m.payload(p.obj)[0].small_int());
  } else if (p.kind == PendingKind::kJoin) {
    info.holder = static_cast<int32_t>(ThreadIndexOf(m.payload(p.obj)));
  } else if (p.kind == PendingKind::kPrimitive) {
    info.holder = PrimitiveWaitHolder(m, t, p);
  }
  return info;
}

// ---- the step --------------------------------------------------------------------------

uint32_t Exec::Gate(const Pending& p) {
  uint32_t choice;
  if (rt_.program.uses_capi) {
    switch (SectionStep(p)) {
      case SectionAction::kNone: break;
      case SectionAction::kYield: return 0;
      case SectionAction::kRun:
        first_ = false;
        OpenRecord(p);
        RunSectionStep(p);
        return 0;
    }
  }
  if (first_) {
    first_ = false;
    choice = choice_;
    if (m_.LiveThreads() == 1) NoteAloneStart();
  } else {
    // Alone only if it was when the step began (no other thread can end meanwhile), and has
    // started no thread since.
    if (!alone_ || m_.LiveThreads() > 1) {
      Yield(p);
      return 0;
    }
    // Alone: run it inline when it has a single outcome, and for as long as the thread's
    // states do not repeat. A thread that spins alone forever (waiting for a flag nobody is left
    // to set) ends its step where its states start repeating, so the search closes the cycle and
    // reports it, instead of refusing the scenario as a runaway loop; one whose states keep
    // changing still runs into the instruction budget.
    choice = PendingChoices(m_, tid_, p);
    if ((choice != kChoiceProceed && choice != kChoiceTimeout) || AloneStateRepeats()) {
      Yield(p);
      return 0;
    }
  }
  OpenRecord(p);
  return choice;
}

void Exec::OpenRecord(const Pending& p) {
  if (out_.trace == nullptr) return;
  SourceSpan span = SiteSpan();
  OpRecord r;
  r.thread = tid_;
  r.loc = span.begin;
  r.op = std::string(SliceSource(rt_.program, span));
  if (out_.before_record && !out_.trace->empty()) out_.before_record(m_);
  NoteAccess(p, r);
  out_.trace->push_back(std::move(r));
  record_ = static_cast<int>(out_.trace->size() - 1);
}

void Exec::NoteAccess(const Pending& p, OpRecord& r) const {
  auto object = [&] {
    if (p.obj.is_obj()) r.object = p.obj.payload();
  };
  switch (p.kind) {
    case PendingKind::kLockAcquire:
    case PendingKind::kRLockAcquire:
    case PendingKind::kPrimitive:
      r.access = OpAccess::kAcquire;
      object();
      return;
    case PendingKind::kJoin:
      r.access = OpAccess::kJoin;
      object();
      return;
    case PendingKind::kDone:
    case PendingKind::kDraw:  // touches nothing
      return;
    case PendingKind::kAlways:
      break;
  }
  switch (static_cast<Access>(p.mode)) {
    case Access::kGlobalRead:
    case Access::kGlobalWrite:
      r.access = static_cast<Access>(p.mode) == Access::kGlobalRead ? OpAccess::kRead
                                                                    : OpAccess::kWrite;
      if (p.obj.is_small_int()) r.global = static_cast<int32_t>(p.obj.small_int());
      return;
    case Access::kRead: r.access = OpAccess::kRead; break;
    case Access::kWrite: r.access = OpAccess::kWrite; break;
    case Access::kRelease: r.access = OpAccess::kRelease; break;
    case Access::kStart: r.access = OpAccess::kStart; break;
    case Access::kUnknown:
    case Access::kNone: return;
  }
  object();
}

void Exec::NoteAloneStart() {
  AloneCycleCheck& c = alone_.emplace();
  const Frame& f = F();
  c.start_site = {T().frames.size(), f.code, f.pc};
  c.start = Pack(m_, c.packed, c.scratch);
  c.next_at_start = budget_used_ + c.packed.size() / 4;
}

bool Exec::AloneStateRepeats() {
  AloneCycleCheck& c = *alone_;
  // Packing costs about the state's size, so a state is looked at only once the thread has run
  // a quarter as many instructions as the last one packed had words: the checks cost at most
  // about four words packed per instruction run each (a large heap built alone stays cheap).
  // Where the next look falls depends only on the state looked at, so the states looked at
  // still follow one another by a function, as Brent's method needs.
  //
  // Two checks. Back at the step's own start (the same operation, then the same state): the
  // step is one turn of a loop, the shortest cycle a report can show. Looked at only where the
  // thread stands at the start's operation again. Otherwise (the start lies before the loop),
  // Brent's: any earlier state of the step met again.
  const Frame& f = F();
  const bool at_start = c.start_site.depth == T().frames.size() &&
                        c.start_site.code == f.code && c.start_site.pc == f.pc &&
                        budget_used_ >= c.next_at_start;
  const bool brent = budget_used_ >= c.next;
  if (!at_start && !brent) return false;
  uint64_t fp = Pack(m_, c.packed, c.scratch);
  const uint64_t next = budget_used_ + c.packed.size() / 4;
  if (at_start) {
    if (fp == c.start) return true;
    c.next_at_start = next;
  }
  if (!brent) return false;
  c.next = next;
  if (fp == c.saved) return true;
  if (c.since == c.power) {
    c.saved = fp;
    c.power *= 2;
    c.since = 0;
  }
  ++c.since;
  return false;
}

void Exec::Outcome(std::string text) {
  if (tracing()) (*out_.trace)[record_].outcome = std::move(text);
}
void Exec::SetOp(std::string text) {
  if (tracing()) (*out_.trace)[record_].op = std::move(text);
}
void Exec::Print(absl::string_view text) {
  if (tracing()) absl::StrAppend(&(*out_.trace)[record_].output, text);
}

SourceLoc Exec::Here() {
  if (T().frames.empty()) return {};
  return SiteSpan().begin;
}

void Exec::Report(VmEvent::Kind kind, std::string type, std::string message) {
  out_.events.push_back({kind, tid_, std::move(type), std::move(message), Here()});
}

Flow Exec::InputError(std::string message) {
  stopped_ = true;
  Report(VmEvent::Kind::kInputError, "", std::move(message));
  return Flow::kStop;
}

Flow Exec::Raise(Builtin type, std::string message, bool reported) {
  if (catch_attribute_error_ && type == Builtin::kExcAttribute) {  // (attr_builtins.cc)
    caught_attribute_error_ = true;
    return Flow::kUnwound;
  }
  Value exc = m_.NewObject(ObjType::kException, kExcSlots);
  Value* p = m_.payload(exc);
  p[kExcType] = Value::Builtin(static_cast<uint32_t>(type));
  // An empty message is a bare exception (`raise queue.Empty`, `assert x`): str '' and
  // repr Empty().
  p[kExcMessage] = message.empty() ? Value::None() : I().Str(message);
  p[kExcReported] = Value::Bool(reported);
  return Throw(exc);
}

Flow Exec::Throw(Value exc) {
  const SourceLoc at = Here();
  SourceLoc exc_at = at;
  // Raised in a bundled module (Future.result() raising the task's exception again): the
  // exception is located at the user's line that called into it, as a wait is.
  if (InBundledFile(rt_.program, at.file)) {
    if (int user = UserFrame(T(), rt_.program, T().frames.size() - 1); user >= 0) {
      const Frame& f = T().frames[user];
      exc_at = rt_.program.codes[f.code].info[f.pc].span.begin;
    }
  }
  Value* p = m_.payload(exc);
  p[kExcLine] = ExcLineWord(exc_at);
  p[kExcColumn] = Value::SmallInt(exc_at.column);
  if (tracing()) {
    Outcome(absl::StrCat("raised ", Repr(exc)));
  } else if (out_.trace != nullptr) {
    // Raised by an invisible instruction: the trace still shows where.
    OpRecord r;
    r.thread = tid_;
    r.loc = at;
    r.op = std::string(SliceSource(rt_.program, SiteSpan()));
    r.outcome = absl::StrCat("raised ", Repr(exc));
    if (out_.before_record && !out_.trace->empty()) out_.before_record(m_);
    out_.trace->push_back(std::move(r));
  }
  return RaiseValue(exc);
}

Flow Exec::RaiseValue(Value exc) {
  while (!T().frames.empty()) {
    Frame& f = F();
    if (IsNative(f)) {  // a native routine has no handlers
      NativeUnwind(f);
      S().resize(f.base);
      T().frames.pop_back();
      continue;
    }
    const Code& code = CodeOf(f);
    for (const ExceptionEntry& e : code.exceptions) {
      if (f.pc >= e.start && f.pc < e.end) {
        S().resize(f.base + code.local_names.size() + e.depth);
        Push(exc);
        f.pc = e.handler;
        return Flow::kUnwound;
      }
    }
    if (code.is_generator) {  // it finishes (generators.cc)
      Flow flow;
      if (GeneratorUnwound(f, &exc, &flow)) return flow;
    }
    // Out of a threading.Thread's bottom frame, with the program's own excepthook installed:
    // the hook runs in the thread (excepthook.cc).
    if (T().frames.size() == 1 && rt_.program.excepthook_slot >= 0) {
      Flow flow;
      if (CallExceptHook(exc, &flow)) return flow;
    }
    S().resize(f.base);
    T().frames.pop_back();
    // Out of a map's or filter's function: what its iterators had fetched is dropped.
    if (!T().frames.empty() && S().size() >= static_cast<size_t>(F().base) + 3 &&
        Top() == Value::Marker(static_cast<uint32_t>(Mark::kIterCall)))
      ResetIterChain(Top(1));
    // StopIteration out of a for loop's __next__ ends the loop (classes.cc, Mark::kNext).
    if (!T().frames.empty() && S().size() > static_cast<size_t>(F().base) + 3 &&
        Top() == Value::Marker(static_cast<uint32_t>(Mark::kNext)) && !IsNative(F()) &&
        ExcMatches(exc, Value::Builtin(static_cast<uint32_t>(Builtin::kExcStopIteration)))) {
      S().resize(S().size() - 4);  // the marker and the iterator's three slots
      F().pc = C().instrs[F().pc].arg;
      return Flow::kUnwound;
    }
    // AttributeError out of a property getter run by getattr with a default or by hasattr
    // (attr_builtins.cc): the default, or False, is the call's result.
    if (!T().frames.empty() && S().size() > static_cast<size_t>(F().base) && !IsNative(F()) &&
        (Top() == Value::Marker(static_cast<uint32_t>(Mark::kAttrDefault)) ||
         Top() == Value::Marker(static_cast<uint32_t>(Mark::kHasattr))) &&
        ExcMatches(exc, Value::Builtin(static_cast<uint32_t>(Builtin::kExcAttribute)))) {
      if (Pop() == Value::Marker(static_cast<uint32_t>(Mark::kHasattr))) Push(Value::Bool(false));
      ++F().pc;
      return Flow::kUnwound;
    }
  }
  // It escaped the thread.
  const Value* p = m_.payload(exc);
  Builtin type = ExcBuiltin(exc);
  if (type != Builtin::kExcSystemExit && !p[kExcReported].is_true()) {
    std::string message = p[kExcMessage].is_none() ? "" : std::string(StrOf(p[kExcMessage]));
    out_.events.push_back({VmEvent::Kind::kUncaught, tid_, TypeName(exc),
                           std::move(message),
                           ExcLoc(p)});
  }
  EndThread();
  return Flow::kUnwound;
}

// A user module's global read as `m.x` (in.a=2) or by `from m import x` (in.a=1), unbound:
// CPython's AttributeError or ImportError, naming a module whose code is still running as
// partially initialised (a circular import).
Flow Exec::RaiseUnboundModuleAttr(const Instr& in) {
  const ModuleInfo& mod = rt_.program.modules[in.b];
  const bool partial = !m_.globals[mod.slot].is_module();
  const std::string& full = rt_.program.global_names[in.arg];
  std::string name = full.substr(mod.name.size() + 1);
  if (in.a == 1) {
    return Raise(Builtin::kExcImport,
                 absl::StrCat("cannot import name '", name, "' from ",
                              partial ? "partially initialized module '" : "'", mod.name, "' ",
                              partial ? "(most likely due to a circular import) " : "", "(",
                              mod.path, ")"));
  }
  return Raise(Builtin::kExcAttribute,
               absl::StrCat(partial ? "partially initialized module '" : "module '", mod.name,
                            "' has no attribute '", name, "'",
                            partial ? " (most likely due to a circular import)" : ""));
}

void Exec::EndThread() {
  ThreadRec& t = T();
  t.finished = true;
  t.frames.clear();
  t.values.clear();
  t.pending = Pending{PendingKind::kDone, 0, Value::None()};
}

Flow Exec::PushFrame(int32_t code_index, Value function, const Value* args, size_t nargs,
                     const Value* kwnames, size_t nkw) {
  const Code& code = rt_.program.codes[code_index];
  absl::InlinedVector<Value, 8> locals(code.local_names.size(), Value::Unbound());
  Flow bound = BindArguments(code, function, args, nargs, kwnames, nkw, locals.data());
  if (bound != Flow::kNext) return bound;  // (arguments.cc)
  // A method using super() finds its class in a hidden local (CPython's __class__ cell).
  if (code.class_slot >= 0 && function.is_obj() && m_.size(function) > 2)
    locals[code.class_slot] = m_.payload(function)[2];
  // Closures: the variables nested functions capture live in cells made now (a parameter's
  // value moves into its cell); the function's own free variables are its closure's cells.
  if (!code.cell_slots.empty() || !code.free_slots.empty()) {
    for (int32_t slot : code.cell_slots) {
      Value cell = m_.NewObject(ObjType::kCell, 1);
      m_.payload(cell)[0] = locals[slot];
      locals[slot] = cell;
    }
    if (!code.free_slots.empty()) {
      Value closure = m_.payload(function)[3];
      for (size_t i = 0; i < code.free_slots.size(); ++i)
        locals[code.free_slots[i]] = m_.payload(closure)[i];
    }
  }
  if (code.is_generator) return NewGenerator(code_index, locals.data(), locals.size());
  if (T().frames.size() >= static_cast<size_t>(rt_.limits.max_call_depth)) {
    if (rt_.limits.max_call_depth >= kCPythonRecursionLimit)
      return Raise(Builtin::kExcRecursion, "maximum recursion depth exceeded");
    return InputError(absl::StrCat("recursion too deep: more than ", rt_.limits.max_call_depth,
                                   " nested calls"));
  }
  int32_t base = static_cast<int32_t>(S().size());
  T().frames.push_back({code_index, 0, base});
  for (Value v : locals) Push(v);
  return Flow::kJumped;
}

// Garbage is dropped when a state is packed, between steps; inside one step (a loop building
// temporaries while its thread runs alone) it piles up in the arena. Past the threshold the
// heap is compacted in place (a pack and unpack, at an instruction boundary, where every live
// value is in the machine); what is still live beyond max_heap_values is an input error. The
// next compaction waits until the arena has doubled, so the cost per allocated value stays
// constant and the arena stays under twice the limit.
bool Exec::CompactHeap() {
  PackedState packed;
  PackScratch scratch;
  Pack(m_, packed, scratch);
  Unpack(packed, m_);
  if (m_.arena.size() > rt_.limits.max_heap_values) {
    InputError(absl::StrCat("state too large: its objects hold more than ",
                            rt_.limits.max_heap_values, " values (lockcheck's limit)"));
    return false;
  }
  compact_at_ = std::max<uint64_t>(rt_.limits.max_heap_values, 2 * m_.arena.size());
  return true;
}

void Exec::Run() {
  if (compact_at_ == 0) compact_at_ = rt_.limits.max_heap_values;
  for (;;) {
    if (T().frames.empty()) return;
    if (++budget_used_ > rt_.limits.step_budget) {
      InputError(absl::StrCat("thread '", StrOf(m_.ThreadNameValue(tid_)), "' ran ", rt_.limits.step_budget,
                              " instructions without a visible operation (a runaway loop?)"));
      return;
    }
    if (budget_used_ % StepOutput::kStopPollInstructions == 0 && out_.should_stop) {
      if (std::string limit = out_.should_stop(); !limit.empty()) {
        stopped_ = true;
        out_.abandoned = std::move(limit);
        return;
      }
    }
    if (m_.arena.size() > compact_at_ && !CompactHeap()) return;
    record_ = -1;  // outcomes go to the record of the instruction that opened one
    // _thread.interrupt_main: the main thread raises KeyboardInterrupt at its next eval-breaker
    // check, where CPython 3.13 checks: after a call returns, at a Python function's entry, on
    // a backward jump (interrupt.cc).
    Flow flow;
    if (rt_.program.interrupt_slot < 0) {
      flow = IsNative(F()) ? ExecuteNative() : Execute(C().instrs[F().pc]);
    } else {
      if (breaker_ && tid_ == 0 && !IsNative(F()) &&
          m_.globals[rt_.program.interrupt_slot].is_true()) {
        breaker_ = false;
        RaiseInterrupt();
        if (T().finished) return;
        continue;
      }
      const size_t depth = T().frames.size();
      const bool native = IsNative(F());
      const int32_t pc = F().pc;
      const Opcode op = native ? Opcode::kNop : C().instrs[pc].op;
      flow = native ? ExecuteNative() : Execute(C().instrs[pc]);
      if (!T().finished && !T().frames.empty()) {
        const size_t now = T().frames.size();
        breaker_ = now > depth ||                                  // a Python function's entry
                   (native && now < depth) ||                      // a primitive's call returned
                   (flow == Flow::kNext && (op == Opcode::kCall || op == Opcode::kCallMethod ||
                                            op == Opcode::kCallEx)) ||  // a call returned
                   (flow == Flow::kJumped && now == depth && !native && F().pc < pc);  // a loop
      }
    }
    if (!refusal_.empty()) {  // a value operation met a special method it cannot call
      InputError(std::move(refusal_));
      return;
    }
    switch (flow) {
      case Flow::kNext: ++F().pc; break;
      case Flow::kJumped:
      case Flow::kUnwound:
        if (T().finished) return;
        break;
      case Flow::kYield:
      case Flow::kStop:
        return;
    }
  }
}

Flow Exec::Execute(const Instr& in) {
  switch (in.op) {
    case Opcode::kNop: return Flow::kNext;
    case Opcode::kThreadBegin:
      if (!GateAccess(Access::kNone)) return Flow::kYield;
      if (tracing()) {
        Value target = F().code == 0 ? Value::None() : S()[F().base];
        SetOp(F().code == 0 ? "<module>" : absl::StrCat(CallableName(target), "()"));
        Outcome("thread starts");
        if (m_.Is(target, ObjType::kBoundMethod) && m_.payload(target)[1].is_obj())
          target = m_.payload(target)[1];
        if (m_.Is(target, ObjType::kFunction)) {
          const Code& fn = rt_.program.codes[m_.payload(target)[0].payload()];
          (*out_.trace)[record_].loc = {fn.first_line, 1};
        }
      }
      return Flow::kNext;
    case Opcode::kLoadConst: Push(rt_.constants[in.arg]); return Flow::kNext;
    case Opcode::kLoadFast: {
      Value v = S()[F().base + in.arg];
      if (v.is_unbound()) {
        return Raise(Builtin::kExcUnboundLocal,
                     absl::StrCat("cannot access local variable '", C().local_names[in.arg],
                                  "' where it is not associated with a value"));
      }
      Push(v);
      return Flow::kNext;
    }
    case Opcode::kStoreFast: S()[F().base + in.arg] = Pop(); return Flow::kNext;
    case Opcode::kLoadClosure: Push(S()[F().base + in.arg]); return Flow::kNext;
    case Opcode::kLoadDeref: {
      // A cell another thread can reach (its function escaped) is read like a global.
      Value cell = S()[F().base + in.arg];
      if (m_.IsShared(cell) && !GateAccess(Access::kRead, cell)) return Flow::kYield;
      Value v = m_.payload(cell)[0];
      if (v.is_unbound()) {
        const Code& code = C();
        bool own = std::find(code.cell_slots.begin(), code.cell_slots.end(), in.arg) !=
                   code.cell_slots.end();
        return Raise(own ? Builtin::kExcUnboundLocal : Builtin::kExcName,
                     absl::StrCat("cannot access ", own ? "local" : "free", " variable '",
                                  code.local_names[in.arg], "' where it is not associated with a ",
                                  "value", own ? "" : " in enclosing scope"));
      }
      if (tracing()) Outcome(absl::StrCat("read ", Repr(v)));
      Push(v);
      return Flow::kNext;
    }
    case Opcode::kStoreDeref: {
      Value cell = S()[F().base + in.arg];
      if (m_.IsShared(cell) && !GateAccess(Access::kWrite, cell)) return Flow::kYield;
      m_.payload(cell)[0] = Pop();
      m_.PublishInto(cell, m_.payload(cell)[0]);
      if (tracing()) Outcome(absl::StrCat("wrote ", Repr(m_.payload(cell)[0])));
      return Flow::kNext;
    }
    case Opcode::kLoadGlobal:
    case Opcode::kLoadGlobalStable: {
      if (in.op == Opcode::kLoadGlobal &&
          !GateAccess(Access::kGlobalRead, Value::SmallInt(in.arg)))
        return Flow::kYield;
      Value v = m_.globals[in.arg];
      if (v.is_unbound()) {
        if (in.a != 0) return RaiseUnboundModuleAttr(in);
        return Raise(Builtin::kExcName, absl::StrCat("name '", rt_.program.global_names[in.arg],
                                                     "' is not defined"));
      }
      if (tracing()) Outcome(absl::StrCat("read ", Repr(v)));
      Push(v);
      return Flow::kNext;
    }
    case Opcode::kImportModule: {
      // sys.modules: unbound until the module's code starts, then SmallInt(1) while it runs
      // (a circular import gets the partially initialised module), then the module. Only
      // module code imports, and only the main thread runs module code: no other thread
      // reads the entry, so it is no scheduling point.
      const ModuleInfo& mod = rt_.program.modules[in.arg];
      if (!m_.globals[mod.slot].is_unbound()) {
        Push(Value::Module(static_cast<uint32_t>(in.arg)));
        return Flow::kNext;
      }
      m_.globals[mod.slot] = Value::SmallInt(1);
      return PushFrame(mod.code, Value::None(), nullptr, 0, nullptr, 0);
    }
    case Opcode::kImportDone:
      m_.globals[rt_.program.modules[in.arg].slot] = Value::Module(static_cast<uint32_t>(in.arg));
      Push(Value::Module(static_cast<uint32_t>(in.arg)));
      return Flow::kNext;
    case Opcode::kStoreGlobal:
      if (!GateAccess(Access::kGlobalWrite, Value::SmallInt(in.arg))) return Flow::kYield;
      m_.globals[in.arg] = Pop();
      m_.Publish(m_.globals[in.arg]);  // every thread can reach a global
      if (tracing()) {
        Value v = m_.globals[in.arg];
        // `def f`, `class C` and `import threading` are not worth a line of a trace.
        if (m_.Is(v, ObjType::kFunction) || m_.Is(v, ObjType::kClass) || v.is_module() ||
            (v.is_builtin() && TypeName(v) == "module")) {
          out_.trace->pop_back();
          record_ = -1;
        } else {
          Outcome(absl::StrCat("wrote ", Repr(v)));
        }
      }
      return Flow::kNext;
    case Opcode::kLoadBuiltin:
      Push(static_cast<Builtin>(in.arg) == Builtin::kTimeoutMax ? I().Float(kTimeoutMaxSeconds)
                                                                 : Value::Builtin(in.arg));
      return Flow::kNext;
    case Opcode::kPopTop: Pop(); return Flow::kNext;
    case Opcode::kDupTop: Push(Top()); return Flow::kNext;
    case Opcode::kDupTopTwo: {
      Value a = Top(1), b = Top();
      Push(a);
      Push(b);
      return Flow::kNext;
    }
    case Opcode::kRotTwo: std::swap(Top(), Top(1)); return Flow::kNext;
    case Opcode::kRotThree: {
      Value top = Top();
      Top() = Top(1);
      Top(1) = Top(2);
      Top(2) = top;
      return Flow::kNext;
    }
    case Opcode::kUnary: {
      Value r;
      if (static_cast<ast::Op>(in.a) == ast::Op::kNot && !GateShared(Top()))
        return Flow::kYield;
      if (static_cast<ast::Op>(in.a) == ast::Op::kNot && Top().is_obj()) {
        Flow f;
        if (UserTruth(Top(), &f)) return f;
      }
      Flow f = Unary(static_cast<ast::Op>(in.a), Top(), &r);
      if (f != Flow::kNext) return f;
      if (tracing()) Outcome(absl::StrCat("gave ", Repr(r)));
      Top() = r;
      return Flow::kNext;
    }
    case Opcode::kBinary:
    case Opcode::kCompare: {
      Value a = Top(1), b = Top();
      if (in.op == Opcode::kCompare && (a.is_obj() || b.is_obj()) &&
          (static_cast<ast::Op>(in.a) == ast::Op::kEq ||
           static_cast<ast::Op>(in.a) == ast::Op::kNotEq)) {
        Flow f;
        if (UserEq(a, b, static_cast<ast::Op>(in.a) == ast::Op::kNotEq, &f)) return f;
      }
      {
        // One shared operand: its read (its write for an in-place `+=` on it); more shared
        // state read (two containers, or one inside a container of this thread): unknown.
        // `+` and `*` copy references and do not look at the items; the others (==, <, and
        // `%` formatting, a repr) read the operands' values.
        const auto op = static_cast<ast::Op>(in.a);
        const bool binary = in.op == Opcode::kBinary;
        const bool copies = binary && (op == ast::Op::kAdd || op == ast::Op::kMul);
        const Value operands[2] = {a, b};
        if (!GateValues(binary && in.b != 0 ? a : Value::None(), Access::kWrite, operands, 2,
                        false, !copies, binary && op == ast::Op::kMod))
          return Flow::kYield;
      }
      Value r;
      if (in.op == Opcode::kBinary) {
        Flow f = Binary(static_cast<ast::Op>(in.a), a, b, in.b != 0, &r);
        if (f != Flow::kNext) return f;
      } else {
        ast::Op op = static_cast<ast::Op>(in.a);
        if (op == ast::Op::kEq || op == ast::Op::kNotEq) {
          r = Value::Bool(Eq(a, b) == (op == ast::Op::kEq));
        } else {
          std::optional<bool> o = Order(a, b, op);
          if (!o) return Flow::kUnwound;
          r = Value::Bool(*o);
        }
      }
      if (tracing()) Outcome(absl::StrCat("gave ", Repr(r)));
      Pop();
      Top() = r;
      return Flow::kNext;
    }
    case Opcode::kContains: {
      Value container = Top(), item = Top(1);
      if (container.is_obj()) {
        Flow f;
        if (UserContains(container, item, in.b != 0, &f)) return f;
      }
      // Compares `item` with the items: reads both values.
      if (!GateValues(container, Access::kRead, &item, 1, true)) return Flow::kYield;
      bool found;
      Flow f = Contains(container, item, &found);
      if (f != Flow::kNext) return f;
      Pop();
      Top() = Value::Bool(found != (in.b != 0));
      return Flow::kNext;
    }
    case Opcode::kIs: {
      Value b = Pop();
      Top() = Value::Bool((Top() == b) != (in.b != 0));
      return Flow::kNext;
    }
    case Opcode::kJump: return JumpTo(in.arg);
    case Opcode::kPopJumpIfFalse:
    case Opcode::kPopJumpIfTrue: {
      if (!GateShared(Top())) return Flow::kYield;
      if (Top().is_obj()) {
        Flow f;
        if (UserTruth(Top(), &f)) return f;
      }
      bool t = Truthy(Pop());
      if (t == (in.op == Opcode::kPopJumpIfTrue)) return JumpTo(in.arg);
      return Flow::kNext;
    }
    case Opcode::kJumpIfFalseOrPop:
    case Opcode::kJumpIfTrueOrPop: {
      if (!GateShared(Top())) return Flow::kYield;
      if (Top().is_obj()) {
        Flow f;
        if (UserTruth(Top(), &f)) return f;
      }
      bool t = Truthy(Top());
      if (t == (in.op == Opcode::kJumpIfTrueOrPop)) return JumpTo(in.arg);
      Pop();
      return Flow::kNext;
    }
    case Opcode::kGetIter: {
      Value it = Top();
      if (m_.Is(it, ObjType::kRange)) {
        const Value* r = m_.payload(it);
        Top() = r[2];
        Push(r[0]);
        Push(r[1]);
        return Flow::kNext;
      }
      if (it.is_str() || m_.IsListLike(it) || m_.Is(it, ObjType::kTuple) ||
          m_.Is(it, ObjType::kDict) || IsSetLike(it) || m_.Is(it, ObjType::kGenerator)) {
        Push(Value::SmallInt(0));
        // A dict's, set's or deque's size, which CPython's iterator checks at every step.
        const bool sized = m_.Is(it, ObjType::kDict) || m_.Is(it, ObjType::kSet) ||
                           m_.Is(it, ObjType::kDeque);
        Push(sized ? Value::SmallInt(m_.size(it)) : Value::None());
        return Flow::kNext;
      }
      if (IsIterLike(it)) return GetIterObject(it);  // iterators.cc
      if (it.is_obj()) {
        Flow f;
        if (UserIter(it, &f)) return f;
      }
      return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(it), "' object is not iterable"));
    }
    case Opcode::kForIter: {
      Value src = Top(2), a = Top(1), b = Top();
      if (src.is_small_int()) {  // a range: (step, current, stop)
        int64_t step = src.small_int(), cur = a.small_int(), stop = b.small_int();
        if (step > 0 ? cur < stop : cur > stop) {
          Top(1) = Value::SmallInt(cur + step);
          Push(Value::SmallInt(cur));
          return Flow::kNext;
        }
      } else {
        if (m_.Is(src, ObjType::kGenerator)) return ForIterGenerator(src);
        if (src.is_obj() && !ClassOf(src).is_none()) {  // an iterator object: its __next__
          Flow f;
          if (UserNext(src, &f)) return f;
        }
        if (m_.Is(src, ObjType::kIterator)) return IterForNext(in);  // iterators.cc
        if (!GateShared(src)) return Flow::kYield;
        if (b.is_small_int() && static_cast<uint32_t>(b.small_int()) != m_.size(src)) {
          Top() = Value::SmallInt(-1);  // sticky, as CPython's
          return SizeChanged(src);
        }
        int64_t i = a.small_int();
        bool has = false;
        Value item;
        if (src.is_str()) {
          absl::string_view s = StrOf(src);
          if (static_cast<size_t>(i) < s.size()) {
            // One code point.
            size_t len = 1;
            while (i + len < s.size() && (static_cast<unsigned char>(s[i + len]) & 0xC0) == 0x80)
              ++len;
            item = MakeStr(s.substr(i, len));
            Top(1) = Value::SmallInt(i + static_cast<int64_t>(len));
            has = true;
          }
        } else if (m_.Is(src, ObjType::kDict)) {
          if (2 * static_cast<uint32_t>(i) < m_.size(src)) {
            item = m_.payload(src)[2 * i];
            has = true;
          }
          Top(1) = Value::SmallInt(i + 1);
        } else if (static_cast<uint32_t>(i) < m_.size(src)) {
          item = m_.payload(src)[i];
          Top(1) = Value::SmallInt(i + 1);
          has = true;
        }
        if (has) {
          if (tracing()) Outcome(absl::StrCat("next item ", Repr(item)));
          Push(item);
          return Flow::kNext;
        }
        if (tracing()) Outcome("exhausted");
      }
      Pop();
      Pop();
      Pop();
      F().pc = in.arg;
      return Flow::kJumped;
    }
    case Opcode::kBuildTuple:
    case Opcode::kBuildList: {
      std::optional<Value> obj =
          NewSequence(in.op == Opcode::kBuildTuple ? ObjType::kTuple : ObjType::kList, in.arg);
      if (!obj) return Flow::kStop;
      Value* p = m_.payload(*obj);
      size_t base = S().size() - in.arg;
      for (int32_t i = 0; i < in.arg; ++i) p[i] = S()[base + i];
      S().resize(base);
      Push(*obj);
      return Flow::kNext;
    }
    case Opcode::kBuildDict: {
      Value dict = m_.NewObject(ObjType::kDict, 0);
      size_t base = S().size() - 2 * in.arg;
      for (int32_t i = 0; i < in.arg; ++i) {
        Flow f = DictSet(dict, S()[base + 2 * i], S()[base + 2 * i + 1]);
        if (f != Flow::kNext) return f;
      }
      S().resize(base);
      Push(dict);
      return Flow::kNext;
    }
    case Opcode::kListAppend: {
      Value item = Pop();
      Value list = S()[S().size() - in.arg];
      uint32_t n = m_.size(list);
      if (n + 1 > static_cast<uint64_t>(rt_.limits.max_object_size))
        return InputError(absl::StrCat("object too large: a list of more than ",
                                       rt_.limits.max_object_size, " items"));
      m_.Resize(list, n + 1);
      m_.payload(list)[n] = item;
      m_.PublishInto(list, item);  // (a fresh list: no-op, kept for uniformity)
      return Flow::kNext;
    }
    case Opcode::kBuildSet:
    case Opcode::kSetAdd:
    case Opcode::kMapAdd:
      return CollectionOp(in);  // sets.cc
    case Opcode::kDeleteFast:
    case Opcode::kDeleteDeref:
    case Opcode::kDeleteGlobal:
    case Opcode::kDeleteSubscr:
    case Opcode::kDeleteAttr:
      return DeleteOp(in);  // delete.cc
    case Opcode::kUnpackSequence: {
      Value seq = Top();
      if (seq.is_obj()) {
        Flow f;
        if (UserUnpack(seq, &f)) return f;  // special_methods.cc
      }
      if (!GateShared(seq)) return Flow::kYield;
      Args items;
      Flow f = Items(seq, items);
      if (f != Flow::kNext) return f;
      if (items.size() != static_cast<size_t>(in.arg)) {
        if (items.size() < static_cast<size_t>(in.arg)) {
          return Raise(Builtin::kExcValue, absl::StrCat("not enough values to unpack (expected ",
                                                        in.arg, ", got ", items.size(), ")"));
        }
        return Raise(Builtin::kExcValue,
                     absl::StrCat("too many values to unpack (expected ", in.arg, ")"));
      }
      Pop();
      for (size_t i = items.size(); i-- > 0;) Push(items[i]);
      return Flow::kNext;
    }
    case Opcode::kSlice: {
      size_t n = in.a;
      Value container = Top(n);
      if (!GateShared(container)) return Flow::kYield;
      Value step = n == 3 ? Top() : Value::None();
      Value upper = Top(n == 3 ? 1 : 0), lower = Top(n == 3 ? 2 : 1);
      Value r;
      Flow f = Slice(container, lower, upper, step, &r);
      if (f != Flow::kNext) return f;
      S().resize(S().size() - n);
      Top() = r;
      return Flow::kNext;
    }
    case Opcode::kSubscr: {
      Value container = Top(1), index = Top();
      if (container.is_obj()) {
        Flow f;
        if (UserSubscr(container, index, &f)) return f;
      }
      if (!GateShared(container)) return Flow::kYield;
      Value r;
      Flow f = Subscript(container, index, &r);
      if (f != Flow::kNext) return f;
      if (tracing()) Outcome(absl::StrCat("read ", Repr(r)));
      Pop();
      Top() = r;
      return Flow::kNext;
    }
    case Opcode::kStoreSubscr: {
      Value index = Top(), container = Top(1), value = Top(2);
      if (container.is_obj()) {
        Flow f;
        if (UserStoreSubscr(container, index, value, &f)) return f;
      }
      if (!GateShared(container, Access::kWrite)) return Flow::kYield;
      Flow f = StoreSubscript(container, index, value);
      if (f != Flow::kNext) return f;
      if (tracing()) Outcome(absl::StrCat("wrote ", Repr(value)));
      S().resize(S().size() - 3);
      return Flow::kNext;
    }
    case Opcode::kLoadAttr: {
      Value r;
      Flow f = LoadAttr(Top(), static_cast<Attr>(in.b), rt_.constants[in.arg], &r);
      if (f != Flow::kNext) return f;
      if (!property_call_.is_none()) {  // a property: its getter's result is the value
        Value getter = property_call_, obj = Pop();
        property_call_ = Value::None();
        return CallFunctionWithSelf(getter, obj, nullptr, 0, nullptr, 0);
      }
      Top() = r;
      return Flow::kNext;
    }
    case Opcode::kStoreAttr: {
      Flow f = StoreAttr(Top(), static_cast<Attr>(in.b), rt_.constants[in.arg], Top(1));
      if (f != Flow::kNext) return f;
      Pop();
      Pop();
      return Flow::kNext;
    }
    case Opcode::kLoadMethod: {
      Value obj = Top();
      if (HasUserAttrs(obj))
        return LoadMethodUser(obj, static_cast<Attr>(in.b), rt_.constants[in.arg]);
      if (obj.is_builtin() || obj.is_module() || m_.Is(obj, ObjType::kFunction) ||
          m_.Is(obj, ObjType::kLocal)) {
        // A module member looked up at run time, or a function's attribute (f.__wrapped__):
        // call it as a function.
        Value member;
        Flow f = LoadAttr(obj, static_cast<Attr>(in.b), rt_.constants[in.arg], &member);
        if (f != Flow::kNext) return f;
        Top() = member;
        Push(Value::None());
        return Flow::kNext;
      }
      if (!HasMethod(obj, static_cast<Attr>(in.b))) {
        if (CPythonHasMethod(TypeName(obj), StrOf(rt_.constants[in.arg])) ||
            IsDunder(StrOf(rt_.constants[in.arg])))  // it.__next__(), lst.__len__(), ...
          return InputError(absl::StrCat("unsupported in scenarios: ", TypeName(obj), ".",
                                         StrOf(rt_.constants[in.arg]), " (not modelled by lockcheck)"));
        return Raise(Builtin::kExcAttribute,
                     absl::StrCat("'", ErrorTypeName(obj), "' object has no attribute '",
                                  StrOf(rt_.constants[in.arg]), "'"));
      }
      Push(Value::SmallInt(in.b));
      return Flow::kNext;
    }
    case Opcode::kCallMethod:
    case Opcode::kCall: {
      const Value* kw = in.arg >= 0 ? rt_.kwnames[in.arg].data() : nullptr;
      size_t nkw = in.arg >= 0 ? rt_.kwnames[in.arg].size() : 0;
      return in.op == Opcode::kCall ? Call(in.a, kw, nkw) : CallMethod(in.a, kw, nkw);
    }
    case Opcode::kReturnValue: {
      if (C().is_generator) return GeneratorReturn(Pop());
      Value r = Pop();
      S().resize(F().base);
      T().frames.pop_back();
      if (T().frames.empty()) {  // a thread's target returned
        EndThread();
        return Flow::kStop;
      }
      // Returning to an instruction that called Python code on its own behalf (classes.cc).
      if (S().size() > static_cast<size_t>(F().base) && Top().is_marker())
        return FinishMarkedCall(r);
      Push(r);
      ++F().pc;
      return Flow::kJumped;
    }
    case Opcode::kFormatValue: {
      if (Top().is_obj()) {
        Flow f;
        if (UserStr(Top(), in.b == 'r', 1, &f)) return f;
      }
      if (!GateValues(Value::None(), Access::kRead, &Top(), 1, false, true, true))
        return Flow::kYield;
      Top() = MakeStr(in.b == 'r' ? ObservedRepr(Top()) : Str(Top()));
      return Flow::kNext;
    }
    case Opcode::kBuildString: {
      std::string s;
      size_t base = S().size() - in.arg;
      for (int32_t i = 0; i < in.arg; ++i) absl::StrAppend(&s, StrOf(S()[base + i]));
      if (s.size() > static_cast<size_t>(rt_.limits.max_object_size))
        return InputError(absl::StrCat("object too large: a string of more than ",
                                       rt_.limits.max_object_size, " characters"));
      S().resize(base);
      Push(MakeStr(s));
      return Flow::kNext;
    }
    case Opcode::kWithEnter: return WithEnter(Top());
    case Opcode::kWithExit: {
      Flow f = WithExit(Top());
      if (f == Flow::kNext) Pop();
      return f;
    }
    case Opcode::kWithExcept: {
      // [.., manager, exception]: exit the manager, leave the exception on top.
      if (!ClassOf(Top(1)).is_none()) return UserWith(Top(1), /*enter=*/false, /*except=*/true);
      if (m_.Is(Top(1), ObjType::kGenContext)) return GenContextWith(Top(1), false, true);
      Flow f = WithExit(Top(1));
      if (f != Flow::kNext) return f;
      Value exc = Pop();
      Top() = exc;
      return Flow::kNext;
    }
    case Opcode::kReraise: return RaiseValue(Pop());
    case Opcode::kRaise: {
      if (in.a == 0) return Raise(Builtin::kExcRuntime, "No active exception to reraise");
      Value v = Pop();
      if (v.is_builtin() && IsExceptionType(static_cast<Builtin>(v.payload()))) {
        return Raise(static_cast<Builtin>(v.payload()), "");
      }
      if (m_.Is(v, ObjType::kException)) return Throw(v);
      if (m_.Is(v, ObjType::kClass) && IsExceptionClass(v)) {
        Value init;
        if (FindInMro(v, MakeStr("__init__"), &init) && m_.Is(init, ObjType::kFunction)) {
          return InputError("unsupported in scenarios: raising a class whose __init__ is "
                            "Python code (raise an instance: `raise C(...)`)");
        }
        Value exc = m_.NewObject(ObjType::kException, kExcSlots);
        Value* p = m_.payload(exc);
        p[kExcType] = v;
        p[kExcReported] = Value::Bool(false);
        SetExcArgs(exc, nullptr, 0);
        return Throw(exc);
      }
      return Raise(Builtin::kExcType, "exceptions must derive from BaseException");
    }
    case Opcode::kCheckExcMatch: {
      Value types = Pop();
      Value exc = Top();
      Args list;
      if (m_.Is(types, ObjType::kTuple)) {
        Items(types, list);
      } else {
        list.push_back(types);
      }
      bool match = false;
      for (Value t : list) {
        if (!IsExceptionClass(t)) {
          return Raise(Builtin::kExcType,
                       "catching classes that do not inherit from BaseException is not allowed");
        }
        match |= ExcMatches(exc, t);
      }
      if (match && m_.payload(exc)[kExcReported].is_true()) {
        const Value* p = m_.payload(exc);
        out_.events.push_back({VmEvent::Kind::kHandled, tid_, TypeName(exc), Str(exc),
                               ExcLoc(p)});
      }
      Push(Value::Bool(match));
      return Flow::kNext;
    }
    case Opcode::kAssertFail: {
      // The message's str() reads it.
      if (in.a && !GateValues(Value::None(), Access::kRead, &Top(), 1, false, true, true))
        return Flow::kYield;
      std::string message = in.a ? Str(Pop()) : "";
      return Raise(Builtin::kExcAssertion, message);
    }
    case Opcode::kMakeFunction: {
      Value closure = (in.a & 2) ? Pop() : Value::None();
      Value defaults = (in.a & 1) ? Pop() : Value::None();
      Value fn = m_.NewObject(ObjType::kFunction, (in.a & 2) ? 4 : in.b ? 3 : 2);
      m_.payload(fn)[0] = Value::Code(in.arg);
      m_.payload(fn)[1] = defaults;
      if (in.b) m_.payload(fn)[2] = Top();  // a method: its class, under it
      if (in.a & 2) m_.payload(fn)[3] = closure;
      Push(fn);
      return Flow::kNext;
    }
    case Opcode::kMakeClass: return MakeClass(rt_.constants[in.arg], in.a);
    case Opcode::kWrapMethod: return WrapMethod(in.a, rt_.constants[in.arg]);
    case Opcode::kClassSetAttr: return ClassSetAttr(rt_.constants[in.arg]);
    case Opcode::kCallTarget: {
      Value target = S()[F().base], args = S()[F().base + 1], kwargs = S()[F().base + 2];
      size_t depth = S().size();
      Push(target);
      Args items;
      if (!args.is_none()) {
        Flow f = Items(args, items);
        if (f != Flow::kNext) return f;
      }
      for (Value v : items) Push(v);
      KwNames names;
      if (m_.Is(kwargs, ObjType::kDict)) {
        uint32_t n = m_.size(kwargs) / 2;
        for (uint32_t i = 0; i < n; ++i) {
          Value key = m_.payload(kwargs)[2 * i];
          if (!key.is_str()) return Raise(Builtin::kExcType, "keywords must be strings");
          names.push_back(key);
          Push(m_.payload(kwargs)[2 * i + 1]);
        }
      }
      // The bootstrap frame is below the call; clear its references as Thread.run's
      // `del self._target, self._args, self._kwargs` does, so they can be collected.
      int32_t base = F().base;
      Flow f = Call(items.size() + names.size(), names.data(), names.size());
      if (f == Flow::kYield) {
        S().resize(depth);  // re-run from scratch next time
        return f;
      }
      if (f == Flow::kJumped && T().frames.size() == 2) {
        // The target is a Python function: its frame becomes the thread's only frame, and
        // returning from it ends the thread.
        T().frames.erase(T().frames.begin());
        S().erase(S().begin() + base, S().begin() + base + 3);
        T().frames[0].base -= 3;  // (a class call's instance and marker stay under it)
        return f;
      }
      if (!T().frames.empty()) for (int k = 0; k < 3; ++k) S()[base + k] = Value::None();
      return f;
    }
    case Opcode::kThreadExit:
      EndThread();
      return Flow::kStop;
    case Opcode::kListExtend: return ListExtend(in.b == 1);
    case Opcode::kDictMerge: return DictMerge(in.a == 1, in.b == 1);
    case Opcode::kCallEx: return CallEx(in.a == 1);
    case Opcode::kYield: return YieldOp();
    case Opcode::kYieldFrom: return YieldFromOp();
  }
  return InputError("internal error: unknown opcode");
}

}  // namespace lockcheck
