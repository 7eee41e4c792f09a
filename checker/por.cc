#include "checker/por.h"

#include <algorithm>

#include "scenarios/vm/interpreter.h"

namespace lockcheck {

namespace {

bool IsJump(Opcode op) {
  return op == Opcode::kJump || op == Opcode::kPopJumpIfFalse || op == Opcode::kPopJumpIfTrue ||
         op == Opcode::kJumpIfFalseOrPop || op == Opcode::kJumpIfTrueOrPop;
}

// Where control may go after the instruction at `pc` (exception handlers apart).
void Successors(const Code& code, int32_t pc, std::vector<int32_t>& out) {
  out.clear();
  const Instr& in = code.instrs[pc];
  switch (in.op) {
    case Opcode::kJump: out.push_back(in.arg); return;
    case Opcode::kReturnValue:
    case Opcode::kReraise:
    case Opcode::kRaise:
    case Opcode::kAssertFail:
    case Opcode::kThreadExit:
      return;
    default: break;
  }
  if (IsJump(in.op) || in.op == Opcode::kForIter) out.push_back(in.arg);
  if (pc + 1 < static_cast<int32_t>(code.instrs.size())) out.push_back(pc + 1);
}

}  // namespace

uint32_t Reduction::InstrFlags(const Instr& in) const {
  switch (in.op) {
    case Opcode::kUnary:
    case Opcode::kCompare:
    case Opcode::kContains:
    case Opcode::kPopJumpIfFalse:
    case Opcode::kPopJumpIfTrue:
    case Opcode::kJumpIfFalseOrPop:
    case Opcode::kJumpIfTrueOrPop:
    case Opcode::kForIter:
    case Opcode::kUnpackSequence:
    case Opcode::kSlice:
    case Opcode::kSubscr:
    case Opcode::kFormatValue:
      return kRead;
    case Opcode::kBinary: return in.b != 0 ? kRead | kWrite : kRead;  // in place: `lst += x`
    case Opcode::kStoreSubscr: return kRead | kWrite;
    case Opcode::kLoadAttr:
    case Opcode::kStoreAttr:
      switch (static_cast<Attr>(in.b)) {
        case Attr::kName: case Attr::kDaemon: case Attr::kIdent: case Attr::kNativeId:
          return kThreadProbe;
        case Attr::kParties: case Attr::kNWaiting: case Attr::kBroken:
          return kPrivateSync;
        default: return 0;
      }
    case Opcode::kWithEnter: return kAcquire | kPrivateSync;
    case Opcode::kWithExit:
    case Opcode::kWithExcept:
      return kRelease | kPrivateSync;
    case Opcode::kCallTarget: return kCallsCode;
    case Opcode::kCall: {
      if (in.b == 0) return kEverything;  // a callee known only at run time
      switch (static_cast<Builtin>(in.b - 1)) {
        case Builtin::kActiveCount: return kThreadProbe;
        case Builtin::kStartNewThread: return kThreadOp | kCallsCode;
        case Builtin::kSleep: return 0;
        default: return kRead;  // print, len, list(...): read their arguments
      }
    }
    case Opcode::kCallMethod: {
      const uint32_t probe = in.a > 0 ? uint32_t{kLockProbe} : 0u;  // acquire(False), acquire(1)
      switch (static_cast<Attr>(in.b)) {
        case Attr::kAcquire: case Attr::kAcquireLock:
          return kAcquire | probe | kPrivateSync;  // or a Semaphore's
        case Attr::kRelease: case Attr::kReleaseLock:
          return kRelease | kForeignRelease | kPrivateSync;
        case Attr::kEnter: return kAcquire | kPrivateSync;
        case Attr::kExit: return kRelease | kPrivateSync;
        case Attr::kLocked: case Attr::kLockedLock: case Attr::kIsOwned:
        case Attr::kRecursionCount:
          return kLockProbe;
        case Attr::kReleaseSave: case Attr::kAcquireRestore:
          return kAcquire | kRelease | kForeignRelease | kLockProbe;
        case Attr::kStart: return kThreadOp | kCallsCode;
        case Attr::kJoin:  // a Thread's, a Queue's, or str.join
          return kThreadOp | kPrivateSync | (in.a > 0 ? uint32_t{kThreadProbe | kRead} : 0u);
        case Attr::kIsAlive: case Attr::kGetName: case Attr::kSetName: case Attr::kIsDaemon:
        case Attr::kSetDaemon:
          return kThreadProbe;
        case Attr::kAppend: case Attr::kPop: case Attr::kInsert: case Attr::kRemove:
        case Attr::kExtend: case Attr::kReverse: case Attr::kSort: case Attr::kSetdefault:
        case Attr::kUpdate: case Attr::kAppendleft: case Attr::kPopleft:
          return kRead | kWrite;
        case Attr::kClear: return kRead | kWrite | kPrivateSync;  // or an Event's
        case Attr::kIndex: case Attr::kCount: case Attr::kCopy: case Attr::kKeys:
        case Attr::kValues: case Attr::kItems:
          return kRead;
        case Attr::kGet: return kRead | kPrivateSync;  // a dict's, or a Queue's
        case Attr::kUpper: case Attr::kLower: case Attr::kStrip: case Attr::kSplit:
        case Attr::kStartswith: case Attr::kEndswith: case Attr::kReplace: case Attr::kFind:
          return 0;
        case Attr::kNotify: case Attr::kNotifyAll: return kCondition;
        case Attr::kWait:  // a Condition's, an Event's or a Barrier's (whose action is code)
          return kCondition | kPrivateSync | kCallsCode;
        case Attr::kWaitFor: return kCondition | kCallsCode;
        case Attr::kSet: case Attr::kIsSet: case Attr::kReset: case Attr::kAbort:
        case Attr::kPut: case Attr::kPutNowait: case Attr::kGetNowait: case Attr::kTaskDone:
        case Attr::kQsize: case Attr::kEmpty: case Attr::kFull:
          return kPrivateSync;
        default: return kEverything;
      }
    }
    default: return 0;
  }
}

Reduction::Reduction(const Program& program) : program_(program) {
  words_ = std::max<size_t>(1, (program.global_names.size() + 63) / 64);
  const size_t ncodes = program.codes.size();
  // Effects of each instruction, then, backwards to a fixed point, of everything reachable.
  std::vector<std::vector<uint32_t>> local(ncodes);
  std::vector<std::vector<uint32_t>> cont_flags(ncodes), from_flags(ncodes);
  std::vector<std::vector<uint64_t>> cont_bits(ncodes), from_bits(ncodes);
  const size_t per = 2 * words_;  // reads, then writes
  std::vector<int32_t> succ;
  for (size_t c = 0; c < ncodes; ++c) {
    const Code& code = program.codes[c];
    const size_t n = code.instrs.size();
    local[c].resize(n);
    for (size_t pc = 0; pc < n; ++pc) local[c][pc] = InstrFlags(code.instrs[pc]);
    cont_flags[c].assign(n, 0);
    from_flags[c].assign(n, 0);
    cont_bits[c].assign(n * per, 0);
    from_bits[c].assign(n * per, 0);
    for (size_t pc = 0; pc < n; ++pc) {
      from_flags[c][pc] = local[c][pc];
      const Instr& in = code.instrs[pc];
      if (in.op == Opcode::kLoadGlobal)
        from_bits[c][pc * per + in.arg / 64] |= uint64_t{1} << (in.arg % 64);
      if (in.op == Opcode::kStoreGlobal)
        from_bits[c][pc * per + words_ + in.arg / 64] |= uint64_t{1} << (in.arg % 64);
    }
    // cont[pc] = union of from[s] over pc's successors and handlers; from[pc] |= cont[pc].
    for (bool changed = true; changed;) {
      changed = false;
      for (size_t pc = n; pc-- > 0;) {
        Successors(code, static_cast<int32_t>(pc), succ);
        for (const ExceptionEntry& e : code.exceptions) {
          if (static_cast<int32_t>(pc) >= e.start && static_cast<int32_t>(pc) < e.end)
            succ.push_back(e.handler);
        }
        for (int32_t s : succ) {
          uint32_t f = cont_flags[c][pc] | from_flags[c][s];
          bool grew = f != cont_flags[c][pc];
          cont_flags[c][pc] = f;
          for (size_t w = 0; w < per; ++w) {
            uint64_t b = cont_bits[c][pc * per + w] | from_bits[c][s * per + w];
            grew |= b != cont_bits[c][pc * per + w];
            cont_bits[c][pc * per + w] = b;
          }
          if (!grew) continue;
          from_flags[c][pc] |= cont_flags[c][pc];
          for (size_t w = 0; w < per; ++w) from_bits[c][pc * per + w] |= cont_bits[c][pc * per + w];
          changed = true;
        }
      }
    }
  }
  // Calls of Python code (and threads' targets) may run any function: every function's
  // effects, which include their own calls'.
  uint32_t all_flags = 0;
  std::vector<uint64_t> all_bits(per, 0);
  for (size_t c = 1; c < ncodes; ++c) {
    if (program.codes[c].instrs.empty()) continue;
    all_flags |= from_flags[c][0];
    for (size_t w = 0; w < per; ++w) all_bits[w] |= from_bits[c][w];
  }
  auto store = [&](uint32_t flags, const uint64_t* bits) {
    Effects e;
    if (flags & kCallsCode) flags |= all_flags;
    e.flags = flags;
    e.globals = static_cast<uint32_t>(globals_.size());
    for (size_t w = 0; w < per; ++w)
      globals_.push_back(bits[w] | ((flags & kCallsCode) ? all_bits[w] : 0));
    return e;
  };
  // A primitive's routine (Condition.wait, Event.wait, a Queue's get, ...) takes and releases
  // the Condition's lock and the primitives' own locks, and looks at locks without waiting
  // (a Condition's ownership check, timed waits); it touches no global or container.
  const std::vector<uint64_t> none(per, 0);
  native_ = store(kCondition | kPrivateSync | kAcquire | kRelease | kLockProbe, none.data());
  native_code_ = store(native_.flags | kCallsCode, none.data());
  from_.resize(ncodes);
  cont_.resize(ncodes);
  in_loop_.resize(ncodes);
  for (size_t c = 0; c < ncodes; ++c) {
    const Code& code = program.codes[c];
    const size_t n = code.instrs.size();
    for (size_t pc = 0; pc < n; ++pc) {
      from_[c].push_back(store(from_flags[c][pc], &from_bits[c][pc * per]));
      cont_[c].push_back(store(cont_flags[c][pc], &cont_bits[c][pc * per]));
    }
    // A backward jump closes a loop over [target, jump], except a `for` loop's: its iterator
    // only moves forwards, so it cannot bring a state back.
    in_loop_[c].assign(n, false);
    for (size_t pc = 0; pc < n; ++pc) {
      const Instr& in = code.instrs[pc];
      if (!IsJump(in.op) || in.arg > static_cast<int32_t>(pc)) continue;
      if (in.op == Opcode::kJump && code.instrs[in.arg].op == Opcode::kForIter) continue;
      for (size_t i = in.arg; i <= pc; ++i) in_loop_[c][i] = true;
    }
  }
}

bool Reduction::InLoop(const ThreadRec& th) const {
  for (const Frame& f : th.frames) {
    if (f.code >= kNativeBase || in_loop_[f.code][f.pc]) return true;
  }
  return false;
}

const Reduction::Effects& Reduction::FrameEffects(const ThreadRec& th, size_t k) const {
  const Frame& f = th.frames[k];
  if (f.code >= kNativeBase) return Interpreter::NativeRunsCode(f.code) ? native_code_ : native_;
  // A caller's frame resumes after its call, whose callee's frame is above it.
  return k + 1 == th.frames.size() ? from_[f.code][f.pc] : cont_[f.code][f.pc];
}

bool Reduction::Conflicts(const Machine& m, int t, const Effects& e) const {
  const uint32_t f = e.flags;
  // Any step may end its thread: seen by whoever looks at threads without waiting for them.
  if (f & (kEverything | kThreadProbe)) return true;
  const Pending& p = m.threads[t].pending;
  auto global_bit = [&](const uint64_t* bits) {
    int64_t g = p.obj.small_int();
    return (bits[g / 64] >> (g % 64)) & 1;
  };
  switch (p.kind) {
    case PendingKind::kLockAcquire:
    case PendingKind::kRLockAcquire:
      if (static_cast<AcquireMode>(p.mode) != AcquireMode::kBlocking) return true;
      return f & kLockOps;
    case PendingKind::kJoin:
      // Enabled, so the thread joined has ended: nothing another thread does changes that.
      return static_cast<AcquireMode>(p.mode) != AcquireMode::kBlocking;
    case PendingKind::kDone: return true;
    case PendingKind::kAlways: break;
  }
  switch (static_cast<Access>(p.mode)) {
    case Access::kNone: return false;
    case Access::kGlobalRead: return global_bit(Writes(e));
    case Access::kGlobalWrite: return global_bit(Reads(e)) || global_bit(Writes(e));
    case Access::kRead: return f & kWrite;
    case Access::kWrite: return f & (kRead | kWrite);
    case Access::kRelease: {
      // Released by its holder: a thread waiting to acquire it cannot, while the holder
      // stands still; one that looks at it, or may release it for the holder (Lock.release()
      // from any thread), can. Released by another thread (or unlocked): anything on locks.
      bool held = m.Is(p.obj, ObjType::kLock) ? LockOf(m.payload(p.obj)).holder == t
                                              : m.payload(p.obj)[0].small_int() == t;
      bool locked = m.Is(p.obj, ObjType::kLock) ? LockOf(m.payload(p.obj)).locked
                                                : m.payload(p.obj)[1].small_int() > 0;
      if (!held || !locked) return f & kLockOps;
      return (f & (kLockProbe | kCondition)) ||
             ((f & kForeignRelease) && m.Is(p.obj, ObjType::kLock));
    }
    case Access::kStart: return f & kThreadOp;
    case Access::kUnknown: return true;
  }
  return true;
}

bool Reduction::Reduce(const Machine& m, std::vector<Transition>& transitions) const {
  if (transitions.size() < 2) return false;
  for (int u = 0; u < m.num_threads; ++u) {
    // When the last other thread ends, the program ends and daemon threads stop: a step's
    // effect on them is not read off their code.
    if (!m.threads[u].finished && m.threads[u].daemon) return false;
  }
  for (size_t i = 0; i < transitions.size(); ++i) {
    const int t = transitions[i].thread;
    // A thread with two choices (complete or time out) is not reduced; nor one in a loop (the
    // cycle proviso, see the file comment).
    if ((i > 0 && transitions[i - 1].thread == t) ||
        (i + 1 < transitions.size() && transitions[i + 1].thread == t) || InLoop(m.threads[t]))
      continue;
    bool independent = true;
    for (int u = 0; u < m.num_threads && independent; ++u) {
      const ThreadRec& th = m.threads[u];
      if (u == t || th.finished) continue;
      for (size_t k = 0; k < th.frames.size() && independent; ++k)
        independent = !Conflicts(m, t, FrameEffects(th, k));
    }
    if (independent) {
      Transition only = transitions[i];
      transitions.assign(1, only);
      return true;
    }
  }
  return false;
}

}  // namespace lockcheck
