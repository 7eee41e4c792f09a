// Special methods: Python code an instruction runs on its own behalf, and how its result gets
// back. A class call's __init__, a with statement's __enter__/__exit__, a property's getter
// and setter, and the dunder protocol (__len__, __iter__/__next__, __eq__, __repr__/__str__,
// __contains__, __getitem__/__setitem__, __bool__) run as ordinary Python frames. Under the
// frame, the instruction leaves a marker (Value::Marker, an Exec::Mark); kReturnValue hands
// the frame's result to FinishMarkedCall, which does what the instruction would have done
// with it (and checks it as CPython does: __len__ an int >= 0, __bool__ a bool, ...).
//
// Only the instructions that use an object directly call its special methods (`len(x)`,
// `x == y`, `for v in x`, `if x`, `str(x)`, `x[i]`, ...). C++ value operations (comparing two
// lists, a list's repr, any()) cannot run Python code in the middle: one that meets a special
// method refuses the scenario (Refuse) rather than silently ignore it.
#include "absl/strings/str_cat.h"
#include "scenarios/vm/exec.h"

namespace lockcheck {
Flow Exec::CallMarked(Mark mark, Value fn, Value self, const Value* args, size_t nargs) {
  Push(Value::Marker(static_cast<uint32_t>(mark)));
  return CallFunctionWithSelf(fn, self, args, nargs, nullptr, 0);
}

Flow Exec::FinishMarkedCall(Value result) {
  const Mark mark = static_cast<Mark>(Pop().marker_kind());
  const Instr& in = C().instrs[F().pc];
  auto next = [&]() {
    ++F().pc;
    return Flow::kJumped;
  };
  switch (mark) {
    case Mark::kInit:
      if (!result.is_none()) {
        return Raise(Builtin::kExcType, absl::StrCat("__init__() should return None, not '",
                                                     TypeName(result), "'"));
      }
      return next();  // the instance stays where the call's result goes
    case Mark::kDiscard: return next();
    case Mark::kExcept:
      // [.., exception]. A true result suppresses it: the with statement ends.
      if (Truthy(result)) {
        Pop();
        F().pc += 2;  // past kWithExcept and its kReraise
        return Flow::kJumped;
      }
      return next();  // on to the kReraise
    case Mark::kMethodValue:
      Push(result);
      Push(Value::None());
      return next();
    case Mark::kLen:
      if (!IsInt(result)) {
        return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(result), "' object cannot be ",
                                                     "interpreted as an integer"));
      }
      if (IntOf(result) < 0) return Raise(Builtin::kExcValue, "__len__() should return >= 0");
      Push(I().Int(IntOf(result)));
      return next();
    case Mark::kStr:
      if (!result.is_str()) {
        const bool repr = in.op == Opcode::kFormatValue ? in.b == 'r'
                          : in.op == Opcode::kCall && in.b != 0 &&
                                static_cast<Builtin>(in.b - 1) == Builtin::kRepr;
        return Raise(Builtin::kExcType, absl::StrCat(repr ? "__repr__" : "__str__",
                                                     " returned non-string (type ",
                                                     TypeName(result), ")"));
      }
      Push(result);
      return next();
    case Mark::kEq:  // kCompare's b: 1 for !=
      Push(in.a == static_cast<uint8_t>(ast::Op::kNotEq) ? Value::Bool(!Truthy(result)) : result);
      return next();
    case Mark::kContains:
      Push(Value::Bool(Truthy(result) != (in.b != 0)));
      return next();
    case Mark::kIter: {
      Value fn;
      if (!m_.Is(result, ObjType::kGenerator) && !Dunder(result, "__next__", &fn)) {
        return Raise(Builtin::kExcType, absl::StrCat("iter() returned non-iterator of type '",
                                                     TypeName(result), "'"));
      }
      // kGetIter's three slots: the iterator, and two unused.
      Push(result);
      Push(Value::SmallInt(0));
      Push(Value::None());
      return next();
    }
    case Mark::kNext:
      Push(result);
      return next();
    case Mark::kUnpack:
      // Unpacking drains the iterator inside one instruction, which Python code cannot run in.
      if (!ClassOf(result).is_none() || m_.Is(result, ObjType::kGenerator)) {
        return InputError(absl::StrCat(
            "unsupported in scenarios: unpacking an object whose __iter__ returns a '",
            TypeName(result), "' (lockcheck unpacks one whose __iter__ returns a builtin ",
            "iterator, such as iter((self.a, self.b)))"));
      }
      Push(result);
      return Flow::kJumped;  // the same kUnpackSequence, on the iterator
    case Mark::kIterCall: return IterCallReturned(result);  // iterators.cc
    case Mark::kAttrDefault:  // [.., default]: the getter's result replaces it
      Top() = result;
      return next();
    case Mark::kHasattr:
      Push(Value::Bool(true));
      return next();
    case Mark::kExceptHook:  // the program's excepthook returned: its thread ends
      EndThread();
      return Flow::kStop;
    case Mark::kTruthBool:
    case Mark::kTruthLen: {
      bool t;
      if (mark == Mark::kTruthBool) {
        if (!result.is_bool()) {
          return Raise(Builtin::kExcType, absl::StrCat("__bool__ should return bool, returned ",
                                                       TypeName(result)));
        }
        t = result.is_true();
      } else {
        if (!IsInt(result)) {
          return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(result), "' object cannot be ",
                                                       "interpreted as an integer"));
        }
        if (IntOf(result) < 0) return Raise(Builtin::kExcValue, "__len__() should return >= 0");
        t = IntOf(result) != 0;
      }
      // [.., x]: what the instruction does with x's truth.
      switch (in.op) {
        case Opcode::kPopJumpIfFalse:
        case Opcode::kPopJumpIfTrue:
          Pop();
          if (t == (in.op == Opcode::kPopJumpIfTrue)) {
            F().pc = in.arg;
            return Flow::kJumped;
          }
          return next();
        case Opcode::kJumpIfFalseOrPop:
        case Opcode::kJumpIfTrueOrPop:
          if (t == (in.op == Opcode::kJumpIfTrueOrPop)) {
            F().pc = in.arg;
            return Flow::kJumped;
          }
          Pop();
          return next();
        case Opcode::kUnary:  // not x
          Top() = Value::Bool(!t);
          return next();
        default:  // bool(x)
          Top() = Value::Bool(t);
          return next();
      }
    }
    default: break;  // a generator's (generators.cc)
  }
  return InputError("internal error: unknown call marker");
}


// ---- the dunder protocol, at the instructions that use it -------------------------------

bool Exec::Dunder(Value obj, absl::string_view name, Value* fn) {
  Value cls = ClassOf(obj);
  if (cls.is_none()) return false;
  return FindInMro(cls, MakeStr(name), fn) && m_.Is(*fn, ObjType::kFunction);
}

bool Exec::HasValueDunder(Value v, absl::string_view name) const {
  Value cls = const_cast<Exec*>(this)->ClassOf(v);
  if (cls.is_none()) return false;
  Value fn;
  return FindInMro(cls, const_cast<Exec*>(this)->MakeStr(name), &fn) &&
         (m_.Is(fn, ObjType::kFunction) || fn.is_none());
}

void Exec::Refuse(Value obj, absl::string_view what) const {
  if (refusal_.empty()) {
    refusal_ = absl::StrCat("unsupported in scenarios: ", what, " of a '", TypeName(obj),
                            "' inside another value's operation (only the instructions that ",
                            "use an object directly call its special methods)");
  }
}

bool Exec::UserTruth(Value x, Flow* f) {
  Value fn;
  Mark mark = Mark::kTruthBool;
  if (!Dunder(x, "__bool__", &fn)) {
    if (!Dunder(x, "__len__", &fn)) return false;
    mark = Mark::kTruthLen;
  }
  *f = CallMarked(mark, fn, x, nullptr, 0);  // x stays below the marker
  return true;
}

bool Exec::UserLen(Value x, size_t drop, Flow* f) {
  Value fn;
  if (!Dunder(x, "__len__", &fn)) return false;
  S().resize(S().size() - drop);
  *f = CallMarked(Mark::kLen, fn, x, nullptr, 0);
  return true;
}

bool Exec::UserStr(Value x, bool repr, size_t drop, Flow* f) {
  Value fn;
  if (!(!repr && Dunder(x, "__str__", &fn)) && !Dunder(x, "__repr__", &fn)) return false;
  S().resize(S().size() - drop);
  *f = CallMarked(Mark::kStr, fn, x, nullptr, 0);
  return true;
}

bool Exec::UserEq(Value a, Value b, bool negate, Flow* f) {
  Value fn;
  Value self = a, other = b;
  if (!Dunder(a, "__eq__", &fn)) {
    if (!Dunder(b, "__eq__", &fn)) return false;
    self = b;  // the reflected call
    other = a;
  }
  S().resize(S().size() - 2);
  *f = CallMarked(Mark::kEq, fn, self, &other, 1);
  return true;
}

bool Exec::UserContains(Value container, Value item, bool negate, Flow* f) {
  Value fn;
  if (!Dunder(container, "__contains__", &fn)) return false;
  S().resize(S().size() - 2);
  *f = CallMarked(Mark::kContains, fn, container, &item, 1);
  return true;
}

bool Exec::UserSubscr(Value x, Value index, Flow* f) {
  Value fn;
  if (!Dunder(x, "__getitem__", &fn)) return false;
  S().resize(S().size() - 2);
  *f = CallFunctionWithSelf(fn, x, &index, 1, nullptr, 0);  // its result is pushed
  return true;
}

bool Exec::UserStoreSubscr(Value x, Value index, Value value, Flow* f) {
  Value fn;
  if (!Dunder(x, "__setitem__", &fn)) return false;
  S().resize(S().size() - 3);
  Value a[2] = {index, value};
  *f = CallMarked(Mark::kDiscard, fn, x, a, 2);
  return true;
}

bool Exec::UserIter(Value x, Flow* f) {
  Value fn;
  if (!Dunder(x, "__iter__", &fn)) return false;
  Pop();
  *f = CallMarked(Mark::kIter, fn, x, nullptr, 0);
  return true;
}

// `a, b = x` on an object with __iter__: its iterator replaces it and the unpacking runs again.
bool Exec::UserUnpack(Value x, Flow* f) {
  Value fn;
  if (!Dunder(x, "__iter__", &fn)) return false;
  Pop();
  *f = CallMarked(Mark::kUnpack, fn, x, nullptr, 0);
  return true;
}

bool Exec::UserNext(Value it, Flow* f) {
  Value fn;
  if (!Dunder(it, "__next__", &fn)) return false;
  *f = CallMarked(Mark::kNext, fn, it, nullptr, 0);
  return true;
}

// ---- with on a user object ---------------------------------------------------------------

Flow Exec::UserWith(Value mgr, bool enter, bool except) {
  Value fn;
  Value cls = ClassOf(mgr);
  const bool found = FindInMro(cls, MakeStr(enter ? "__enter__" : "__exit__"), &fn) &&
                     m_.Is(fn, ObjType::kFunction);
  if (enter) {
    Value exit_fn;
    if (!found || !(FindInMro(cls, MakeStr("__exit__"), &exit_fn) &&
                    m_.Is(exit_fn, ObjType::kFunction))) {
      return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(mgr), "' object does not support ",
                                                   "the context manager protocol"));
    }
    // [.., mgr] -> [.., mgr, mgr.__enter__()]
    return CallFunctionWithSelf(fn, mgr, nullptr, 0, nullptr, 0);
  }
  if (!except) {
    // [.., mgr] -> [..]; the result is dropped.
    Pop();
    Push(Value::Marker(static_cast<uint32_t>(Mark::kDiscard)));
    Value none[3] = {Value::None(), Value::None(), Value::None()};
    return CallFunctionWithSelf(fn, mgr, none, 3, nullptr, 0);
  }
  // [.., mgr, exc] -> [.., exc], or [..] past the statement when __exit__ returns true.
  Value exc = Pop();
  Pop();
  Push(exc);
  Push(Value::Marker(static_cast<uint32_t>(Mark::kExcept)));
  Value a[3] = {TypeOfValue(exc), exc, Value::None()};
  return CallFunctionWithSelf(fn, mgr, a, 3, nullptr, 0);
}


}  // namespace lockcheck
