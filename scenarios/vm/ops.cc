// Operations on values: truth, equality, order, str/repr, arithmetic, containers.
// Semantics and error texts follow CPython 3.13.
#include <charconv>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "primitives/thread.h"
#include "scenarios/vm/exec.h"

namespace lockcheck {
namespace {

// As CPython's TypeError messages spell the operator.
std::string OpSymbol(ast::Op op) {
  return op == ast::Op::kPow ? "** or pow()" : ast::OpText(op);
}

// Python's float repr: shortest round-trip digits, exponent form outside [1e-4, 1e16).
std::string FloatRepr(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  size_t e = sci.find('e');
  std::string mant = sci.substr(0, e);
  int exp = std::stoi(sci.substr(e + 1));
  bool neg = mant[0] == '-';
  if (neg) mant = mant.substr(1);
  std::string digits;
  for (char c : mant)
    if (c != '.') digits += c;
  std::string out;
  if (exp >= -4 && exp < 16) {
    int point = exp + 1;  // digits before the decimal point
    if (point <= 0) {
      out = "0." + std::string(-point, '0') + digits;
    } else if (static_cast<size_t>(point) >= digits.size()) {
      out = digits + std::string(point - digits.size(), '0') + ".0";
    } else {
      out = digits.substr(0, point) + "." + digits.substr(point);
    }
  } else {
    out = digits.substr(0, 1);
    if (digits.size() > 1) absl::StrAppend(&out, ".", digits.substr(1));
    out += absl::StrFormat("e%c%02d", exp < 0 ? '-' : '+', std::abs(exp));
  }
  return neg ? "-" + out : out;
}

std::string StrRepr(absl::string_view s) {
  bool has_single = s.find('\'') != absl::string_view::npos;
  bool has_double = s.find('"') != absl::string_view::npos;
  char quote = has_single && !has_double ? '"' : '\'';
  std::string out(1, quote);
  for (unsigned char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c == quote) {
          out += '\\';
          out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
          out += absl::StrFormat("\\x%02x", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += quote;
  return out;
}

// Floor division and modulo with Python's signs.
int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
int64_t FloorMod(int64_t a, int64_t b) {
  int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

}  // namespace

std::string Exec::TypeName(Value v) const {
  switch (v.tag()) {
    case Tag::kInt: return "int";
    case Tag::kStr: return "str";
    case Tag::kPooled: return I().IsFloat(v) ? "float" : "int";
    case Tag::kSpecial:
      if (v.is_none()) return "NoneType";
      if (v.is_bool()) return "bool";
      return "ellipsis";
    case Tag::kBuiltin: {
      Builtin b = static_cast<Builtin>(v.payload());
      if (IsModelledModule(b)) return "module";
      if (b == Builtin::kPartial) return "type";
      if (IsExceptionType(b) || b == Builtin::kStrType || b == Builtin::kIntType ||
          b == Builtin::kBoolType || b == Builtin::kFloatType || b == Builtin::kListType ||
          b == Builtin::kTupleType || b == Builtin::kDictType || b == Builtin::kThreadType ||
          b == Builtin::kLockType || b == Builtin::kQueueType || b == Builtin::kDequeType ||
          b == Builtin::kLifoQueueType || b == Builtin::kSimpleQueueType ||
          b == Builtin::kTypeType || b == Builtin::kObjectType || b == Builtin::kSuper ||
          b == Builtin::kSetType || b == Builtin::kFrozenSetType || b == Builtin::kMap ||
          b == Builtin::kFilter || b == Builtin::kEnumerate || b == Builtin::kZip ||
          b == Builtin::kReversed || b == Builtin::kLocalType ||
          b == Builtin::kExceptHookArgsType)
        return "type";
      return "builtin_function_or_method";
    }
    case Tag::kCode: return "code";
    case Tag::kModule: return "module";
    case Tag::kObj: break;
  }
  switch (m_.type(v)) {
    case ObjType::kList: return "list";
    case ObjType::kDeque: return "deque";
    case ObjType::kTuple: return "tuple";
    case ObjType::kDict: return "dict";
    case ObjType::kFunction: return "function";
    case ObjType::kThread:
    {
      Value cls = ThreadClassOf(m_.payload(v), m_.size(v));
      return cls.is_none() ? "Thread" : ClassName(cls);
    }
    case ObjType::kLock: return "lock";
    case ObjType::kRLock: return "RLock";
    case ObjType::kException: {
      Value t = m_.payload(v)[kExcType];
      if (t.is_obj()) return ClassName(t);
      return std::string(BuiltinShortName(static_cast<Builtin>(t.payload())));
    }
    case ObjType::kBoundMethod: return "method";
    case ObjType::kRange: return "range";
    case ObjType::kCondition: return "Condition";
    case ObjType::kEvent: return "Event";
    case ObjType::kSemaphore: return m_.payload(v)[2].small_int() >= 0 ? "BoundedSemaphore" : "Semaphore";
    case ObjType::kBarrier: return "Barrier";
    case ObjType::kQueue: return std::string(BuiltinShortName(QueueClass(v)));
    case ObjType::kClass: return "type";
    case ObjType::kInstance:
      return m_.payload(v)[kInstClass].is_none() ? "object" : ClassName(m_.payload(v)[kInstClass]);
    case ObjType::kSuper: return "super";
    case ObjType::kStaticMethod: return "staticmethod";
    case ObjType::kClassMethod: return "classmethod";
    case ObjType::kProperty: return "property";
    case ObjType::kCell: return "cell";
    case ObjType::kPyMutex: return "PyMutex";
    case ObjType::kCriticalSection: return "critical_section";
    case ObjType::kSet: return "set";
    case ObjType::kFrozenSet: return "frozenset";
    case ObjType::kIterator: return IteratorTypeName(v);
    case ObjType::kDictView: return DictViewTypeName(v);
    case ObjType::kGenerator: return "generator";
    case ObjType::kGenContext: return "_GeneratorContextManager";
    case ObjType::kGenContextFactory: return "function";
    case ObjType::kPartial:
    case ObjType::kWraps: return "functools.partial";
    case ObjType::kLocal: return "_thread._local";
    case ObjType::kExceptHookArgs: return "_thread._ExceptHookArgs";
  }
  return "object";
}

bool Exec::IsInt(Value v) const { return v.is_small_int() || v.is_bool() || I().IsBigInt(v); }
bool Exec::IsNumber(Value v) const { return IsInt(v) || I().IsFloat(v); }

int64_t Exec::IntOf(Value v) const {
  if (v.is_small_int()) return v.small_int();
  if (v.is_bool()) return v.is_true() ? 1 : 0;
  return I().BigIntOf(v);
}

double Exec::FloatOf(Value v) const {
  if (I().IsFloat(v)) return I().FloatOf(v);
  return static_cast<double>(IntOf(v));
}

std::optional<Value> Exec::MakeInt(__int128 i) {
  if (i > INT64_MAX || i < INT64_MIN) {
    InputError("integer overflow: the result does not fit in 64 bits (lockcheck's limit)");
    return std::nullopt;
  }
  return I().Int(static_cast<int64_t>(i));
}

namespace {

// A walk over a value's items for Exec::ReachesShared, with a budget of objects visited (a
// cyclic or very shared structure gives up, answering "shared", which is always safe).
class ReachWalk {
 public:
  ReachWalk(const Machine& m, bool repr) : m_(m), repr_(repr) {}

  bool Reaches(Value v) {
    if (!v.is_obj()) return false;
    if (++visited_ > kBudget) return true;
    const bool shared = m_.IsShared(v);
    switch (m_.type(v)) {
      case ObjType::kList:
      case ObjType::kDeque:
      case ObjType::kDict:
        return shared || Items(v);
      case ObjType::kSet: return shared || Items(v);
      case ObjType::kTuple:
      case ObjType::kFrozenSet:
        return Items(v);
      case ObjType::kDictView: return Reaches(m_.payload(v)[0]);
      case ObjType::kIterator: return true;  // what it walks, it reads (and it moves)
      case ObjType::kBoundMethod: return repr_ && Reaches(m_.payload(v)[0]);
      case ObjType::kFunction:
      case ObjType::kRange:
      case ObjType::kException:
      case ObjType::kClass:
      case ObjType::kInstance:
      case ObjType::kSuper:
        return false;  // nothing a value read observes changes (an instance's repr: its address)
      default: return repr_ && shared;  // a primitive or Thread: its repr shows its state
    }
  }
  bool Items(Value v) {
    const uint32_t n = m_.size(v);
    for (uint32_t i = 0; i < n; ++i)
      if (Reaches(m_.payload(v)[i])) return true;
    return false;
  }

 private:
  static constexpr int kBudget = 4096;
  const Machine& m_;
  bool repr_;
  int visited_ = 0;
};

}  // namespace

bool Exec::ReachesShared(Value v, bool repr) const { return ReachWalk(m_, repr).Reaches(v); }

bool Exec::ItemsReachShared(Value v, bool repr) const {
  return v.is_obj() && ReachWalk(m_, repr).Items(v);
}

bool Exec::ValueFootprint(Value self, Access a, const Value* reads, size_t nreads,
                          bool self_deep, bool deep, bool repr, Access* access,
                          Value* obj) const {
  Value single = Value::None();  // the one shared container touched so far
  bool any = false, unknown = false;
  auto mark = [&](Value v) {
    any = true;
    if (single.is_none() || single == v) single = v;
    else unknown = true;
  };
  auto plain = [&](Value v, bool values) {
    if (Shared(v)) {
      mark(v);
      if (values && ItemsReachShared(v, repr)) unknown = true;
    } else if (values && ReachesShared(v, repr)) {
      any = unknown = true;
    }
  };
  auto note = [&](Value v, bool values) {
    if (!IsIterLike(v)) return plain(v, values);
    // What stepping it reads, and the shared iterators it moves.
    Args reads, writes;
    IterTouches(v, reads, writes);
    for (Value w : writes) mark(w);
    for (Value r : reads) plain(r, values);
  };
  if (!self.is_none()) note(self, self_deep);
  for (size_t i = 0; i < nreads; ++i) note(reads[i], deep);
  if (!any) return false;
  if (unknown) {
    *access = Access::kUnknown;
    *obj = !single.is_none() ? single : !self.is_none() ? self : reads[0];
  } else {
    *access = single == self ? a : Access::kRead;
    // A step moves an iterator and resumes a generator.
    if (m_.Is(single, ObjType::kIterator) || m_.Is(single, ObjType::kGenerator))
      *access = Access::kWrite;
    *obj = single;
  }
  return true;
}

bool Exec::Truthy(Value v) const {
  switch (v.tag()) {
    case Tag::kInt: return v.small_int() != 0;
    case Tag::kSpecial: return v.is_true() || v == Value::Ellipsis();
    case Tag::kStr: return !StrOf(v).empty();
    case Tag::kPooled: return I().IsFloat(v) ? I().FloatOf(v) != 0 : I().BigIntOf(v) != 0;
    case Tag::kObj:
      switch (m_.type(v)) {
        case ObjType::kList:
        case ObjType::kDeque:
        case ObjType::kTuple:
        case ObjType::kDict:
        case ObjType::kSet:
        case ObjType::kFrozenSet:
          return m_.size(v) != 0;
        case ObjType::kDictView: return m_.size(m_.payload(v)[0]) != 0;
        case ObjType::kRange: {
          const Value* r = m_.payload(v);
          int64_t start = r[0].small_int(), stop = r[1].small_int(), step = r[2].small_int();
          return step > 0 ? start < stop : start > stop;
        }
        case ObjType::kInstance:
          if (HasValueDunder(v, "__bool__") || HasValueDunder(v, "__len__"))
            Refuse(v, "__bool__/__len__");
          return true;
        default: return true;
      }
    default: return true;
  }
}

bool Exec::Eq(Value a, Value b) const {
  if (a == b) {
    // nan != nan
    return !(I().IsFloat(a) && std::isnan(I().FloatOf(a)));
  }
  if (IsNumber(a) && IsNumber(b)) {
    if (IsInt(a) && IsInt(b)) return IntOf(a) == IntOf(b);
    return FloatOf(a) == FloatOf(b);
  }
  if (HasValueDunder(a, "__eq__")) Refuse(a, "__eq__");
  if (HasValueDunder(b, "__eq__")) Refuse(b, "__eq__");
  if (IsSetLike(a) && IsSetLike(b)) return SetEq(a, b);  // set() == frozenset()
  if (m_.Is(a, ObjType::kDictView) || m_.Is(b, ObjType::kDictView)) return ViewEq(a, b);
  if (!a.is_obj() || !b.is_obj() || m_.type(a) != m_.type(b)) return false;
  ObjType t = m_.type(a);
  if (t != ObjType::kList && t != ObjType::kDeque && t != ObjType::kTuple && t != ObjType::kDict &&
      t != ObjType::kRange)
    return false;
  uint32_t n = m_.size(a);
  if (n != m_.size(b)) return false;
  if (t == ObjType::kDict) {
    for (uint32_t i = 0; i < n; i += 2) {
      Value key = m_.payload(a)[i];
      bool found = false;
      for (uint32_t j = 0; j < n; j += 2) {
        if (Eq(key, m_.payload(b)[j])) {
          if (!Eq(m_.payload(a)[i + 1], m_.payload(b)[j + 1])) return false;
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }
  for (uint32_t i = 0; i < n; ++i)
    if (!Eq(m_.payload(a)[i], m_.payload(b)[i])) return false;
  return true;
}

std::optional<bool> Exec::Order(Value a, Value b, ast::Op op) {
  int cmp = 0;
  if (IsNumber(a) && IsNumber(b)) {
    if (IsInt(a) && IsInt(b)) {
      int64_t x = IntOf(a), y = IntOf(b);
      cmp = x < y ? -1 : x > y;
    } else {
      double x = FloatOf(a), y = FloatOf(b);
      if (std::isnan(x) || std::isnan(y)) return false;
      cmp = x < y ? -1 : x > y;
    }
  } else if (a.is_str() && b.is_str()) {
    int c = StrOf(a).compare(StrOf(b));
    cmp = c < 0 ? -1 : c > 0;
  } else if (a.is_obj() && b.is_obj() && m_.type(a) == m_.type(b) &&
             (m_.type(a) == ObjType::kList || m_.type(a) == ObjType::kTuple)) {
    uint32_t na = m_.size(a), nb = m_.size(b);
    uint32_t i = 0;
    for (; i < na && i < nb; ++i) {
      if (!Eq(m_.payload(a)[i], m_.payload(b)[i])) break;
    }
    if (i < na && i < nb) {
      // The first differing items decide (with the operator itself, as CPython does).
      return Order(m_.payload(a)[i], m_.payload(b)[i], op);
    }
    cmp = na < nb ? -1 : na > nb;
  } else if (IsSetLike(a) && IsSetLike(b)) {
    return SetOrder(a, b, op);
  } else if (m_.Is(a, ObjType::kDictView) || m_.Is(b, ObjType::kDictView)) {
    // Refused after the instruction (Run), as a special method met inside a value is.
    if (refusal_.empty()) refusal_ = "unsupported in scenarios: ordering comparisons of dict views";
    return false;
  } else {
    Raise(Builtin::kExcType,
          absl::StrCat("'", OpSymbol(op), "' not supported between instances of '", TypeName(a),
                       "' and '", TypeName(b), "'"));
    return std::nullopt;
  }
  switch (op) {
    case ast::Op::kLt: return cmp < 0;
    case ast::Op::kLtE: return cmp <= 0;
    case ast::Op::kGt: return cmp > 0;
    case ast::Op::kGtE: return cmp >= 0;
    default: return false;
  }
}

std::string Exec::Str(Value v) const {
  if (v.is_str()) return std::string(StrOf(v));
  ++observing_;  // what str() gives is the program's to see
  if (HasValueDunder(v, "__str__")) Refuse(v, "__str__");
  if (m_.Is(v, ObjType::kException)) {
    Value msg = m_.payload(v)[kExcMessage];
    --observing_;
    return msg.is_none() ? "" : std::string(StrOf(msg));
  }
  std::string s = Repr(v);
  --observing_;
  return s;
}

std::string Exec::Repr(Value v) const {
  auto addr = [](Value o) { return absl::StrFormat("0x7f%010x", 0x1000 + o.payload() * 0x40); };
  switch (v.tag()) {
    case Tag::kInt: return absl::StrCat(v.small_int());
    case Tag::kStr: return StrRepr(StrOf(v));
    case Tag::kPooled:
      return I().IsFloat(v) ? FloatRepr(I().FloatOf(v)) : absl::StrCat(I().BigIntOf(v));
    case Tag::kSpecial:
      if (v.is_none()) return "None";
      if (v.is_bool()) return v.is_true() ? "True" : "False";
      if (v.is_unbound()) return "<unbound>";
      return "Ellipsis";
    case Tag::kBuiltin: {
      Builtin b = static_cast<Builtin>(v.payload());
      std::string type = TypeName(v);
      if (type == "module") return absl::StrCat("<module '", BuiltinQualName(b), "'>");
      if (type == "type") {
        if (b == Builtin::kThreadType) return "<class 'threading.Thread'>";
        if (b == Builtin::kLockType) return "<class '_thread.lock'>";
        if (b == Builtin::kLocalType) return "<class '_thread._local'>";
        if (b == Builtin::kExceptHookArgsType) return "<class '_thread._ExceptHookArgs'>";
        return absl::StrCat("<class '", BuiltinShortName(b), "'>");
      }
      return absl::StrCat("<built-in function ", BuiltinShortName(b), ">");
    }
    case Tag::kCode: return "<code>";
    case Tag::kModule: {  // CPython: <module 'helpers' from '/abs/path/helpers.py'>
      const ModuleInfo& mod = rt_.program.modules[v.payload()];
      return absl::StrCat("<module '", mod.name, "' from '", mod.path, "'>");
    }
    case Tag::kObj: break;
  }
  const Value* p = m_.payload(v);
  uint32_t n = m_.size(v);
  switch (m_.type(v)) {
    case ObjType::kDeque: {
      std::string out = "deque([";
      for (uint32_t i = 0; i < n; ++i) absl::StrAppend(&out, i ? ", " : "", Repr(p[i]));
      return out + "])";
    }
    case ObjType::kList:
    case ObjType::kTuple: {
      bool list = m_.type(v) == ObjType::kList;
      std::string out = list ? "[" : "(";
      for (uint32_t i = 0; i < n; ++i) absl::StrAppend(&out, i ? ", " : "", Repr(p[i]));
      if (!list && n == 1) out += ",";
      out += list ? "]" : ")";
      return out;
    }
    case ObjType::kDict: {
      std::string out = "{";
      for (uint32_t i = 0; i < n; i += 2)
        absl::StrAppend(&out, i ? ", " : "", Repr(p[i]), ": ", Repr(p[i + 1]));
      return out + "}";
    }
    case ObjType::kSet:
    case ObjType::kFrozenSet:
      return SetRepr(v);
    case ObjType::kIterator: return absl::StrCat("<", TypeName(v), " object at ", addr(v), ">");
    case ObjType::kDictView: return DictViewRepr(v);
    case ObjType::kFunction: {
      const Code& code = rt_.program.codes[p[0].payload()];  // its __qualname__
      if (n > kFnQualname && p[kFnQualname].is_str())  // given by functools.wraps
        return absl::StrCat("<function ", StrOf(p[kFnQualname]), " at ", addr(v), ">");
      return absl::StrCat("<function ", code.qualname.empty() ? code.name : code.qualname,
                          " at ", addr(v), ">");
    }
    case ObjType::kGenerator: {
      const Code& code = rt_.program.codes[p[kGenCode].payload()];
      return absl::StrCat("<generator object ", code.qualname.empty() ? code.name : code.qualname,
                          " at ", addr(v), ">");
    }
    case ObjType::kGenContextFactory: {
      const Value fn = p[0];
      return absl::StrCat("<function ", CallableName(fn), " at ", addr(v), ">");
    }
    case ObjType::kGenContext:
      return absl::StrCat("<contextlib._GeneratorContextManager object at ", addr(v), ">");
    case ObjType::kPartial: {
      std::string out = absl::StrCat("functools.partial(", Repr(p[0]));
      const Value* a = m_.payload(p[1]);
      for (uint32_t i = 0; i < m_.size(p[1]); ++i) absl::StrAppend(&out, ", ", Repr(a[i]));
      const Value* k = m_.payload(p[2]);
      for (uint32_t i = 0; i < m_.size(p[2]); i += 2)
        absl::StrAppend(&out, ", ", StrOf(k[i]), "=", Repr(k[i + 1]));
      return out + ")";
    }
    case ObjType::kWraps: return absl::StrCat("functools.partial(<function update_wrapper>, ...)");
    case ObjType::kStaticMethod:
    case ObjType::kClassMethod:
      return absl::StrCat("<", TypeName(v), "(", Repr(p[0]), ")>");
    case ObjType::kProperty: return absl::StrCat("<property object at ", addr(v), ">");
    case ObjType::kCell: return absl::StrCat("<cell at ", addr(v), ">");
    case ObjType::kLocal: return absl::StrCat("<_thread._local object at ", addr(v), ">");
    case ObjType::kExceptHookArgs:  // a structseq's repr
      return absl::StrCat("_thread._ExceptHookArgs(exc_type=", Repr(p[0]), ", exc_value=",
                          Repr(p[1]), ", exc_traceback=", Repr(p[2]), ", thread=", Repr(p[3]),
                          ")");
    case ObjType::kClass: return absl::StrCat("<class '__main__.", ClassName(v), "'>");
    case ObjType::kInstance:
      if (observing_ > 0 && HasValueDunder(v, "__repr__")) Refuse(v, "__repr__");
      if (p[kInstClass].is_none()) return absl::StrCat("<object object at ", addr(v), ">");
      return absl::StrCat("<__main__.", ClassName(p[kInstClass]), " object at ", addr(v), ">");
    case ObjType::kSuper:
      return absl::StrCat("<super: ", Repr(p[0]), ", <", TypeName(p[1]), " object>>");
    case ObjType::kThread: {
      if (p[kThreadName].is_none()) return absl::StrCat("<", TypeName(v), "(<uninitialized>)>");
      int64_t index = ThreadIndexOf(p);
      std::string status = index < 0 ? "initial"
                                     : (m_.threads[index].finished ? "stopped" : "started");
      if (ThreadDaemonOf(p)) status += " daemon";
      if (index >= 0) absl::StrAppend(&status, " ", index + 1);
      return absl::StrCat("<", TypeName(v), "(", StrOf(p[kThreadName]), ", ", status, ")>");
    }
    case ObjType::kLock:
      return absl::StrCat("<", LockOf(p).locked ? "locked" : "unlocked",
                          " _thread.lock object at ", addr(v), ">");
    case ObjType::kRLock: {
      int64_t owner = p[0].small_int();
      return absl::StrCat("<", owner >= 0 ? "locked" : "unlocked", " _thread.RLock object owner=",
                          owner >= 0 ? owner + 1 : 0, " count=", p[1].small_int(), " at ",
                          addr(v), ">");
    }
    case ObjType::kException: {
      std::string type = TypeName(v);
      if (m_.Is(p[kExcArgs], ObjType::kTuple)) {  // BaseException.__repr__: Name(args...)
        Value args = p[kExcArgs];
        if (m_.size(args) == 1) return absl::StrCat(type, "(", Repr(m_.payload(args)[0]), ")");
        return type + Repr(args);
      }
      if (p[kExcMessage].is_none()) return type + "()";
      return absl::StrCat(type, "(", StrRepr(StrOf(p[kExcMessage])), ")");
    }
    case ObjType::kBoundMethod:
      if (p[1].is_obj()) {
        Value fn = p[1];
        std::string qual(StrOf(p[2]));
        if (m_.size(fn) > 2 && m_.Is(m_.payload(fn)[2], ObjType::kClass))
          qual = absl::StrCat(ClassName(m_.payload(fn)[2]), ".", qual);
        return absl::StrCat("<bound method ", qual, " of ", Repr(p[0]), ">");
      }
      return absl::StrCat("<bound method ", StrOf(p[2]), " of ", Repr(p[0]), ">");
    case ObjType::kCondition:
      return absl::StrCat("<Condition(", Repr(p[0]), ", ", m_.size(p[1]), ")>");
    case ObjType::kEvent:
      return absl::StrCat("<threading.Event at ", addr(v), ": ", p[1].is_true() ? "set" : "unset",
                          ">");
    case ObjType::kSemaphore:
      if (p[2].small_int() >= 0) {
        return absl::StrCat("<threading.BoundedSemaphore at ", addr(v), ": value=",
                            p[1].small_int(), "/", p[2].small_int(), ">");
      }
      return absl::StrCat("<threading.Semaphore at ", addr(v), ": value=", p[1].small_int(), ">");
    case ObjType::kQueue:
      return absl::StrCat("<", QueueClass(v) == Builtin::kSimpleQueueType ? "_queue" : "queue",
                          ".", TypeName(v), " object at ", addr(v), ">");
    case ObjType::kPyMutex:
      return absl::StrCat("<", p[0].small_int() & 1 ? "locked" : "unlocked",
                          " lockcheck.capi.PyMutex object at ", addr(v), ">");
    case ObjType::kCriticalSection:
      return absl::StrCat("<lockcheck.capi.critical_section object at ", addr(v), ">");
    case ObjType::kBarrier:
      if (p[kBarrierState].small_int() == -2) return absl::StrCat("<threading.Barrier at ", addr(v), ": broken>");
      return absl::StrCat("<threading.Barrier at ", addr(v), ": waiters=",
                          p[kBarrierState].small_int() == 0 ? p[kBarrierCount].small_int() : 0, "/",
                          p[kBarrierParties].small_int(), ">");
    case ObjType::kRange: {
      std::string out = absl::StrCat("range(", p[0].small_int(), ", ", p[1].small_int());
      if (p[2].small_int() != 1) absl::StrAppend(&out, ", ", p[2].small_int());
      return out + ")";
    }
  }
  return "<object>";
}

Flow Exec::Unary(ast::Op op, Value a, Value* out) {
  if (op == ast::Op::kNot) {
    *out = Value::Bool(!Truthy(a));
    return Flow::kNext;
  }
  if (IsInt(a)) {
    __int128 x = IntOf(a);
    std::optional<Value> r;
    if (op == ast::Op::kUSub) r = MakeInt(-x);
    else if (op == ast::Op::kUAdd) r = MakeInt(x);
    else r = MakeInt(~x);
    if (!r) return Flow::kStop;
    *out = *r;
    return Flow::kNext;
  }
  if (I().IsFloat(a) && op != ast::Op::kInvert) {
    double x = FloatOf(a);
    *out = I().Float(op == ast::Op::kUSub ? -x : x);
    return Flow::kNext;
  }
  absl::string_view sym = op == ast::Op::kUSub ? "-" : op == ast::Op::kUAdd ? "+" : "~";
  return Raise(Builtin::kExcType,
               absl::StrCat("bad operand type for unary ", sym, ": '", TypeName(a), "'"));
}

std::optional<Value> Exec::NewSequence(ObjType type, size_t size) {
  if (size > static_cast<size_t>(rt_.limits.max_object_size)) {
    InputError(absl::StrCat("object too large: a ",
                            type == ObjType::kTuple ? "tuple" : type == ObjType::kDeque ? "deque" : "list",
                            " of ", size, " items (the limit is ", rt_.limits.max_object_size,
                            ")"));
    return std::nullopt;
  }
  return m_.NewObject(type, static_cast<uint32_t>(size));
}

Flow Exec::Binary(ast::Op op, Value a, Value b, bool in_place, Value* out) {
  using ast::Op;
  if (IsInt(a) && IsInt(b)) {
    __int128 x = IntOf(a), y = IntOf(b);
    std::optional<Value> r;
    switch (op) {
      case Op::kAdd: r = MakeInt(x + y); break;
      case Op::kSub: r = MakeInt(x - y); break;
      case Op::kMul: r = MakeInt(x * y); break;
      case Op::kDiv:
        if (y == 0) return Raise(Builtin::kExcZeroDiv, "division by zero");
        *out = I().Float(static_cast<double>(x) / static_cast<double>(y));
        return Flow::kNext;
      case Op::kFloorDiv:
      case Op::kMod:
        if (y == 0) {
          return Raise(Builtin::kExcZeroDiv, op == Op::kMod ? "integer modulo by zero"
                                                            : "integer division or modulo by zero");
        }
        if (x == INT64_MIN && y == -1) {
          r = MakeInt(op == Op::kFloorDiv ? -x : 0);
          break;
        }
        r = MakeInt(op == Op::kFloorDiv ? FloorDiv(static_cast<int64_t>(x), static_cast<int64_t>(y))
                                        : FloorMod(static_cast<int64_t>(x), static_cast<int64_t>(y)));
        break;
      case Op::kPow: {
        if (y < 0) {
          if (x == 0) return Raise(Builtin::kExcZeroDiv, "0.0 cannot be raised to a negative power");
          *out = I().Float(std::pow(static_cast<double>(x), static_cast<double>(y)));
          return Flow::kNext;
        }
        __int128 result = 1, base = x;
        int64_t e = static_cast<int64_t>(y);
        while (e > 0) {
          if (e & 1) {
            result *= base;
            if (result > INT64_MAX || result < INT64_MIN) break;
          }
          e >>= 1;
          if (e > 0) {
            base *= base;
            if (base > INT64_MAX || base < -static_cast<__int128>(INT64_MAX)) {
              result = static_cast<__int128>(INT64_MAX) + 1;
              break;
            }
          }
        }
        r = MakeInt(result);
        break;
      }
      case Op::kLShift:
      case Op::kRShift:
        if (y < 0) return Raise(Builtin::kExcValue, "negative shift count");
        if (op == Op::kRShift) {
          r = MakeInt(y >= 64 ? (x < 0 ? -1 : 0) : (x >> static_cast<int>(y)));
        } else {
          r = y >= 64 ? (x == 0 ? MakeInt(0) : MakeInt(static_cast<__int128>(INT64_MAX) * 4))
                      : MakeInt(x << static_cast<int>(y));
        }
        break;
      case Op::kBitAnd: r = MakeInt(x & y); break;
      case Op::kBitOr: r = MakeInt(x | y); break;
      case Op::kBitXor: r = MakeInt(x ^ y); break;
      default: break;
    }
    if (r) {
      // bool & bool stays bool
      if (a.is_bool() && b.is_bool() &&
          (op == Op::kBitAnd || op == Op::kBitOr || op == Op::kBitXor)) {
        *out = Value::Bool(IntOf(*r) != 0);
      } else {
        *out = *r;
      }
      return Flow::kNext;
    }
    if (stopped_) return Flow::kStop;
  } else if (IsNumber(a) && IsNumber(b)) {
    double x = FloatOf(a), y = FloatOf(b);
    switch (op) {
      case Op::kAdd: *out = I().Float(x + y); return Flow::kNext;
      case Op::kSub: *out = I().Float(x - y); return Flow::kNext;
      case Op::kMul: *out = I().Float(x * y); return Flow::kNext;
      case Op::kDiv:
        if (y == 0) return Raise(Builtin::kExcZeroDiv, "float division by zero");
        *out = I().Float(x / y);
        return Flow::kNext;
      case Op::kFloorDiv:
        if (y == 0) return Raise(Builtin::kExcZeroDiv, "float floor division by zero");
        *out = I().Float(std::floor(x / y));
        return Flow::kNext;
      case Op::kMod: {
        if (y == 0) return Raise(Builtin::kExcZeroDiv, "float modulo");
        double r = std::fmod(x, y);
        if (r != 0 && ((r < 0) != (y < 0))) r += y;
        *out = I().Float(r);
        return Flow::kNext;
      }
      case Op::kPow: *out = I().Float(std::pow(x, y)); return Flow::kNext;
      default: break;
    }
  } else if (a.is_str() && op == Op::kMod) {
    return PercentFormatOp(a, b, out);
  } else if (Flow f; SetBinary(op, a, b, in_place, out, &f)) {
    return f;
  } else if (a.is_str() && b.is_str() && op == Op::kAdd) {
    std::string s = absl::StrCat(StrOf(a), StrOf(b));
    if (s.size() > static_cast<size_t>(rt_.limits.max_object_size))
      return InputError(absl::StrCat("object too large: a string of ", s.size(),
                                     " characters (the limit is ", rt_.limits.max_object_size,
                                     ")"));
    *out = MakeStr(s);
    return Flow::kNext;
  } else if (op == Op::kMul && ((a.is_str() && IsInt(b)) || (IsInt(a) && b.is_str()))) {
    Value s = a.is_str() ? a : b;
    int64_t n = std::max<int64_t>(0, IntOf(a.is_str() ? b : a));
    size_t len = StrOf(s).size();
    if (len > 0 && static_cast<uint64_t>(n) > static_cast<uint64_t>(rt_.limits.max_object_size) / len)
      return InputError(absl::StrCat("object too large: a string of more than ",
                                     rt_.limits.max_object_size, " characters"));
    std::string r;
    for (int64_t i = 0; i < n; ++i) absl::StrAppend(&r, StrOf(s));
    *out = MakeStr(r);
    return Flow::kNext;
  } else if (a.is_obj() && (m_.Is(a, ObjType::kList) || m_.Is(a, ObjType::kTuple))) {
    ObjType t = m_.type(a);
    if (op == Op::kAdd && m_.Is(b, t)) {
      uint32_t na = m_.size(a), nb = m_.size(b);
      if (in_place && t == ObjType::kList) {
        if (na + nb > static_cast<uint64_t>(rt_.limits.max_object_size)) {
          NewSequence(t, na + nb);
          return Flow::kStop;
        }
        m_.Resize(a, na + nb);
        for (uint32_t i = 0; i < nb; ++i) {
          m_.payload(a)[na + i] = m_.payload(b)[i];
          m_.PublishInto(a, m_.payload(b)[i]);
        }
        *out = a;
        return Flow::kNext;
      }
      std::optional<Value> r = NewSequence(t, na + nb);
      if (!r) return Flow::kStop;
      for (uint32_t i = 0; i < na; ++i) m_.payload(*r)[i] = m_.payload(a)[i];
      for (uint32_t i = 0; i < nb; ++i) m_.payload(*r)[na + i] = m_.payload(b)[i];
      *out = *r;
      return Flow::kNext;
    }
    if (op == Op::kAdd && in_place && t == ObjType::kList) {
      Args items;
      Flow f = Items(b, items);
      if (f != Flow::kNext) return f;
      uint32_t na = m_.size(a);
      m_.Resize(a, na + static_cast<uint32_t>(items.size()));
      for (size_t i = 0; i < items.size(); ++i) {
        m_.payload(a)[na + i] = items[i];
        m_.PublishInto(a, items[i]);
      }
      *out = a;
      return Flow::kNext;
    }
    if (op == Op::kMul && IsInt(b)) {
      int64_t n = std::max<int64_t>(0, IntOf(b));
      uint32_t na = m_.size(a);
      if (na > 0 && static_cast<uint64_t>(n) > static_cast<uint64_t>(rt_.limits.max_object_size) / na) {
        NewSequence(t, static_cast<size_t>(rt_.limits.max_object_size) + 1);
        return Flow::kStop;
      }
      std::optional<Value> r = NewSequence(t, na * n);
      if (!r) return Flow::kStop;
      for (int64_t k = 0; k < n; ++k)
        for (uint32_t i = 0; i < na; ++i) m_.payload(*r)[k * na + i] = m_.payload(a)[i];
      *out = *r;
      return Flow::kNext;
    }
  }
  if (op == Op::kMul && IsInt(a) && (m_.Is(b, ObjType::kList) || m_.Is(b, ObjType::kTuple)))
    return Binary(op, b, a, false, out);
  // CPython's own messages for a sequence's + and * (the differential test prints them).
  auto is_seq = [&](Value v) {
    return v.is_str() || m_.Is(v, ObjType::kList) || m_.Is(v, ObjType::kTuple);
  };
  if (op == Op::kAdd && is_seq(a)) {
    return Raise(Builtin::kExcType, absl::StrCat("can only concatenate ", TypeName(a), " (not \"",
                                                 TypeName(b), "\") to ", TypeName(a)));
  }
  if (op == Op::kMul && (is_seq(a) || is_seq(b)) && !IsInt(is_seq(a) ? b : a)) {
    return Raise(Builtin::kExcType, absl::StrCat("can't multiply sequence by non-int of type '",
                                                 TypeName(is_seq(a) ? b : a), "'"));
  }
  return Raise(Builtin::kExcType,
               absl::StrCat("unsupported operand type(s) for ", OpSymbol(op),
                            in_place ? "=" : "", ": '", TypeName(a), "' and '", TypeName(b),
                            "'"));
}

Flow Exec::Contains(Value container, Value item, bool* out) {
  *out = false;
  if (container.is_str()) {
    if (!item.is_str()) {
      return Raise(Builtin::kExcType, absl::StrCat("'in <string>' requires string as left ",
                                                   "operand, not ", TypeName(item)));
    }
    *out = StrOf(container).find(StrOf(item)) != absl::string_view::npos;
    return Flow::kNext;
  }
  if (m_.Is(container, ObjType::kDict)) {
    int64_t index;
    Flow f = DictFind(container, item, &index);
    *out = index >= 0;
    return f;
  }
  if (IsSetLike(container)) {
    int64_t index;
    Flow f = SetFind(container, item, &index);
    *out = index >= 0;
    return f;
  }
  if (m_.Is(container, ObjType::kDictView)) return ViewContains(container, item, out);
  if (m_.Is(container, ObjType::kIterator)) return IteratorContains(container, item, out);
  if (m_.Is(container, ObjType::kRange)) {
    const Value* r = m_.payload(container);
    if (!IsInt(item)) return Flow::kNext;
    int64_t x = IntOf(item), start = r[0].small_int(), stop = r[1].small_int(),
            step = r[2].small_int();
    *out = (step > 0 ? (x >= start && x < stop) : (x <= start && x > stop)) &&
           (x - start) % step == 0;
    return Flow::kNext;
  }
  if (m_.IsListLike(container) || m_.Is(container, ObjType::kTuple)) {
    for (uint32_t i = 0; i < m_.size(container); ++i) {
      Value v = m_.payload(container)[i];
      if (v == item || Eq(v, item)) {
        *out = true;
        break;
      }
    }
    return Flow::kNext;
  }
  if (m_.Is(container, ObjType::kGenerator)) {
    Args unused;
    return Items(container, unused);  // refused
  }
  return Raise(Builtin::kExcType,
               absl::StrCat("argument of type '", TypeName(container), "' is not iterable"));
}

Flow Exec::Items(Value it, Args& out) {
  out.clear();
  if (m_.Is(it, ObjType::kGenerator)) {
    return InputError("unsupported in scenarios: this use of a generator (lockcheck runs "
                      "generators in for loops, next(), send(), yield from, iter(), "
                      "enumerate(), zip(), map(), filter(), list(), tuple(), set(), "
                      "frozenset(), sorted(), sum(), min(), max(), any(), all(), "
                      "str.join() and *arguments)");
  }
  if (HasValueDunder(it, "__iter__")) {
    return InputError(absl::StrCat("unsupported in scenarios: a builtin iterating over a '",
                                   TypeName(it), "' (a for loop calls its __iter__)"));
  }
  if (it.is_str()) {
    absl::string_view s = StrOf(it);
    for (size_t i = 0; i < s.size();) {
      size_t len = 1;
      while (i + len < s.size() && (static_cast<unsigned char>(s[i + len]) & 0xC0) == 0x80) ++len;
      out.push_back(MakeStr(s.substr(i, len)));
      i += len;
    }
    return Flow::kNext;
  }
  if (m_.Is(it, ObjType::kRange)) {
    const Value* r = m_.payload(it);
    int64_t start = r[0].small_int(), stop = r[1].small_int(), step = r[2].small_int();
    for (int64_t x = start; step > 0 ? x < stop : x > stop; x += step) {
      if (out.size() >= static_cast<size_t>(rt_.limits.max_object_size)) {
        NewSequence(ObjType::kList, static_cast<size_t>(rt_.limits.max_object_size) + 1);
        return Flow::kStop;
      }
      out.push_back(Value::SmallInt(x));
    }
    return Flow::kNext;
  }
  if (m_.Is(it, ObjType::kDict)) {
    for (uint32_t i = 0; i < m_.size(it); i += 2) out.push_back(m_.payload(it)[i]);
    return Flow::kNext;
  }
  if (m_.IsListLike(it) || m_.Is(it, ObjType::kTuple) || IsSetLike(it)) {
    for (uint32_t i = 0; i < m_.size(it); ++i) out.push_back(m_.payload(it)[i]);
    return Flow::kNext;
  }
  if (m_.Is(it, ObjType::kDictView) || m_.Is(it, ObjType::kIterator)) return IteratorItems(it, out);
  return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(it), "' object is not iterable"));
}

Flow Exec::Subscript(Value c, Value index, Value* out) {
  if (m_.Is(c, ObjType::kDict)) {
    int64_t i;
    Flow f = DictFind(c, index, &i);
    if (f != Flow::kNext) return f;
    if (i < 0) return RaiseKeyError(index);
    *out = m_.payload(c)[2 * i + 1];
    return Flow::kNext;
  }
  bool seq = m_.IsListLike(c) || m_.Is(c, ObjType::kTuple) || c.is_str() ||
             m_.Is(c, ObjType::kRange);
  if (!seq) {
    return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(c), "' object is not subscriptable"));
  }
  std::string type = TypeName(c);
  if (!IsInt(index)) {
    return Raise(Builtin::kExcType, absl::StrCat(type == "str" ? "string" : type,
                                                 " indices must be integers or slices, not ",
                                                 TypeName(index)));
  }
  int64_t i = IntOf(index);
  if (c.is_str()) {
    Args chars;
    Items(c, chars);
    int64_t n = static_cast<int64_t>(chars.size());
    if (i < 0) i += n;
    if (i < 0 || i >= n) return Raise(Builtin::kExcIndex, "string index out of range");
    *out = chars[i];
    return Flow::kNext;
  }
  if (m_.Is(c, ObjType::kRange)) {
    const Value* r = m_.payload(c);
    int64_t start = r[0].small_int(), stop = r[1].small_int(), step = r[2].small_int();
    int64_t n = step > 0 ? (stop > start ? (stop - start + step - 1) / step : 0)
                         : (start > stop ? (start - stop - step - 1) / -step : 0);
    if (i < 0) i += n;
    if (i < 0 || i >= n) return Raise(Builtin::kExcIndex, "range object index out of range");
    *out = Value::SmallInt(start + i * step);
    return Flow::kNext;
  }
  int64_t n = m_.size(c);
  if (i < 0) i += n;
  if (i < 0 || i >= n) return Raise(Builtin::kExcIndex, absl::StrCat(type, " index out of range"));
  *out = m_.payload(c)[i];
  return Flow::kNext;
}

Flow Exec::StoreSubscript(Value c, Value index, Value value) {
  if (m_.Is(c, ObjType::kDict)) return DictSet(c, index, value);
  if (!m_.IsListLike(c)) {
    return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(c), "' object does not support ",
                                                 "item assignment"));
  }
  if (!IsInt(index)) {
    return Raise(Builtin::kExcType,
                 absl::StrCat("list indices must be integers or slices, not ", TypeName(index)));
  }
  int64_t i = IntOf(index), n = m_.size(c);
  if (i < 0) i += n;
  if (i < 0 || i >= n) return Raise(Builtin::kExcIndex, "list assignment index out of range");
  m_.payload(c)[i] = value;
  m_.PublishInto(c, value);
  return Flow::kNext;
}

Flow Exec::Slice(Value c, Value lower, Value upper, Value step_v, Value* out) {
  Args items;
  bool is_str = c.is_str();
  if (!is_str && !m_.Is(c, ObjType::kList) && !m_.Is(c, ObjType::kTuple) &&
      !m_.Is(c, ObjType::kRange)) {
    return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(c), "' object is not subscriptable"));
  }
  Flow f = Items(c, items);
  if (f != Flow::kNext) return f;
  for (Value b : {lower, upper, step_v}) {
    if (!b.is_none() && !IsInt(b)) {
      return Raise(Builtin::kExcType, "slice indices must be integers or None or have an "
                                      "__index__ method");
    }
  }
  int64_t n = static_cast<int64_t>(items.size());
  int64_t step = step_v.is_none() ? 1 : IntOf(step_v);
  if (step == 0) return Raise(Builtin::kExcValue, "slice step cannot be zero");
  auto clamp = [&](Value v, int64_t dflt) {
    if (v.is_none()) return dflt;
    int64_t x = IntOf(v);
    if (x < 0) x += n;
    if (step > 0) return std::clamp<int64_t>(x, 0, n);
    return std::clamp<int64_t>(x, -1, n - 1);
  };
  int64_t start = clamp(lower, step > 0 ? 0 : n - 1);
  int64_t stop = clamp(upper, step > 0 ? n : -1);
  Args picked;
  for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step) picked.push_back(items[i]);
  if (is_str) {
    std::string s;
    for (Value v : picked) absl::StrAppend(&s, StrOf(v));
    *out = MakeStr(s);
    return Flow::kNext;
  }
  std::optional<Value> r =
      NewSequence(m_.Is(c, ObjType::kTuple) ? ObjType::kTuple : ObjType::kList, picked.size());
  if (!r) return Flow::kStop;
  for (size_t i = 0; i < picked.size(); ++i) m_.payload(*r)[i] = picked[i];
  *out = *r;
  return Flow::kNext;
}

Flow Exec::DictFind(Value dict, Value key, int64_t* index) {
  *index = -1;
  if (key.is_obj()) {
    Flow f = CheckHashable(key, "a dict key");
    if (f != Flow::kNext) return f;
  }
  uint32_t n = m_.size(dict) / 2;
  for (uint32_t i = 0; i < n; ++i) {
    Value k = m_.payload(dict)[2 * i];
    if (k == key || Eq(k, key)) {
      *index = i;
      break;
    }
  }
  return Flow::kNext;
}

Flow Exec::DictSet(Value dict, Value key, Value value) {
  int64_t i;
  Flow f = DictFind(dict, key, &i);
  if (f != Flow::kNext) return f;
  if (i >= 0) {
    m_.payload(dict)[2 * i + 1] = value;
    m_.PublishInto(dict, value);
    return Flow::kNext;
  }
  uint32_t n = m_.size(dict);
  if (n / 2 + 1 > static_cast<uint64_t>(rt_.limits.max_object_size))
    return InputError(absl::StrCat("object too large: a dict of more than ",
                                   rt_.limits.max_object_size, " items"));
  m_.Resize(dict, n + 2);
  m_.payload(dict)[n] = key;
  m_.payload(dict)[n + 1] = value;
  m_.PublishInto(dict, key);
  m_.PublishInto(dict, value);
  return Flow::kNext;
}

}  // namespace lockcheck
