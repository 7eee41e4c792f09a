// Reduction's facts about the program (por.h): what every instruction may touch, the
// summaries of what a thread can still do from each point (cut at critical sections too),
// the loops' guards and the stable attributes, computed once per program. The per-state
// decision that reads them is in por.cc.
#include "checker/por.h"

#include <algorithm>

#include "scenarios/lang/ast.h"
#include "scenarios/vm/interpreter.h"
#include "scenarios/vm/natives.h"

namespace lockcheck {

namespace {

// CodeFacts::StableRef's mark of a local slot (a global's index has no such bit).
constexpr int32_t kLocalRef = Reduction::kLocalRef;

bool IsJump(Opcode op) {
  return op == Opcode::kJump || op == Opcode::kPopJumpIfFalse || op == Opcode::kPopJumpIfTrue ||
         op == Opcode::kJumpIfFalseOrPop || op == Opcode::kJumpIfTrueOrPop;
}

// What a stretch of code may do: Reduction::Flag bits and the globals it reads and writes.
struct Summary {
  uint32_t flags = 0;
  std::vector<uint64_t> bits;  // the globals read (one bit each), the globals written, the
                              // containers in stable globals read, and those written

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
// Facts of one code object the summaries are refined with, read off short straight-line
// instruction patterns the compiler emits (an expression's operands right before it).
class CodeFacts {
 public:
  explicit CodeFacts(const Code& code)
      : code_(code), target_(code.instrs.size(), false),
        stable_local_(code.local_names.size(), true), attr_ref_at_(code.instrs.size(), -1) {
    for (const ExceptionEntry& e : code.exceptions) target_[e.handler] = true;
    for (const Instr& in : code.instrs) {
      if (IsJump(in.op) || in.op == Opcode::kForIter) target_[in.arg] = true;
      if (in.op == Opcode::kStoreFast || in.op == Opcode::kDeleteFast) Unstable(in.arg);
    }
    // A generator's frame is suspended and resumed elsewhere; cells hold the value, not it.
    if (code.is_generator) stable_local_.assign(stable_local_.size(), false);
    for (int32_t l : code.cell_slots) Unstable(l);
    for (int32_t l : code.free_slots) Unstable(l);
    if (code.class_slot >= 0) Unstable(code.class_slot);
    // Scalar locals: every assignment stores a value NonContainer vouches for (a constant, a
    // count, `n += 1` of a scalar local, a range's item). Assumed of every other local first,
    // then taken back from each one some assignment may give a container, to a fixed point.
    scalar_local_.assign(code.local_names.size(), !code.is_generator);
    const int32_t params = code.num_params + code.num_kwonly + (code.varargs_slot >= 0) +
                           (code.varkw_slot >= 0);
    for (int32_t l = 0; l < static_cast<int32_t>(scalar_local_.size()); ++l) {
      if (l < params || l == code.varargs_slot || l == code.varkw_slot) scalar_local_[l] = false;
    }
    for (int32_t l : code.cell_slots) NotScalar(l);
    for (int32_t l : code.free_slots) NotScalar(l);
    if (code.class_slot >= 0) NotScalar(code.class_slot);
    for (bool changed = true; changed;) {
      changed = false;
      for (int32_t pc = 0; pc < static_cast<int32_t>(code.instrs.size()); ++pc) {
        const Instr& in = code.instrs[pc];
        if (in.op != Opcode::kStoreFast || !Scalar(in.arg)) continue;
        const bool range_item = pc >= 3 && at(pc - 1).op == Opcode::kForIter &&
                                Straight(pc - 1, pc) && RangeIter(pc - 1);
        if (range_item || (Straight(pc - 1, pc) && NonContainer(pc - 1))) continue;
        NotScalar(in.arg);
        changed = true;
      }
    }
  }
  // The `for` loop at pc (FOR_ITER) iterates a range(...) or a constant.
  bool RangeIter(int32_t pc) const {
    if (pc < 2 || at(pc - 1).op != Opcode::kGetIter || !Straight(pc - 2, pc - 1)) return false;
    const Instr& it = at(pc - 2);
    return it.op == Opcode::kLoadConst ||
           (it.op == Opcode::kCall && it.b != 0 && static_cast<Builtin>(it.b - 1) == Builtin::kRange);
  }
  // No control reaches (from, to] other than by falling through from `from`.
  bool Straight(int32_t from, int32_t to) const {
    if (from < 0) return false;
    for (int32_t i = from + 1; i <= to; ++i) {
      if (target_[i]) return false;
    }
    return true;
  }
  const Instr& at(int32_t pc) const { return code_.instrs[pc]; }
  // The stable global the instruction at pc pushes, or -1.
  int32_t StableGlobal(int32_t pc) const {
    return pc >= 0 && at(pc).op == Opcode::kLoadGlobalStable ? at(pc).arg : -1;
  }
  // What the instruction at pc pushes, when that is fixed for the frame's life: a stable
  // global g (g), or a local bound once, at the call, and never assigned or deleted in the
  // body (a parameter: its slot | kLocalRef); or -1.
  int32_t StableRef(int32_t pc) const {
    if (pc < 0) return -1;
    const Instr& in = at(pc);
    if (in.op == Opcode::kLoadGlobalStable) return in.arg;
    if (in.op == Opcode::kLoadFast && StableLocal(in.arg)) return in.arg | kLocalRef;
    if (in.op == Opcode::kLoadAttr && attr_ref_at_[pc] >= 0)
      return (static_cast<int32_t>(code_.local_names.size()) + attr_ref_at_[pc]) | kLocalRef;
    return -1;
  }
  bool StableLocal(int32_t l) const {
    return l >= 0 && static_cast<size_t>(l) < stable_local_.size() && stable_local_[l];
  }
  // The code is an __init__ method whose `self` (its first parameter) stays bound.
  bool InitMethod() const {
    return code_.name == "__init__" && !code_.qualname.empty() && code_.num_params >= 1 &&
           StableLocal(0);
  }
  // The attribute store at pc is `self.name = ...` in an __init__ method.
  bool StoresOnSelf(int32_t pc) const {
    return InitMethod() && pc >= 1 && at(pc - 1).op == Opcode::kLoadFast && at(pc - 1).arg == 0 &&
           Straight(pc - 1, pc);
  }
  // The load of `__init__` at pc builds the instance an __init__ method runs on: `super()`'s
  // (zero arguments: the method's own `self`) or `Base.__init__(self, ...)`.
  bool InitsSelf(int32_t pc) const {
    if (!InitMethod()) return false;
    const bool of_super = pc >= 1 && at(pc - 1).op == Opcode::kCall && at(pc - 1).a == 0 &&
                          at(pc - 1).b == static_cast<uint16_t>(Builtin::kSuper) + 1 &&
                          Straight(pc - 1, pc);
    const bool on_self = pc + 1 < static_cast<int32_t>(code_.instrs.size()) &&
                         at(pc + 1).op == Opcode::kLoadFast && at(pc + 1).arg == 0 &&
                         Straight(pc, pc + 1);
    return of_super || on_self;
  }
  // Records the attribute reads `param.name` (a stable local's attribute, the name one of
  // `stable`, Program::constants indices): StableRef names them after the locals, in order of
  // first use (attr_refs(): slot, name).
  void FindAttrRefs(const std::vector<bool>& stable) {
    stable_attrs_ = &stable;
    attr_ref_at_.assign(code_.instrs.size(), -1);
    for (int32_t pc = 1; pc < static_cast<int32_t>(code_.instrs.size()); ++pc) {
      const Instr& in = at(pc);
      if (in.op != Opcode::kLoadAttr || in.arg < 0 || !stable[in.arg]) continue;
      const Instr& recv = at(pc - 1);
      if (recv.op != Opcode::kLoadFast || !StableLocal(recv.arg) || !Straight(pc - 1, pc))
        continue;
      const std::pair<int32_t, int32_t> ref{recv.arg, in.arg};
      auto it = std::find(attr_refs_.begin(), attr_refs_.end(), ref);
      attr_ref_at_[pc] = static_cast<int32_t>(it - attr_refs_.begin());
      if (it == attr_refs_.end()) attr_refs_.push_back(ref);
    }
  }
  const std::vector<std::pair<int32_t, int32_t>>& attr_refs() const { return attr_refs_; }
  // The attribute name (a constant's index) is one of StableAttributes'.
  bool StableAttr(int32_t k) const {
    return stable_attrs_ != nullptr && k >= 0 && static_cast<size_t>(k) < stable_attrs_->size() &&
           (*stable_attrs_)[k];
  }
  // The instruction at pc pushes one value that is surely not a list, deque or dict.
  bool NonContainer(int32_t pc) const {
    if (pc < 0) return false;
    const Instr& in = at(pc);
    switch (in.op) {
      case Opcode::kLoadConst: case Opcode::kCompare: case Opcode::kContains: case Opcode::kIs:
        return true;
      case Opcode::kLoadFast: return Scalar(in.arg);
      case Opcode::kBinary: {  // of two scalars: a number or a str
        const int32_t left = ExprStart(pc - 1) - 1;
        return left >= 0 && Straight(left, pc) && NonContainer(left) && NonContainer(pc - 1);
      }
      case Opcode::kCall:
        if (in.b == 0) return false;
        switch (static_cast<Builtin>(in.b - 1)) {
          case Builtin::kLen: case Builtin::kAbs: case Builtin::kBoolType: case Builtin::kIntType:
          case Builtin::kStrType: case Builtin::kIsinstance: case Builtin::kRange:
            return true;
          default: return false;
        }
      default: return false;
    }
  }
  // Where the expression whose value the instruction at `end` pushes begins: a simple push,
  // or an operator (kBinary, kCompare) on two such expressions; -1 for anything else.
  int32_t ExprStart(int32_t end) const {
    if (end < 0) return -1;
    const Opcode op = at(end).op;
    if (SimplePush(op)) return end;
    if (op != Opcode::kBinary && op != Opcode::kCompare) return -1;
    const int32_t right = ExprStart(end - 1);
    return right < 1 ? -1 : ExprStart(right - 1);
  }
  // The value the instruction at pc pushes is new, made by the operator there (`2 * n`,
  // `lst + [x]`), or NonContainer vouches for it: nobody else can see it.
  bool Fresh(int32_t pc) const {
    return NonContainer(pc) || (pc >= 0 && at(pc).op == Opcode::kBinary && at(pc).b == 0);
  }
  static bool SimplePush(Opcode op) {
    return op == Opcode::kLoadConst || op == Opcode::kLoadFast ||
           op == Opcode::kLoadGlobalStable || op == Opcode::kLoadBuiltin;
  }
  // A method call at pc on a stable receiver (`g.m(x, ...)`, `param.m(x, ...)`, each argument
  // one simple push): its StableRef, or -1. `const_args`: whether every argument is a constant.
  int32_t MethodRef(int32_t pc, bool* const_args) const {
    const Instr& in = at(pc);
    int32_t first_arg = pc - in.a;
    *const_args = true;
    for (int32_t i = first_arg; i < pc; ++i) {
      if (i < 0 || !SimplePush(at(i).op)) return -1;
      if (at(i).op != Opcode::kLoadConst) *const_args = false;
    }
    if (first_arg - 2 < 0 || at(first_arg - 1).op != Opcode::kLoadMethod ||
        !Straight(first_arg - 2, pc))
      return -1;
    return StableRef(first_arg - 2);
  }
  // The global a call at pc (CALL, its `a` arguments each an expression ExprStart reads) calls
  // (`work(x)`, `f(n + 1, key)`), or -1.
  int32_t CalleeGlobal(int32_t pc) const {
    const Instr& in = at(pc);
    if (in.op != Opcode::kCall) return -1;
    int32_t end = pc - 1;
    for (int32_t k = 0; k < in.a; ++k) {
      const int32_t start = ExprStart(end);
      if (start < 0) return -1;
      end = start - 1;
    }
    if (end < 0 || !Straight(end, pc)) return -1;
    const Instr& callee = at(end);
    return callee.op == Opcode::kLoadGlobalStable || callee.op == Opcode::kLoadGlobal
               ? callee.arg : -1;
  }
  // The same, for a receiver that is a stable global only.
  int32_t MethodReceiver(int32_t pc, bool* const_args) const {
    return GlobalOnly(MethodRef(pc, const_args));
  }
  // The StableRef of the lock a blocking acquire at pc takes (`with g:`, `g.acquire()`), or -1.
  int32_t CutRef(int32_t pc) const {
    const Instr& in = at(pc);
    if (in.op == Opcode::kWithEnter) return Straight(pc - 1, pc) ? StableRef(pc - 1) : -1;
    bool const_args;
    if (in.op == Opcode::kCallMethod && in.a == 0 && in.arg < 0 &&
        (static_cast<Attr>(in.b) == Attr::kAcquire || static_cast<Attr>(in.b) == Attr::kEnter))
      return MethodRef(pc, &const_args);
    return -1;
  }
  // The same, for a stable global only.
  int32_t CutGlobal(int32_t pc) const { return GlobalOnly(CutRef(pc)); }
  // The StableRef of the receiver of a Condition.wait() at pc, or -1.
  int32_t WaitRef(int32_t pc) const {
    const Instr& in = at(pc);
    bool const_args;
    if (in.op != Opcode::kCallMethod || static_cast<Attr>(in.b) != Attr::kWait) return -1;
    return MethodRef(pc, &const_args);
  }

 private:
  static int32_t GlobalOnly(int32_t ref) { return ref >= 0 && !(ref & kLocalRef) ? ref : -1; }
  void Unstable(int32_t l) {
    if (l >= 0 && static_cast<size_t>(l) < stable_local_.size()) stable_local_[l] = false;
  }
  bool Scalar(int32_t l) const {
    return l >= 0 && static_cast<size_t>(l) < scalar_local_.size() && scalar_local_[l];
  }
  void NotScalar(int32_t l) {
    if (l >= 0 && static_cast<size_t>(l) < scalar_local_.size()) scalar_local_[l] = false;
  }

  const Code& code_;
  std::vector<bool> target_;  // a jump's target or an exception handler
  std::vector<bool> stable_local_;  // bound at the call, never assigned or deleted
  std::vector<bool> scalar_local_;  // only ever assigned values that are not containers
  std::vector<int32_t> attr_ref_at_;  // [pc]: the index in attr_refs_ of a stable attribute read
  std::vector<std::pair<int32_t, int32_t>> attr_refs_;  // (local slot, name constant)
  const std::vector<bool>* stable_attrs_ = nullptr;    // StableAttributes, by constant
};

// The attribute names (Program::constants indices) whose value on an instance never changes
// once the instance is built: every assignment of the name is `self.name = ...` in an __init__
// method, nothing deletes it, no setattr or delattr may name it, and no property has the name.
// An instance's __init__ runs while it is being built, and again only where an __init__ calls
// super()'s or `Base.__init__(self, ...)` on its own instance, still being built: with any
// other load of `__init__`, no name is stable. (Reduction::RefOf reads such an attribute only
// off an instance no thread is running an __init__ method on.)
// Whether a Barrier of the program may have an action (Python code its wait() runs): unless
// every use of threading.Barrier is a direct call `Barrier(parties)` or `Barrier(parties,
// timeout=t)` (each such call's callee is one load of it, so the loads and the calls count the
// same).
bool MayHaveBarrierActions(const Program& p) {
  const uint16_t barrier = static_cast<uint16_t>(Builtin::kBarrierType);
  int64_t loads = 0, calls = 0;
  for (const Code& code : p.codes) {
    for (const Instr& in : code.instrs) {
      if (in.op == Opcode::kLoadBuiltin && in.arg == barrier) ++loads;
      if (in.op != Opcode::kCall || in.b != barrier + 1) continue;
      ++calls;
      const std::vector<std::string> none;
      const std::vector<std::string>& kw = in.arg >= 0 ? p.kwnames[in.arg] : none;
      if (in.a - static_cast<int>(kw.size()) > 1 ||
          std::find(kw.begin(), kw.end(), "action") != kw.end())
        return true;
    }
  }
  return loads != calls;
}

std::vector<bool> StableAttributes(const Program& p, const std::vector<CodeFacts>& facts) {
  std::vector<bool> stable(p.constants.size(), false), unstable(p.constants.size(), false);
  if (p.attr_builtin_computed) return stable;
  auto named = [&](const std::vector<std::string>& names, int32_t k) {
    return std::find(names.begin(), names.end(), p.constants[k].str_value) != names.end();
  };
  for (size_t c = 0; c < p.codes.size(); ++c) {
    const std::vector<Instr>& instrs = p.codes[c].instrs;
    for (int32_t pc = 0; pc < static_cast<int32_t>(instrs.size()); ++pc) {
      const Instr& in = instrs[pc];
      if (in.op != Opcode::kStoreAttr && in.op != Opcode::kDeleteAttr &&
          in.op != Opcode::kLoadAttr && in.op != Opcode::kLoadMethod)
        continue;
      if (in.arg < 0 || static_cast<size_t>(in.arg) >= p.constants.size()) continue;
      const bool init = p.constants[in.arg].str_value == "__init__";
      if (init && (in.op == Opcode::kLoadAttr || in.op == Opcode::kLoadMethod) &&
          !facts[c].InitsSelf(pc))
        return std::vector<bool>(p.constants.size(), false);
      if (in.op == Opcode::kStoreAttr && facts[c].StoresOnSelf(pc)) {
        stable[in.arg] = true;
      } else if (in.op == Opcode::kStoreAttr || in.op == Opcode::kDeleteAttr) {
        unstable[in.arg] = true;
      }
    }
  }
  for (size_t k = 0; k < stable.size(); ++k) {
    stable[k] = stable[k] && !unstable[k] && !named(p.attr_builtin_names, k) &&
                !named(p.property_names, k);
  }
  return stable;
}

// Narrows an instruction's container effects (kRead, kWrite: on any container) to the
// container a stable global holds (Summary bits 2W + g, 3W + g) or to none, where the operand
// patterns show which container it is.
uint32_t RefineContainers(const CodeFacts& cf, int32_t pc, uint32_t flags, Summary& s,
                          size_t words) {
  constexpr uint32_t kRW = Reduction::kRead | Reduction::kWrite;
  if (!(flags & kRW)) return flags;
  const Instr& in = cf.at(pc);
  auto tag = [&](int32_t g, bool write) {
    s.Set(2 * words * 64 + g);
    if (write) s.Set(3 * words * 64 + g);
  };
  switch (in.op) {
    case Opcode::kLoadAttr:  // an attribute that never changes once its instance is built
      // Read off an instance being built, it may be assigned yet: Reduce never takes that
      // assignment alone, nor counts such a read as independent.
      return cf.StableAttr(in.arg) ? flags & ~kRW : flags;
    case Opcode::kCall: {  // len(g), list(g): builtins that read only their arguments' tops
      if (in.b == 0 || flags != Reduction::kRead) return flags;
      // sorted, min, max, sum, any, all, print, str and repr may read the containers inside.
      switch (static_cast<Builtin>(in.b - 1)) {
        case Builtin::kLen: case Builtin::kListType: case Builtin::kTupleType:
        case Builtin::kEnumerate: case Builtin::kZip: case Builtin::kReversed:
        case Builtin::kBoolType: case Builtin::kIsinstance: case Builtin::kRange:
          break;
        default:
          return flags;
      }
      int32_t first = pc - in.a;
      if (first - 1 < 0 || cf.at(first - 1).op != Opcode::kLoadBuiltin ||
          !cf.Straight(first - 1, pc))
        return flags;
      for (int32_t i = first; i < pc; ++i) {
        Opcode op = cf.at(i).op;
        if (op == Opcode::kLoadGlobalStable) continue;
        if (op != Opcode::kLoadConst && op != Opcode::kLoadBuiltin) return flags;
      }
      for (int32_t i = first; i < pc; ++i) {
        if (cf.at(i).op == Opcode::kLoadGlobalStable) tag(cf.at(i).arg, false);
      }
      return flags & ~kRW;
    }
    case Opcode::kCallMethod: {  // g.append(x), g.pop(0), g.get(1), ...
      if (flags & ~(kRW | Reduction::kPrivateSync | Reduction::kQueueOp)) return flags;
      bool const_args;
      int32_t g = cf.MethodReceiver(pc, &const_args);
      if (g < 0) return flags;
      // These store their argument or take an int: they read no container of the arguments'.
      // The others compare their constant arguments with the items, which reads nothing inside
      // them, except sort, which compares the items with each other.
      switch (static_cast<Attr>(in.b)) {
        case Attr::kAppend: case Attr::kAppendleft: case Attr::kInsert: case Attr::kPop:
        case Attr::kPopleft:
          break;
        case Attr::kSort:
          return flags;
        default:
          if (!const_args) return flags;
      }
      tag(g, flags & Reduction::kWrite);
      return flags & ~kRW;
    }
    case Opcode::kForIter: {  // for x in range(...), for x in g
      if (cf.RangeIter(pc)) return flags & ~kRW;
      if (pc < 2 || cf.at(pc - 1).op != Opcode::kGetIter || !cf.Straight(pc - 2, pc - 1))
        return flags;
      const Instr& it = cf.at(pc - 2);
      if (it.op != Opcode::kLoadGlobalStable) return flags;
      tag(it.arg, false);
      return flags & ~kRW;
    }
    case Opcode::kCompare: case Opcode::kBinary: {  // len(g) == 2, n < 2 * ROUNDS, n += 1
      // One operand a value NonContainer vouches for; the other one too, a new value (which
      // nobody else sees), or a stable global's, whose container (if it holds one) the
      // operator reads at most: a scalar and a container compare unequal or raise TypeError
      // without looking at the items, `3 * lst` copies them, `n + lst` raises. `%` formats
      // every item it is given (their contents too): both operands scalars. The left operand
      // of an in-place operator is written only if it is a container: a scalar.
      const int32_t left = cf.ExprStart(pc - 1) - 1;
      if (left < 0 || !cf.Straight(left, pc)) return flags;
      const int32_t right = pc - 1;
      const bool in_place = in.op == Opcode::kBinary && in.b != 0;
      const bool mod = in.op == Opcode::kBinary && static_cast<ast::Op>(in.a) == ast::Op::kMod;
      const bool left_scalar = cf.NonContainer(left), right_scalar = cf.NonContainer(right);
      if (left_scalar && right_scalar) return flags & ~kRW;
      if (mod || (in_place && !left_scalar) || (!left_scalar && !right_scalar)) return flags;
      const int32_t other = left_scalar ? right : left;
      if (cf.Fresh(other)) return flags & ~kRW;
      const int32_t g = cf.StableGlobal(other);
      if (g < 0) return flags;
      tag(g, false);
      return flags & ~kRW;
    }
    case Opcode::kContains: {  // x in g (the container pushed last)
      if (pc < 2 || !cf.NonContainer(pc - 2) || !cf.Straight(pc - 2, pc)) return flags;
      const Instr& c = cf.at(pc - 1);
      if (c.op == Opcode::kLoadGlobalStable) {
        tag(c.arg, false);
        return flags & ~kRW;
      }
      return c.op == Opcode::kLoadConst ? flags & ~kRW : flags;
    }
    case Opcode::kPopJumpIfFalse: case Opcode::kPopJumpIfTrue: case Opcode::kJumpIfFalseOrPop:
    case Opcode::kJumpIfTrueOrPop: case Opcode::kUnary:  // the truth of a comparison
      return cf.NonContainer(pc - 1) && cf.Straight(pc - 1, pc) ? flags & ~kRW : flags;
    case Opcode::kSubscr: case Opcode::kStoreSubscr: {  // g[i], g[i] = v
      if (pc < 2 || !cf.Straight(pc - 2, pc)) return flags;
      Opcode index = cf.at(pc - 1).op;
      int32_t g = cf.StableGlobal(pc - 2);
      if (g < 0 || (index != Opcode::kLoadConst && index != Opcode::kLoadFast)) return flags;
      tag(g, in.op == Opcode::kStoreSubscr);
      return flags & ~kRW;
    }
    default: return flags;
  }
}

// Narrows an instruction's primitive operation (kPrivateSync: on any Semaphore, Event, Queue,
// ...) to the object a stable global holds (Summary bit 4W + g): `g.acquire()`, `g.set()`,
// `g.put(x)`, `with g:`; or to the object a stable local of the frame holds (bit 8W + l, and
// the flag kLocalPrimitive): `sem.acquire()`, `sem` a parameter. The operation's other effects
// (the lock it may take, the code a Barrier's action runs) stay as they are.
uint32_t RefinePrimitives(const CodeFacts& cf, int32_t pc, uint32_t flags, Summary& s,
                          size_t words) {
  constexpr uint32_t kSync = Reduction::kPrivateSync | Reduction::kQueueOp;
  if (!(flags & kSync)) return flags;
  const Instr& in = cf.at(pc);
  int32_t ref = -1;
  if (in.op == Opcode::kWithEnter) {
    if (cf.Straight(pc - 1, pc)) ref = cf.StableRef(pc - 1);
  } else if (in.op == Opcode::kCallMethod) {
    bool const_args;
    ref = cf.MethodRef(pc, &const_args);
  }
  if (ref < 0) return flags;
  const bool local = ref & kLocalRef;
  const size_t g = static_cast<size_t>(ref & ~kLocalRef);
  const size_t set = local ? 8 : 4;
  // The lock operations a Lock, RLock or Condition there would perform (the next three sets:
  // acquires, probes, releases), put back by Reduction::FlagsOf unless it holds a Semaphore or
  // Event, whose locks are its own (its routine's footprint, kPrimitiveFrame).
  constexpr uint32_t kLock = Reduction::kAcquire | Reduction::kLockProbe | Reduction::kRelease |
                             Reduction::kForeignRelease;
  s.Set(set * words * 64 + g);
  flags &= ~kSync;
  if (local) flags |= Reduction::kLocalPrimitive;
  // Both or neither: a release() and a hand-called __exit__ may release another's lock.
  constexpr uint32_t kReleases = Reduction::kRelease | Reduction::kForeignRelease;
  if ((flags & kReleases) != 0 && (flags & kReleases) != kReleases) return flags;
  if (flags & Reduction::kAcquire) s.Set((set + 1) * words * 64 + g);
  if (flags & Reduction::kLockProbe) s.Set((set + 2) * words * 64 + g);
  if (flags & kReleases) s.Set((set + 3) * words * 64 + g);
  return flags & ~kLock;
}

}  // namespace

uint32_t Reduction::InstrFlags(const Instr& in) const {
  // An instruction that calls a class's special method (or a property) may run any Python
  // code: of unknown footprint, in programs whose classes define one.
  if (program_->has_classes) {
    auto defines = [&](const char* name) {
      const auto& m = program_->method_names;
      return std::find(m.begin(), m.end(), name) != m.end();
    };
    auto property = [&]() {
      const auto& p = program_->property_names;
      return std::find(p.begin(), p.end(), program_->constants[in.arg].str_value) != p.end();
    };
    bool calls = false;
    switch (in.op) {
      case Opcode::kCompare: calls = defines("__eq__"); break;
      case Opcode::kContains: calls = defines("__contains__"); break;
      case Opcode::kSubscr: calls = defines("__getitem__"); break;
      case Opcode::kStoreSubscr: calls = defines("__setitem__"); break;
      case Opcode::kGetIter: calls = defines("__iter__"); break;
      case Opcode::kForIter: calls = defines("__next__"); break;
      case Opcode::kPopJumpIfFalse: case Opcode::kPopJumpIfTrue: case Opcode::kJumpIfFalseOrPop:
      case Opcode::kJumpIfTrueOrPop: case Opcode::kUnary:
        calls = defines("__bool__") || defines("__len__");
        break;
      case Opcode::kFormatValue: calls = defines("__str__") || defines("__repr__"); break;
      case Opcode::kCall:  // len(x), bool(x), str(x), repr(x)
        calls = in.b != 0 && (defines("__len__") || defines("__bool__") || defines("__str__") ||
                              defines("__repr__"));
        break;
      case Opcode::kLoadAttr: case Opcode::kStoreAttr: case Opcode::kLoadMethod:
        calls = property();
        break;
      default: break;
    }
    if (calls) return kEverything;
  }
  // With generators (and contextlib's and functools' wrappers), a call, a for loop or a with
  // statement may resume Python code suspended elsewhere, or call a function it holds.
  if (program_->has_generators) {
    switch (in.op) {
      case Opcode::kForIter: case Opcode::kCall: case Opcode::kCallMethod:
      case Opcode::kCallEx: case Opcode::kListExtend: case Opcode::kYieldFrom:
      case Opcode::kWithEnter: case Opcode::kWithExit: case Opcode::kWithExcept:
        return kEverything;
      default: break;
    }
  }
  switch (in.op) {
    case Opcode::kYield:  // a shared generator's suspension writes it
      return kRead | kWrite;
    case Opcode::kCallEx:
    case Opcode::kImportModule:  // runs the module's code
      return kEverything;
    case Opcode::kListExtend:  // *xs, **kw: read the iterable or mapping
    case Opcode::kDictMerge:
      return kRead;
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
    case Opcode::kLoadDeref: return kRead;  // a closure's cell, like a container
    case Opcode::kStoreDeref: return kRead | kWrite;
    case Opcode::kStoreSubscr: return kRead | kWrite;
    case Opcode::kLoadAttr:
    case Opcode::kStoreAttr: {
      // With classes, any attribute may be an instance's or a class's: a read (and write) of
      // a shared object, of no particular container.
      const uint32_t user =
          !program_->has_classes ? 0u : in.op == Opcode::kStoreAttr ? kRead | kWrite : kRead;
      switch (static_cast<Attr>(in.b)) {
        case Attr::kName: case Attr::kDaemon: case Attr::kIdent: case Attr::kNativeId:
          return kThreadProbe | user;
        case Attr::kParties: case Attr::kNWaiting: case Attr::kBroken:
          return kOtherSync | user;
        default: return user;
      }
    }
    case Opcode::kLoadMethod:  // may read an instance's attribute (a callable stored there)
      return program_->has_classes ? uint32_t{kRead} : 0u;
    case Opcode::kWithEnter:
    case Opcode::kWithExit:
    case Opcode::kWithExcept:
      // A class's __enter__/__exit__ is Python code run by the with statement.
      if (program_->has_classes &&
          (program_->class_attrs[static_cast<size_t>(Attr::kEnter)] ||
           program_->class_attrs[static_cast<size_t>(Attr::kExit)]))
        return kEverything;
      // An exit releases the manager its `with` entered, which is on the thread's stack.
      return in.op == Opcode::kWithEnter ? kAcquire | kPrivateSync : kRelease | kManagerExit;
    case Opcode::kCallTarget: return kCallsCode;
    case Opcode::kCall: {
      if (in.b == 0) return kEverything;  // a callee known only at run time
      // The C API's mutexes (lockcheck.capi) are not described to the reduction.
      if (IsCapiMember(static_cast<Builtin>(in.b - 1))) return kEverything;
      switch (static_cast<Builtin>(in.b - 1)) {
        case Builtin::kActiveCount: case Builtin::kEnumerateThreads: return kThreadProbe;
        case Builtin::kStartNewThread: return kThreadOp | kCallsCode;
        case Builtin::kSleep: return 0;
        // A draw of an int touches nothing another thread can see; one from a container
        // reads it (shuffle writes it), which random.cc allows only while the thread is alone.
        case Builtin::kRandint: case Builtin::kRandrange: case Builtin::kSeed: return 0;
        case Builtin::kShuffle: return kRead | kWrite;
        // getattr(obj, name) and its siblings (attr_builtins.cc): a kLoadAttr (kStoreAttr) of
        // any attribute, which may be a Thread's or a Barrier's, or a property's (whose Python
        // getter or setter runs).
        case Builtin::kGetattr: case Builtin::kSetattr: case Builtin::kHasattr:
        case Builtin::kDelattr: {
          // The names are the constants the calls name (Program::attr_builtin_names), or
          // any (a name computed at run time).
          const bool any = program_->attr_builtin_computed;
          const auto& names = program_->attr_builtin_names;
          auto named = [&](std::initializer_list<Attr> attrs) {
            if (any) return true;
            for (const std::string& n : names)
              for (Attr a : attrs)
                if (AttrFromName(n) == a) return true;
            return false;
          };
          if (program_->has_classes) {
            for (const std::string& p : program_->property_names) {
              if (any || std::find(names.begin(), names.end(), p) != names.end())
                return kEverything;
            }
          }
          const Builtin b = static_cast<Builtin>(in.b - 1);
          const bool store = b == Builtin::kSetattr || b == Builtin::kDelattr;
          uint32_t flags =
              !program_->has_classes ? 0u : store ? kRead | kWrite : uint32_t{kRead};
          if (named({Attr::kName, Attr::kDaemon, Attr::kIdent, Attr::kNativeId}))
            flags |= kThreadProbe;
          if (!store && named({Attr::kParties, Attr::kNWaiting, Attr::kBroken}))
            flags |= kOtherSync;
          return flags;
        }
        default: return kRead;  // print, len, list(...): read their arguments
      }
    }
    case Opcode::kCallMethod: {
      const Attr attr = static_cast<Attr>(in.b);
      // A method name some class defines: the call may run that Python method.
      if (program_->has_classes && program_->class_attrs[static_cast<size_t>(attr)])
        return kEverything;
      // get() may be a Queue's.
      if (MethodOnlyReads(attr)) return attr == Attr::kGet ? kRead | kQueueOp : kRead;
      const uint32_t probe = in.a > 0 ? uint32_t{kLockProbe} : 0u;  // acquire(False), acquire(1)
      switch (attr) {
        case Attr::kAcquire: case Attr::kAcquireLock:
          return kAcquire | probe | kPrivateSync;  // or a Semaphore's
        case Attr::kRelease: case Attr::kReleaseLock:
          return kRelease | kForeignRelease | kPrivateSync;
        case Attr::kEnter: return kAcquire | kPrivateSync;
        case Attr::kExit:  // called by hand, it releases whatever lock it is given
          return kRelease | kForeignRelease | kPrivateSync;
        case Attr::kLocked: case Attr::kLockedLock: case Attr::kIsOwned:
        case Attr::kRecursionCount:
          return kLockProbe;
        case Attr::kReleaseSave: case Attr::kAcquireRestore:
          return kAcquire | kRelease | kForeignRelease | kLockProbe;
        case Attr::kStart: return kThreadOp | kCallsCode;
        case Attr::kJoin:  // a Thread's, a Queue's, or str.join
          return kThreadOp | kQueueOp | (in.a > 0 ? uint32_t{kThreadProbe | kRead} : 0u);
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
          return kCondition | kPrivateSync | (barrier_actions_ ? kCallsCode : 0u);
        case Attr::kWaitFor: return kCondition | kCallsCode;
        case Attr::kSet: case Attr::kIsSet:  // an Event's
          return kPrivateSync;
        case Attr::kReset: case Attr::kAbort:  // a Barrier's
          return kOtherSync;
        case Attr::kPut: case Attr::kPutNowait: case Attr::kGetNowait: case Attr::kTaskDone:
        case Attr::kQsize: case Attr::kEmpty: case Attr::kFull:  // a Queue's
          return kQueueOp;
        default: return kEverything;
      }
    }
    default: return 0;
  }
}

Reduction::Reduction(const Runtime& runtime)
    : program_(&runtime.program),
      runtime_(&runtime),
      parking_locks_(runtime.profile != Profile::kLanguage) {
  const Program& program = runtime.program;
  const size_t ncodes = program.codes.size();
  std::vector<CodeFacts> facts;
  facts.reserve(ncodes);
  for (const Code& code : program.codes) facts.emplace_back(code);
  stable_attrs_ = StableAttributes(program, facts);
  barrier_actions_ = MayHaveBarrierActions(program);
  attr_refs_.resize(ncodes);
  init_method_.resize(ncodes);
  // One width for the globals' bitsets and the locals' (CodeFacts::StableRef: the slots, then
  // the attributes read off them).
  size_t slots = program.global_names.size();
  for (size_t c = 0; c < ncodes; ++c) {
    facts[c].FindAttrRefs(stable_attrs_);
    for (const auto& [slot, name] : facts[c].attr_refs())
      attr_refs_[c].push_back(AttrRef{slot, runtime.constants[name]});
    has_attr_refs_ |= !attr_refs_[c].empty();
    init_method_[c] = facts[c].InitMethod();
    slots = std::max(slots, program.codes[c].local_names.size() + attr_refs_[c].size());
  }
  words_ = std::max<size_t>(1, (slots + 63) / 64);
  const Summary empty{0, std::vector<uint64_t>(12 * words_, 0)};
  // The globals every store of which is a `def` (MAKE_FUNCTION, then STORE_GLOBAL), and none
  // deleted: bound, each holds Python code, so a call of one runs Python code (kCallsCode),
  // never a builtin a value may hold (a bound lock.acquire, print, ...).
  std::vector<bool> defs(program.global_names.size(), true);
  for (size_t c = 0; c < ncodes; ++c) {
    const std::vector<Instr>& instrs = program.codes[c].instrs;
    for (int32_t pc = 0; pc < static_cast<int32_t>(instrs.size()); ++pc) {
      const Instr& in = instrs[pc];
      if (in.op == Opcode::kDeleteGlobal) defs[in.arg] = false;
      if (in.op == Opcode::kStoreGlobal &&
          !(pc >= 1 && instrs[pc - 1].op == Opcode::kMakeFunction && facts[c].Straight(pc - 1, pc)))
        defs[in.arg] = false;
    }
  }
  // own[c][pc]: what the instruction at pc does itself; cut_at[c][pc]: the stable global
  // whose lock it takes, blocking (or -1).
  std::vector<std::vector<Summary>> own(ncodes);
  std::vector<std::vector<int32_t>> cut_at(ncodes);
  shallow_.resize(ncodes);
  for (size_t c = 0; c < ncodes; ++c) {
    const Code& code = program.codes[c];
    const int32_t n = static_cast<int32_t>(code.instrs.size());
    own[c].assign(n, empty);
    cut_at[c].assign(n, -1);
    shallow_[c].assign(n, false);
    for (int32_t pc = 0; pc < n; ++pc) {
      const Instr& in = code.instrs[pc];
      Summary& s = own[c][pc];
      uint32_t flags = InstrFlags(in);
      if (flags == kEverything && in.op == Opcode::kCall && in.b == 0) {
        const int32_t callee = facts[c].CalleeGlobal(pc);
        if (callee >= 0 && defs[callee]) flags = kCallsCode;
      }
      s.flags = RefineContainers(facts[c], pc, flags, s, words_);
      const uint32_t unrefined = s.flags;
      s.flags = RefinePrimitives(facts[c], pc, s.flags, s, words_);
      if ((unrefined & kPrivateSync) && !(s.flags & kPrivateSync)) {
        for (size_t g = 0; g < words_ * 64; ++g) {
          if (((s.bits[4 * words_ + g / 64] >> (g % 64)) & 1) &&
              std::find(tagged_globals_.begin(), tagged_globals_.end(), g) ==
                  tagged_globals_.end())
            tagged_globals_.push_back(static_cast<int32_t>(g));
        }
      }
      if (in.op == Opcode::kLoadGlobal) s.Set(in.arg);
      if (in.op == Opcode::kStoreGlobal) s.Set(words_ * 64 + in.arg);
      shallow_[c][pc] = !(s.flags & (kRead | kWrite));
      int32_t g = facts[c].CutGlobal(pc);
      cut_at[c][pc] = g;
      if (g >= 0 && std::find(cut_globals_.begin(), cut_globals_.end(), g) == cut_globals_.end() &&
          cut_globals_.size() < 8)
        cut_globals_.push_back(g);
    }
  }
  // from[c][pc]: what the instruction at pc and everything reachable from it may do;
  // cont[c][pc]: the same for its successors and handlers only. With cut >= 0, a blocking
  // acquire of that global's lock ends the paths through it.
  std::vector<int32_t> succ;
  auto summarize = [&](int32_t cut, std::vector<std::vector<Summary>>& from,
                       std::vector<std::vector<Summary>>& cont) {
    from.assign(ncodes, {});
    cont.assign(ncodes, {});
    for (size_t c = 0; c < ncodes; ++c) {
      const Code& code = program.codes[c];
      const size_t n = code.instrs.size();
      from[c] = own[c];
      cont[c].assign(n, empty);
      // Backwards to a fixed point (loops): cont[pc] = the union of from[s] over pc's
      // successors s; from[pc] = pc's own effects and cont[pc] (unless pc is a cut).
      for (bool changed = true; changed;) {
        changed = false;
        for (size_t pc = n; pc-- > 0;) {
          Successors(code, static_cast<int32_t>(pc), succ);
          for (int32_t s : succ) {
            if (!cont[c][pc].Merge(from[c][s])) continue;
            if (cut < 0 || cut_at[c][pc] != cut) from[c][pc].Merge(cont[c][pc]);
            changed = true;
          }
        }
      }
    }
  };
  std::vector<std::vector<Summary>> from, cont;
  summarize(-1, from, cont);
  // Calls of Python code (and threads' targets) may run any function: every function's
  // effects, which include their own calls'.
  Summary all = empty;
  for (size_t c = 1; c < ncodes; ++c) {
    if (!from[c].empty()) all.Merge(from[c][0]);
  }
  // Another frame's stable locals are not the caller's: their operations are on any primitive
  // and, for all it knows, on locks.
  if (all.flags & kLocalPrimitive) {
    auto any_set = [&](int set) {
      const size_t at = (8 + set) * words_;
      bool any = false;
      for (size_t w = at; w < at + words_; ++w) {
        any |= all.bits[w] != 0;
        all.bits[w] = 0;
      }
      return any;
    };
    all.flags &= ~kLocalPrimitive;
    if (any_set(0)) all.flags |= kPrivateSync | kQueueOp;
    if (any_set(1)) all.flags |= kAcquire;
    if (any_set(2)) all.flags |= kLockProbe;
    if (any_set(3)) all.flags |= kRelease | kForeignRelease;
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
  native.flags = kCondition | kOtherSync | kAcquire | kRelease | kLockProbe;
  native_ = store(native);
  native.flags |= kCallsCode;
  native_code_ = store(native);
  // A Condition.wait() blocked on its own waiter lock: it waits for a notify, then for the
  // Condition's lock (which the cut ends at).
  Summary parked = empty;
  parked.flags = kAcquire;
  parked_ = store(parked);
  // A Semaphore's or Event's routine, and a Condition routine it called, touch that object's
  // fields (its Condition, that Condition's lock and waiters) and nothing else: Conflicts
  // compares the frame's object with the step's.
  Summary primitive = empty;
  primitive.flags = kPrimitiveFrame;
  primitive_frame_ = store(primitive);
  auto store_all = [&](const std::vector<std::vector<Summary>>& from,
                       const std::vector<std::vector<Summary>>& cont,
                       std::vector<std::vector<Effects>>& from_out,
                       std::vector<std::vector<Effects>>& cont_out) {
    from_out.resize(ncodes);
    cont_out.resize(ncodes);
    for (size_t c = 0; c < ncodes; ++c) {
      for (size_t pc = 0; pc < from[c].size(); ++pc) {
        from_out[c].push_back(store(from[c][pc]));
        cont_out[c].push_back(store(cont[c][pc]));
      }
    }
  };
  store_all(from, cont, from_, cont_);
  cut_from_.resize(cut_globals_.size());
  cut_cont_.resize(cut_globals_.size());
  for (size_t k = 0; k < cut_globals_.size(); ++k) {
    summarize(cut_globals_[k], from, cont);
    store_all(from, cont, cut_from_[k], cut_cont_[k]);
  }
  // The cycle proviso's loops. A backward jump closes a loop over [target, jump], except a
  // `for` loop's: its iterator only moves forwards, so it cannot bring a state back. A loop
  // is guarded by g when every path once around it calls g.wait() (see the file comment).
  unguarded_.resize(ncodes);
  loop_jumps_.resize(ncodes);
  guards_.resize(ncodes);
  std::vector<bool> seen;
  std::vector<int32_t> work;
  // A for loop over a class's iterator (its __next__ is Python code) may go round forever and
  // come back to a state: a loop like a while loop. Over the builtin iterables it only moves on.
  const bool user_iterators =
      program.has_generators ||
      (program.has_classes && std::find(program.method_names.begin(), program.method_names.end(),
                                        "__next__") != program.method_names.end());
  for (size_t c = 0; c < ncodes; ++c) {
    const Code& code = program.codes[c];
    const int32_t n = static_cast<int32_t>(code.instrs.size());
    unguarded_[c].assign(n, false);
    loop_jumps_[c].assign(n, false);
    guards_[c].assign(n, {});
    for (int32_t pc = 0; pc < n; ++pc) {
      const Instr& in = code.instrs[pc];
      if (!IsJump(in.op) || in.arg > pc) continue;
      // (A `continue`, or a comprehension's `if`, jumps back to the FOR_ITER too.)
      if (code.instrs[in.arg].op == Opcode::kForIter && !user_iterators) continue;
      has_loops_ = true;
      const int32_t head = in.arg;
      // Whether the back edge is reachable from the head, inside the loop, without calling
      // g.wait() (an exception the call raises before the wait begins may still go round), or
      // for an acquire guard (g | kAcquireGuard), without `g.acquire()` or `with g:`.
      auto guard_at = [&](int32_t at) {
        int32_t w = facts[c].WaitRef(at);
        if (w >= 0) return w;
        int32_t a = facts[c].CutRef(at);
        return a >= 0 ? a | kAcquireGuard : -1;
      };
      auto goes_round_without = [&](int32_t g) {
        seen.assign(n, false);
        work.assign(1, head);
        seen[head] = true;
        while (!work.empty()) {
          int32_t at = work.back();
          work.pop_back();
          if (at == pc) return true;
          bool waits = guard_at(at) == g;
          Successors(code, at, succ);
          for (int32_t s : succ) {
            if (s < head || s > pc || seen[s]) continue;
            if (waits && s == at + 1) continue;
            seen[s] = true;
            work.push_back(s);
          }
        }
        return false;
      };
      int32_t guard = -1;
      for (int32_t i = head; i <= pc && guard < 0; ++i) {
        int32_t g = guard_at(i);
        if (g >= 0 && !goes_round_without(g)) guard = g;
      }
      loop_jumps_[c][pc] = true;
      for (int32_t i = head; i <= pc; ++i) {
        if (guard < 0) {
          unguarded_[c][i] = true;
        } else if (std::find(guards_[c][i].begin(), guards_[c][i].end(), guard) ==
                   guards_[c][i].end()) {
          guards_[c][i].push_back(guard);
        }
      }
    }
  }
}

}  // namespace lockcheck
