#include "checker/por.h"

#include <algorithm>

#include "scenarios/vm/interpreter.h"

namespace lockcheck {

namespace {

bool IsJump(Opcode op) {
  return op == Opcode::kJump || op == Opcode::kPopJumpIfFalse || op == Opcode::kPopJumpIfTrue ||
         op == Opcode::kJumpIfFalseOrPop || op == Opcode::kJumpIfTrueOrPop;
}

// What a stretch of code may do: Reduction::Flag bits and the globals it reads and writes.
struct Summary {
  uint32_t flags = 0;
  std::vector<uint64_t> bits;  // the globals read (one bit each), then the globals written

  void Set(size_t bit) { bits[bit / 64] |= uint64_t{1} << (bit % 64); }
  // Adds `o`; returns whether that changed anything.
  bool Merge(const Summary& o) {
    bool grew = (flags | o.flags) != flags;
    flags |= o.flags;
    for (size_t w = 0; w < bits.size(); ++w) {
      grew |= (bits[w] | o.bits[w]) != bits[w];
      bits[w] |= o.bits[w];
    }
    return grew;
  }
};

// Where control may go after the instruction at `pc`, its exception handlers included.
void Successors(const Code& code, int32_t pc, std::vector<int32_t>& out) {
  out.clear();
  for (const ExceptionEntry& e : code.exceptions) {
    if (pc >= e.start && pc < e.end) out.push_back(e.handler);
  }
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
      const Attr attr = static_cast<Attr>(in.b);
      // get() may be a Queue's.
      if (MethodOnlyReads(attr)) return attr == Attr::kGet ? kRead | kPrivateSync : kRead;
      const uint32_t probe = in.a > 0 ? uint32_t{kLockProbe} : 0u;  // acquire(False), acquire(1)
      switch (attr) {
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

Reduction::Reduction(const Program& program) {
  words_ = std::max<size_t>(1, (program.global_names.size() + 63) / 64);
  const size_t ncodes = program.codes.size();
  const Summary empty{0, std::vector<uint64_t>(2 * words_, 0)};
  // from[c][pc]: what the instruction at pc and everything reachable from it may do;
  // cont[c][pc]: the same for its successors and handlers only.
  std::vector<std::vector<Summary>> from(ncodes), cont(ncodes);
  std::vector<int32_t> succ;
  for (size_t c = 0; c < ncodes; ++c) {
    const Code& code = program.codes[c];
    const size_t n = code.instrs.size();
    from[c].assign(n, empty);
    cont[c].assign(n, empty);
    for (size_t pc = 0; pc < n; ++pc) {
      const Instr& in = code.instrs[pc];
      from[c][pc].flags = InstrFlags(in);
      if (in.op == Opcode::kLoadGlobal) from[c][pc].Set(in.arg);
      if (in.op == Opcode::kStoreGlobal) from[c][pc].Set(words_ * 64 + in.arg);
    }
    // Backwards to a fixed point (loops): cont[pc] = the union of from[s] over pc's
    // successors s; from[pc] = pc's own effects and cont[pc].
    for (bool changed = true; changed;) {
      changed = false;
      for (size_t pc = n; pc-- > 0;) {
        Successors(code, static_cast<int32_t>(pc), succ);
        for (int32_t s : succ) {
          if (!cont[c][pc].Merge(from[c][s])) continue;
          from[c][pc].Merge(cont[c][pc]);
          changed = true;
        }
      }
    }
  }
  // Calls of Python code (and threads' targets) may run any function: every function's
  // effects, which include their own calls'.
  Summary all = empty;
  for (size_t c = 1; c < ncodes; ++c) {
    if (!from[c].empty()) all.Merge(from[c][0]);
  }
  auto store = [&](Summary s) {
    if (s.flags & kCallsCode) s.Merge(all);
    Effects e{s.flags, static_cast<uint32_t>(globals_.size())};
    globals_.insert(globals_.end(), s.bits.begin(), s.bits.end());
    return e;
  };
  // A primitive's routine (Condition.wait, Event.wait, a Queue's get, ...) takes and releases
  // the Condition's lock and the primitives' own locks, and looks at locks without waiting
  // (a Condition's ownership check, timed waits); it touches no global or container.
  Summary native = empty;
  native.flags = kCondition | kPrivateSync | kAcquire | kRelease | kLockProbe;
  native_ = store(native);
  native.flags |= kCallsCode;
  native_code_ = store(native);
  from_.resize(ncodes);
  cont_.resize(ncodes);
  in_loop_.resize(ncodes);
  for (size_t c = 0; c < ncodes; ++c) {
    const Code& code = program.codes[c];
    const size_t n = code.instrs.size();
    for (size_t pc = 0; pc < n; ++pc) {
      from_[c].push_back(store(from[c][pc]));
      cont_[c].push_back(store(cont[c][pc]));
    }
    // A backward jump closes a loop over [target, jump], except a `for` loop's: its iterator
    // only moves forwards, so it cannot bring a state back.
    in_loop_[c].assign(n, false);
    for (size_t pc = 0; pc < n; ++pc) {
      const Instr& in = code.instrs[pc];
      if (!IsJump(in.op) || in.arg > static_cast<int32_t>(pc)) continue;
      if (in.op == Opcode::kJump && code.instrs[in.arg].op == Opcode::kForIter) continue;
      for (size_t i = in.arg; i <= pc; ++i) in_loop_[c][i] = true;
      has_loops_ = true;
    }
  }
}

bool Reduction::InLoop(const ThreadRec& th) const {
  for (const Frame& f : th.frames) {
    if (f.code >= kNativeBase || in_loop_[f.code][f.pc]) return true;
  }
  return false;
}

bool Reduction::MayCycle(const Machine& m) const {
  for (int t = 0; t < m.num_threads; ++t) {
    if (!m.threads[t].finished && InLoop(m.threads[t])) return true;
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
      if (!HeldBy(m, p.obj.payload(), t)) return f & kLockOps;
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
