// Classes: class statements, instances, attributes, methods and their decorators, super(),
// isinstance/issubclass/type.
//
// A class is a heap object (ClassSlot) like any other, so it is part of the state, copied,
// packed and compared; so are instances (kInstance, or a Thread or exception object carrying
// its class) and their attribute dicts. The method resolution order is CPython's C3
// linearisation, computed once by the class statement.
//
// Visibility. An attribute of a shared object is read and written like a global: a visible
// operation (Access kRead / kWrite on the object). Finding a *method* is not: the functions
// in a class's dict are fixed once the class statement has run (assigning a function to a
// class attribute later, or an instance attribute that shadows a method, is refused), so a
// method lookup reads nothing another thread can change. (A class attribute assigned later may
// not be named as any class's method either.) A class attribute's later write is
// of unknown footprint (a read of it may go through any instance).
//
// Calls into Python on an instruction's behalf (a class call's __init__, with on a user object,
// properties, the dunder protocol) are in special_methods.cc.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "primitives/thread.h"
#include "scenarios/vm/exec.h"

namespace lockcheck {
Value Exec::ClassOf(Value v) const {
  if (!v.is_obj()) return Value::None();
  switch (m_.type(v)) {
    case ObjType::kInstance: return m_.payload(v)[kInstClass];
    case ObjType::kThread: return ThreadClassOf(m_.payload(v), m_.size(v));
    case ObjType::kException: {
      Value t = m_.payload(v)[kExcType];
      return t.is_obj() ? t : Value::None();
    }
    default: return Value::None();
  }
}

std::string Exec::ClassName(Value cls) const {
  return std::string(StrOf(m_.payload(cls)[kClassName]));
}

bool Exec::FindInMro(Value cls, Value name, Value* out, size_t start) const {
  Value mro = m_.payload(cls)[kClassMro];
  const uint32_t n = m_.size(mro);
  for (uint32_t i = static_cast<uint32_t>(start); i < n; ++i) {
    Value c = m_.payload(mro)[i];
    if (!m_.Is(c, ObjType::kClass)) continue;
    Value dict = m_.payload(c)[kClassDict];
    const uint32_t size = m_.size(dict);
    const Value* d = m_.payload(dict);
    for (uint32_t k = 0; k < size; k += 2) {
      if (d[k] == name) {  // keys are interned strs
        *out = d[k + 1];
        return true;
      }
    }
  }
  return false;
}

Builtin Exec::ExcBuiltin(Value exc) const {
  Value t = m_.payload(exc)[kExcType];
  if (t.is_builtin()) return static_cast<Builtin>(t.payload());
  return static_cast<Builtin>(m_.payload(t)[kClassBuiltin].payload());
}

bool Exec::ClassIsSubclass(Value cls, Value base) const {
  if (base.is_builtin() && static_cast<Builtin>(base.payload()) == Builtin::kObjectType)
    return true;
  if (cls.is_builtin()) {
    Builtin c = static_cast<Builtin>(cls.payload());
    if (!base.is_builtin()) return false;
    Builtin b = static_cast<Builtin>(base.payload());
    return c == b || (IsExceptionType(c) && IsExceptionType(b) && ExceptionIsSubclass(c, b)) ||
           (c == Builtin::kLifoQueueType && b == Builtin::kQueueType);
  }
  Value mro = m_.payload(cls)[kClassMro];
  for (uint32_t i = 0; i < m_.size(mro); ++i) {
    Value c = m_.payload(mro)[i];
    if (c == base) return true;
    if (c.is_builtin() && base.is_builtin() && IsExceptionType(static_cast<Builtin>(c.payload())) &&
        IsExceptionType(static_cast<Builtin>(base.payload())) &&
        ExceptionIsSubclass(static_cast<Builtin>(c.payload()), static_cast<Builtin>(base.payload())))
      return true;
  }
  return false;
}

bool Exec::ExcMatches(Value exc, Value type) const {
  Value cls = ClassOf(exc);
  if (cls.is_none()) cls = m_.payload(exc)[kExcType];
  return ClassIsSubclass(cls, type);
}

bool Exec::IsExceptionClass(Value t) const {
  if (t.is_builtin()) return IsExceptionType(static_cast<Builtin>(t.payload()));
  return m_.Is(t, ObjType::kClass) &&
         IsExceptionType(static_cast<Builtin>(m_.payload(t)[kClassBuiltin].payload()));
}

Value Exec::TypeOfValue(Value v) const {
  Value cls = ClassOf(v);
  if (!cls.is_none()) return cls;
  auto b = [](Builtin x) { return Value::Builtin(static_cast<uint32_t>(x)); };
  if (m_.Is(v, ObjType::kClass) || (v.is_builtin() && TypeName(v) == "type"))
    return b(Builtin::kTypeType);
  if (v.is_bool()) return b(Builtin::kBoolType);
  if (IsInt(v)) return b(Builtin::kIntType);
  if (I().IsFloat(v)) return b(Builtin::kFloatType);
  if (v.is_str()) return b(Builtin::kStrType);
  if (!v.is_obj()) return Value::None();
  switch (m_.type(v)) {
    case ObjType::kList: return b(Builtin::kListType);
    case ObjType::kTuple: return b(Builtin::kTupleType);
    case ObjType::kDict: return b(Builtin::kDictType);
    case ObjType::kThread: return b(Builtin::kThreadType);
    case ObjType::kLock: return b(Builtin::kLockType);
    case ObjType::kQueue: return b(QueueClass(v));
    case ObjType::kDeque: return b(Builtin::kDequeType);
    case ObjType::kSet: return b(Builtin::kSetType);
    case ObjType::kFrozenSet: return b(Builtin::kFrozenSetType);
    case ObjType::kLocal: return b(Builtin::kLocalType);
    case ObjType::kExceptHookArgs: return b(Builtin::kExceptHookArgsType);
    case ObjType::kIterator: {  // the iterators whose type is a builtin name
      const std::string name = TypeName(v);
      for (Builtin t : {Builtin::kEnumerate, Builtin::kZip, Builtin::kMap, Builtin::kFilter,
                        Builtin::kReversed})
        if (name == BuiltinShortName(t)) return b(t);
      return Value::None();
    }
    case ObjType::kException: return m_.payload(v)[kExcType];
    case ObjType::kInstance: return b(Builtin::kObjectType);
    default: return Value::None();
  }
}

// ---- the class statement -------------------------------------------------------------

namespace {

// The MRO of a builtin base, as CPython has it (object last).
void BuiltinMro(Builtin b, std::vector<Value>& out) {
  auto v = [](Builtin x) { return Value::Builtin(static_cast<uint32_t>(x)); };
  if (IsExceptionType(b)) {
    // The exception hierarchy is a chain up to BaseException.
    Builtin cur = b;
    out.push_back(v(cur));
    while (cur != Builtin::kExcBase) {
      // The parent: the one builtin exception type the child derives from directly.
      Builtin parent = Builtin::kExcBase;
      for (int i = static_cast<int>(Builtin::kExcBase); i < static_cast<int>(Builtin::kCount); ++i) {
        Builtin p = static_cast<Builtin>(i);
        if (p == cur || !ExceptionIsSubclass(cur, p)) continue;
        // The nearest: a proper ancestor that every other proper ancestor is above.
        if (parent == Builtin::kExcBase || ExceptionIsSubclass(p, parent)) parent = p;
      }
      cur = parent;
      out.push_back(v(cur));
    }
  } else if (b == Builtin::kThreadType) {
    out.push_back(v(b));
  }
  out.push_back(v(Builtin::kObjectType));
}

}  // namespace

Flow Exec::MakeClass(Value name, size_t nbases) {
  Args bases(S().end() - nbases, S().end());
  std::vector<std::vector<Value>> seqs;
  for (Value b : bases) {
    std::vector<Value> mro;
    if (m_.Is(b, ObjType::kClass)) {
      Value t = m_.payload(b)[kClassMro];
      mro.assign(m_.payload(t), m_.payload(t) + m_.size(t));
    } else if (b.is_builtin() && (static_cast<Builtin>(b.payload()) == Builtin::kObjectType ||
                                  static_cast<Builtin>(b.payload()) == Builtin::kThreadType ||
                                  IsExceptionType(static_cast<Builtin>(b.payload())))) {
      BuiltinMro(static_cast<Builtin>(b.payload()), mro);
    } else if (TypeName(b) == "type") {
      return InputError(absl::StrCat("unsupported in scenarios: subclassing '", Repr(b), "'"));
    } else {
      return InputError(absl::StrCat("unsupported in scenarios: a base class that is a '",
                                     TypeName(b), "', not a class"));
    }
    seqs.push_back(std::move(mro));
  }
  for (size_t i = 0; i < bases.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (bases[i] == bases[j]) {
        return Raise(Builtin::kExcType,
                     absl::StrCat("duplicate base class ", ClassDisplayName(bases[i])));
      }
    }
  }
  if (bases.empty()) {
    bases.push_back(Value::Builtin(static_cast<uint32_t>(Builtin::kObjectType)));
    seqs.push_back({bases[0]});
  }
  seqs.emplace_back(bases.begin(), bases.end());
  // C3: repeatedly take the first head that is in no other sequence's tail.
  std::vector<Value> merged;
  for (;;) {
    bool empty = true;
    for (const auto& s : seqs) empty &= s.empty();
    if (empty) break;
    Value pick = Value::Unbound();
    for (const auto& s : seqs) {
      if (s.empty()) continue;
      Value head = s.front();
      bool in_tail = false;
      for (const auto& t : seqs)
        if (std::find(t.begin() + (t.empty() ? 0 : 1), t.end(), head) != t.end()) in_tail = true;
      if (!in_tail) {
        pick = head;
        break;
      }
    }
    if (pick.is_unbound()) {
      // CPython names the heads it could not order, in base order.
      std::vector<std::string> names;
      for (size_t i = 0; i + 1 < seqs.size(); ++i) {
        if (seqs[i].empty()) continue;
        std::string n = ClassDisplayName(seqs[i].front());
        if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
      }
      std::string list;
      for (size_t i = 0; i < names.size(); ++i) absl::StrAppend(&list, i ? ", " : "", names[i]);
      return Raise(Builtin::kExcType, absl::StrCat("Cannot create a consistent method resolution\n"
                                                   "order (MRO) for bases ", list));
    }
    merged.push_back(pick);
    for (auto& s : seqs)
      if (!s.empty() && s.front() == pick) s.erase(s.begin());
  }
  // The instances' builtin layout.
  Builtin layout = Builtin::kObjectType;
  bool thread = false, exception = false;
  for (Value c : merged) {
    if (!c.is_builtin()) continue;
    Builtin b = static_cast<Builtin>(c.payload());
    if (b == Builtin::kThreadType) thread = true;
    if (IsExceptionType(b) && !exception) {
      exception = true;
      layout = b;
    }
  }
  if (thread && exception)
    return InputError("unsupported in scenarios: a class deriving from both Thread and an exception");
  if (thread) layout = Builtin::kThreadType;
  std::optional<Value> mro = NewSequence(ObjType::kTuple, merged.size() + 1);
  if (!mro) return Flow::kStop;
  Value base_tuple = m_.NewObject(ObjType::kTuple, static_cast<uint32_t>(bases.size()));
  for (size_t i = 0; i < bases.size(); ++i) m_.payload(base_tuple)[i] = bases[i];
  Value dict = m_.NewObject(ObjType::kDict, 0);
  Value cls = m_.NewObject(ObjType::kClass, kClassSlots);
  Value* p = m_.payload(cls);
  p[kClassName] = name;
  p[kClassBases] = base_tuple;
  p[kClassMro] = *mro;
  p[kClassDict] = dict;
  p[kClassBuiltin] = Value::Builtin(static_cast<uint32_t>(layout));
  Value* t = m_.payload(*mro);
  t[0] = cls;
  for (size_t i = 0; i < merged.size(); ++i) t[i + 1] = merged[i];
  S().resize(S().size() - nbases);
  Push(cls);
  return Flow::kNext;
}

std::string Exec::ClassDisplayName(Value c) const {
  if (m_.Is(c, ObjType::kClass)) return ClassName(c);
  if (c.is_builtin()) return std::string(BuiltinShortName(static_cast<Builtin>(c.payload())));
  return TypeName(c);
}

Flow Exec::ClassSetAttr(Value name) {
  Value value = Pop();
  // An uncaught exception's finding shows its str(), which C++ cannot get from Python code.
  absl::string_view n = StrOf(name);
  if ((n == "__str__" || n == "__repr__") &&
      IsExceptionType(static_cast<Builtin>(m_.payload(Top())[kClassBuiltin].payload()))) {
    return InputError(absl::StrCat("unsupported in scenarios: ", n, " in an exception class"));
  }
  return DictSet(m_.payload(Top())[kClassDict], name, value);
}

// ---- instances ------------------------------------------------------------------------

Value* Exec::AttrDictSlot(Value obj) {
  switch (m_.type(obj)) {
    case ObjType::kInstance: return &m_.payload(obj)[kInstDict];
    case ObjType::kThread: return &m_.payload(obj)[kThreadDict];
    case ObjType::kException: return &m_.payload(obj)[kExcDict];
    default: return nullptr;
  }
}

bool Exec::InstanceAttr(Value obj, Value name, Value* out) {
  Value* slot = AttrDictSlot(obj);
  if (slot == nullptr || !m_.Is(*slot, ObjType::kDict)) return false;
  Value dict = *slot;
  const Value* d = m_.payload(dict);
  for (uint32_t k = 0; k < m_.size(dict); k += 2) {
    if (d[k] == name) {
      *out = d[k + 1];
      return true;
    }
  }
  return false;
}

Value Exec::ExcArgs(Value exc) {
  const Value* p = m_.payload(exc);
  if (m_.Is(p[kExcArgs], ObjType::kTuple)) return p[kExcArgs];
  Value msg = p[kExcMessage];
  Value t = m_.NewObject(ObjType::kTuple, msg.is_none() ? 0 : 1);
  if (!msg.is_none()) m_.payload(t)[0] = msg;
  return t;
}

void Exec::SetExcArgs(Value exc, const Value* args, size_t n) {
  Value t = m_.NewObject(ObjType::kTuple, static_cast<uint32_t>(n));
  for (size_t i = 0; i < n; ++i) m_.payload(t)[i] = args[i];
  // str(e): '' for no arguments, str(arg) for one, the tuple's repr for more.
  Value msg = n == 0 ? Value::None() : MakeStr(n == 1 ? Str(args[0]) : ObservedRepr(t));
  Value* p = m_.payload(exc);
  p[kExcArgs] = t;
  p[kExcMessage] = msg;
  m_.PublishInto(exc, t);
}

Flow Exec::CallFunctionWithSelf(Value fn, Value self, const Value* args, size_t nargs,
                                const Value* kwnames, size_t nkw) {
  Args full;
  full.push_back(self);
  full.insert(full.end(), args, args + nargs);
  return PushFrame(static_cast<int32_t>(m_.payload(fn)[0].payload()), fn, full.data(), nargs + 1,
                   kwnames, nkw);
}

Flow Exec::CallClass(Value cls, size_t nargs, const Value* kwnames, size_t nkw, size_t below) {
  Args args(S().end() - nargs, S().end());
  const size_t npos = nargs - nkw;
  const Builtin layout = static_cast<Builtin>(m_.payload(cls)[kClassBuiltin].payload());
  Value obj;
  if (layout == Builtin::kThreadType) {
    obj = m_.NewObject(ObjType::kThread, kThreadSlots);
    Value* p = m_.payload(obj);
    p[kThreadName] = Value::None();  // until Thread.__init__ runs
    p[kThreadState] = ThreadStateValue(-1, T().daemon);
    p[kThreadClass] = cls;
  } else if (IsExceptionType(layout)) {
    obj = m_.NewObject(ObjType::kException, kExcSlots);
    Value* p = m_.payload(obj);
    p[kExcType] = cls;
    p[kExcReported] = Value::Bool(false);
    SourceLoc at = Here();
    p[kExcLine] = ExcLineWord(at);
    p[kExcColumn] = Value::SmallInt(at.column);
    SetExcArgs(obj, args.data(), npos);  // BaseException.__new__ keeps every argument
  } else {
    obj = m_.NewObject(ObjType::kInstance, kInstSlots);
    m_.payload(obj)[kInstClass] = cls;
  }
  Value init;
  const bool user_init = FindInMro(cls, MakeStr("__init__"), &init) && m_.Is(init, ObjType::kFunction);
  S().resize(S().size() - nargs - below);
  if (!user_init) {
    Value unused;
    Flow f = BuiltinInit(obj, args.data(), nargs, kwnames, nkw, &unused, ClassName(cls));
    if (f != Flow::kNext) return f;
    Push(obj);
    return Flow::kNext;
  }
  Push(obj);
  Push(Value::Marker(static_cast<uint32_t>(Mark::kInit)));
  return CallFunctionWithSelf(init, obj, args.data(), nargs, kwnames, nkw);
}

Flow Exec::BuiltinInit(Value self, const Value* args, size_t nargs, const Value* kwnames,
                       size_t nkw, Value* result, absl::string_view who) {
  *result = Value::None();
  switch (m_.type(self)) {
    case ObjType::kThread: return InitThread(self, args, nargs, kwnames, nkw);
    case ObjType::kException:
      if (nkw > 0) {
        return Raise(Builtin::kExcType, absl::StrCat(who.empty() ? TypeName(self) : std::string(who),
                                                     "() takes no keyword arguments"));
      }
      SetExcArgs(self, args, nargs);
      return Flow::kNext;
    default:
      if (nargs > 0) {
        if (!who.empty()) return Raise(Builtin::kExcType, absl::StrCat(who, "() takes no arguments"));
        return Raise(Builtin::kExcType, "object.__init__() takes exactly one argument (the "
                                        "instance to initialize)");
      }
      return Flow::kNext;
  }
}

// ---- attributes -------------------------------------------------------------------------

bool Exec::HasUserAttrs(Value obj) const {
  if (!obj.is_obj()) return false;
  switch (m_.type(obj)) {
    case ObjType::kClass:
    case ObjType::kInstance:
    case ObjType::kSuper:
    case ObjType::kException:
      return true;
    case ObjType::kThread: return !ThreadClassOf(m_.payload(obj), m_.size(obj)).is_none();
    default: return false;
  }
}

Value Exec::NewBoundMethod(Value self, Value fn, Value name) {
  Value bound = m_.NewObject(ObjType::kBoundMethod, 3);
  Value* p = m_.payload(bound);
  p[0] = self;
  p[1] = fn;
  p[2] = name;
  return bound;
}

Exec::Found Exec::FindSuper(Value sup, Value name, Attr attr, Value* out) const {
  Value type = m_.payload(sup)[0], obj = m_.payload(sup)[1];
  Value cls = m_.Is(obj, ObjType::kClass) ? obj : ClassOf(obj);
  Value mro = m_.payload(cls)[kClassMro];
  uint32_t start = 0;
  while (start < m_.size(mro) && m_.payload(mro)[start] != type) ++start;
  ++start;
  if (FindInMro(cls, name, out, start)) return Found::kValue;
  if (attr == Attr::kInit || (m_.Is(obj, ObjType::kThread) && HasMethod(obj, attr)))
    return Found::kBuiltin;
  return Found::kNone;
}

// A method-like class attribute (function, staticmethod, classmethod, property) as an
// attribute of `obj` (an instance, or the class `cls` itself when obj is a class).
Flow Exec::MethodLikeValue(Value obj, Value cls, Value v, Value name, Value* out) {
  const bool via_class = m_.Is(obj, ObjType::kClass);
  switch (m_.type(v)) {
    case ObjType::kFunction: *out = via_class ? v : NewBoundMethod(obj, v, name); break;
    case ObjType::kStaticMethod: *out = m_.payload(v)[0]; break;
    case ObjType::kClassMethod: *out = NewBoundMethod(cls, m_.payload(v)[0], name); break;
    default:  // kProperty
      if (via_class) {
        *out = v;
      } else if (m_.payload(v)[0].is_none()) {
        return Raise(Builtin::kExcAttribute, absl::StrCat("property '", StrOf(name), "' of '",
                                                          TypeName(obj), "' object has no getter"));
      } else {
        property_call_ = m_.payload(v)[0];  // the instruction calls it (kLoadAttr, kLoadMethod)
      }
  }
  return Flow::kNext;
}

Flow Exec::LoadAttrUser(Value obj, Attr attr, Value name, Value* out, bool* handled) {
  *handled = true;
  absl::string_view n = StrOf(name);
  const ObjType type = m_.type(obj);
  if (type == ObjType::kSuper) {
    Value v;
    Value self = m_.payload(obj)[1];
    Value cls = m_.Is(self, ObjType::kClass) ? self : ClassOf(self);
    switch (FindSuper(obj, name, attr, &v)) {
      case Found::kValue:
        if (m_.Is(v, ObjType::kProperty))
          return InputError("unsupported in scenarios: a property read through super()");
        if (IsMethodLike(v)) return MethodLikeValue(self, cls, v, name, out);
        *out = v;
        return Flow::kNext;
      case Found::kBuiltin:
        *out = NewBoundMethod(self, Value::SmallInt(static_cast<int64_t>(attr)), name);
        return Flow::kNext;
      case Found::kNone:
        return Raise(Builtin::kExcAttribute,
                     absl::StrCat("'super' object has no attribute '", n, "'"));
    }
  }
  if (type == ObjType::kClass) {
    if (n == "__name__" || n == "__qualname__") {
      *out = m_.payload(obj)[kClassName];
      return Flow::kNext;
    }
    if (n == "__mro__" || n == "__bases__") {
      *out = m_.payload(obj)[n == "__mro__" ? kClassMro : kClassBases];
      return Flow::kNext;
    }
    Value v;
    if (!FindInMro(obj, name, &v)) {
      return Raise(Builtin::kExcAttribute, absl::StrCat("type object '", ClassName(obj),
                                                        "' has no attribute '", n, "'"));
    }
    if (IsMethodLike(v)) return MethodLikeValue(obj, obj, v, name, out);
    if (m_.IsShared(obj) && !GateAccess(Access::kRead, obj)) return Flow::kYield;
    if (tracing()) Outcome(absl::StrCat("read ", Repr(v)));
    *out = v;
    return Flow::kNext;
  }
  // An instance (of a class, or a Thread or exception object).
  Value cls = ClassOf(obj);
  if (n == "__class__") {
    *out = TypeOfValue(obj);
    return Flow::kNext;
  }
  Value v;
  const bool in_class = !cls.is_none() && FindInMro(cls, name, &v);
  if (in_class && IsMethodLike(v)) return MethodLikeValue(obj, cls, v, name, out);
  // Data descriptors of the builtin bases come before the instance's own attributes.
  if (type == ObjType::kThread &&
      (attr == Attr::kName || attr == Attr::kDaemon || attr == Attr::kIdent ||
       attr == Attr::kNativeId || HasMethod(obj, attr))) {
    *handled = false;
    return Flow::kNext;
  }
  if (type == ObjType::kException && n == "args") {
    // A builtin exception built from a value that is not a str keeps only its str(): its args
    // would be another value than CPython's.
    if (m_.payload(obj)[kExcArgs] == Value::Bool(false)) {
      return InputError("unsupported in scenarios: the args of an exception built from a "
                        "non-str value (lockcheck keeps only its message: use str(e))");
    }
    *out = ExcArgs(obj);
    return Flow::kNext;
  }
  if (type == ObjType::kException && n == "code" &&
      ExcMatches(obj, Value::Builtin(static_cast<uint32_t>(Builtin::kExcSystemExit)))) {
    if (m_.payload(obj)[kExcArgs] == Value::Bool(false)) {
      return InputError("unsupported in scenarios: the code of a SystemExit built from a "
                        "value other than an int, str or None");
    }
    Value args = ExcArgs(obj);
    *out = m_.size(args) == 1 ? m_.payload(args)[0] : m_.size(args) == 0 ? Value::None() : args;
    return Flow::kNext;
  }
  if (type == ObjType::kException && n == "value" &&
      ExcMatches(obj, Value::Builtin(static_cast<uint32_t>(Builtin::kExcStopIteration))) &&
      m_.Is(m_.payload(obj)[kExcArgs], ObjType::kTuple)) {  // a generator's return value
    Value args = m_.payload(obj)[kExcArgs];
    *out = m_.size(args) > 0 ? m_.payload(args)[0] : Value::None();
    return Flow::kNext;
  }
  Value own;
  const bool in_instance = InstanceAttr(obj, name, &own);
  if (m_.IsShared(obj)) {
    if (!GateAccess(Access::kRead, obj)) return Flow::kYield;
  } else if (!in_instance && in_class && m_.IsShared(cls)) {
    if (!GateAccess(Access::kRead, cls)) return Flow::kYield;
  }
  if (in_instance) v = own;
  if (!in_instance && !in_class) {
    return Raise(Builtin::kExcAttribute,
                 absl::StrCat("'", TypeName(obj), "' object has no attribute '", n, "'"));
  }
  if (tracing()) Outcome(absl::StrCat("read ", Repr(v)));
  *out = v;
  return Flow::kNext;
}

Flow Exec::StoreAttrUser(Value obj, Attr attr, Value name, Value value, bool* handled) {
  *handled = true;
  absl::string_view n = StrOf(name);
  const ObjType type = m_.type(obj);
  if (type == ObjType::kSuper) {
    return Raise(Builtin::kExcAttribute, absl::StrCat("'super' object has no attribute '", n, "'"));
  }
  if (IsDunder(n)) {
    return InputError(absl::StrCat("unsupported in scenarios: assigning the special attribute ", n));
  }
  if (type == ObjType::kClass) {
    // A class attribute named as any class's method could come before that method in some
    // subclass's MRO: refused with the rest, so that method lookups stay invisible.
    const auto& methods = rt_.method_names;
    if (IsMethodLike(value) ||
        std::find(methods.begin(), methods.end(), name) != methods.end()) {
      return InputError(absl::StrCat("unsupported in scenarios: assigning method '", n,
                                     "' of class '", ClassName(obj),
                                     "' after its class statement"));
    }
    // Any instance's attribute read may see it: of unknown footprint.
    if (m_.IsShared(obj) && !GateAccess(Access::kUnknown, obj)) return Flow::kYield;
    Flow f = DictSet(m_.payload(obj)[kClassDict], name, value);
    if (f != Flow::kNext) return f;
    if (tracing()) Outcome(absl::StrCat("wrote ", Repr(value)));
    return Flow::kNext;
  }
  if (type == ObjType::kThread && (attr == Attr::kName || attr == Attr::kDaemon)) {
    *handled = false;
    return Flow::kNext;
  }
  Value cls = ClassOf(obj), old;
  if (!cls.is_none() && FindInMro(cls, name, &old) && IsMethodLike(old)) {
    if (m_.Is(old, ObjType::kProperty)) {
      Value setter = m_.payload(old)[1];
      if (setter.is_none()) {
        return Raise(Builtin::kExcAttribute, absl::StrCat("property '", n, "' of '", TypeName(obj),
                                                          "' object has no setter"));
      }
      if (setattr_drop_ > 0) {  // setattr(obj, name, value): the call's result is None
        S().resize(S().size() - setattr_drop_);
        Push(Value::None());
        setter_called_ = true;
        return CallMarked(Mark::kDiscard, setter, obj, &value, 1);
      }
      if (C().instrs[F().pc].op != Opcode::kStoreAttr)
        return InputError("unsupported in scenarios: a property set other than by `obj.x = v`");
      // [.., value, obj] -> [..]; setter(obj, value)'s result is dropped.
      S().resize(S().size() - 2);
      return CallMarked(Mark::kDiscard, setter, obj, &value, 1);
    }
    return InputError(absl::StrCat("unsupported in scenarios: instance attribute '", n,
                                   "' shadowing a method of class '", ClassName(cls), "'"));
  }
  if (type == ObjType::kException && n == "args") {
    return InputError("unsupported in scenarios: assigning an exception's args");
  }
  if (m_.IsShared(obj) && !GateAccess(Access::kWrite, obj)) return Flow::kYield;
  Value* slot = AttrDictSlot(obj);
  if (!m_.Is(*slot, ObjType::kDict)) {
    Value dict = m_.NewObject(ObjType::kDict, 0);
    *AttrDictSlot(obj) = dict;  // (NewObject may have moved the arena)
    m_.PublishInto(obj, dict);
  }
  Flow f = DictSet(*AttrDictSlot(obj), name, value);
  if (f != Flow::kNext) return f;
  if (tracing()) Outcome(absl::StrCat("wrote ", Repr(value)));
  return Flow::kNext;
}

Flow Exec::LoadMethodUser(Value obj, Attr attr, Value name) {
  // Stack protocols (see CallMethod): [function, self] for a Python method, [self, Attr] for
  // a builtin one, [callable, None] for any other value.
  const ObjType type = m_.type(obj);
  Value v;
  Value self = obj, cls = Value::None();
  bool found = false;
  if (type == ObjType::kSuper) {
    self = m_.payload(obj)[1];
    cls = m_.Is(self, ObjType::kClass) ? self : ClassOf(self);
    switch (FindSuper(obj, name, attr, &v)) {
      case Found::kValue: found = true; break;
      case Found::kBuiltin:
        Top() = self;
        Push(Value::SmallInt(static_cast<int64_t>(attr)));
        return Flow::kNext;
      case Found::kNone:
        return Raise(Builtin::kExcAttribute,
                     absl::StrCat("'super' object has no attribute '", StrOf(name), "'"));
    }
  } else {
    cls = type == ObjType::kClass ? obj : ClassOf(obj);
    found = !cls.is_none() && FindInMro(cls, name, &v);
  }
  if (found && IsMethodLike(v)) {
    const bool via_class = m_.Is(self, ObjType::kClass);
    switch (m_.type(v)) {
      case ObjType::kFunction:
        Top() = v;
        Push(via_class ? Value::None() : self);
        return Flow::kNext;
      case ObjType::kStaticMethod:
        Top() = m_.payload(v)[0];
        Push(Value::None());
        return Flow::kNext;
      case ObjType::kClassMethod:
        Top() = m_.payload(v)[0];
        Push(cls);
        return Flow::kNext;
      default:  // a property: its getter's result is called
        if (via_class || type == ObjType::kSuper) break;
        if (m_.payload(v)[0].is_none()) break;  // LoadAttrUser raises
        Pop();
        return CallMarked(Mark::kMethodValue, m_.payload(v)[0], self, nullptr, 0);
    }
  }
  if (type == ObjType::kThread && HasMethod(obj, attr)) {
    Push(Value::SmallInt(static_cast<int64_t>(attr)));
    return Flow::kNext;
  }
  bool handled;
  Flow f = LoadAttrUser(obj, attr, name, &v, &handled);
  if (f != Flow::kNext) return f;
  if (!handled) {
    f = LoadAttr(obj, attr, name, &v);
    if (f != Flow::kNext) return f;
  }
  Top() = v;
  Push(Value::None());
  return Flow::kNext;
}

Flow Exec::WrapMethod(uint8_t kind, Value name) {
  Value fn = Top();
  Value w;
  if (kind == 4) {  // @name.setter: a new property with the old one's getter
    Value old;
    Value dict = m_.payload(Top(1))[kClassDict];
    int64_t i;
    Flow f = DictFind(dict, name, &i);
    if (f != Flow::kNext) return f;
    old = i >= 0 ? m_.payload(dict)[2 * i + 1] : Value::None();
    if (!m_.Is(old, ObjType::kProperty)) {
      return Raise(Builtin::kExcAttribute, absl::StrCat("'", TypeName(old), "' object has no ",
                                                        "attribute 'setter'"));
    }
    Value getter = m_.payload(old)[0];
    w = m_.NewObject(ObjType::kProperty, 2);
    m_.payload(w)[0] = getter;
    m_.payload(w)[1] = fn;
  } else {
    ObjType t = kind == 1 ? ObjType::kStaticMethod : kind == 2 ? ObjType::kClassMethod
                                                               : ObjType::kProperty;
    w = m_.NewObject(t, t == ObjType::kProperty ? 2 : 1);
    m_.payload(w)[0] = fn;
  }
  Top() = w;
  return Flow::kNext;
}

// ---- builtins on classes -----------------------------------------------------------------

Flow Exec::ClassInfoMatch(Value x, Value types, bool subclass, bool* out) {
  Args list;
  if (m_.Is(types, ObjType::kTuple)) {
    Flow f = Items(types, list);
    if (f != Flow::kNext) return f;
  } else {
    list.push_back(types);
  }
  const char* fname = subclass ? "issubclass" : "isinstance";
  Value cls = subclass ? x : TypeOfValue(x);
  if (subclass && !m_.Is(x, ObjType::kClass) && !(x.is_builtin() && TypeName(x) == "type"))
    return Raise(Builtin::kExcType, "issubclass() arg 1 must be a class");
  *out = false;
  for (Value t : list) {
    if (!m_.Is(t, ObjType::kClass) && !(t.is_builtin() && TypeName(t) == "type")) {
      return Raise(Builtin::kExcType, absl::StrCat(fname, "() arg 2 must be a type, a tuple of ",
                                                   "types, or a union"));
    }
    if (cls.is_none()) continue;
    bool match = ClassIsSubclass(cls, t);
    // bool is an int.
    if (!match && t.is_builtin() && static_cast<Builtin>(t.payload()) == Builtin::kIntType &&
        cls.is_builtin() && static_cast<Builtin>(cls.payload()) == Builtin::kBoolType)
      match = true;
    *out |= match;
  }
  return Flow::kNext;
}

Flow Exec::MakeSuper(const Value* args, size_t npos, Value* out) {
  if (npos == 0) return Raise(Builtin::kExcRuntime, "super(): no arguments");
  if (npos != 2) return InputError("unsupported in scenarios: super() with one argument");
  Value type = args[0], obj = args[1];
  if (!m_.Is(type, ObjType::kClass)) {
    return Raise(Builtin::kExcType, absl::StrCat("super() argument 1 must be a type, not ",
                                                 TypeName(type)));
  }
  Value cls = m_.Is(obj, ObjType::kClass) ? obj : ClassOf(obj);
  if (cls.is_none() || !ClassIsSubclass(cls, type)) {
    return Raise(Builtin::kExcType, "super(type, obj): obj must be an instance or subtype of type");
  }
  *out = m_.NewObject(ObjType::kSuper, 2);
  m_.payload(*out)[0] = type;
  m_.payload(*out)[1] = obj;
  return Flow::kNext;
}

}  // namespace lockcheck
