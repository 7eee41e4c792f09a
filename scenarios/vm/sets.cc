// set and frozenset: displays, set()/frozenset(), the methods, the operators | & - ^ and the
// subset comparisons, with CPython 3.13's results and messages.
//
// A set's payload is its items in insertion order, as a dict's keys are. CPython iterates a
// set in hash-table order instead, which for str items changes from run to run
// (PYTHONHASHSEED) and for objects follows their addresses; DESIGN.md section 3 gives the
// departure. Items are compared with Exec::Eq after the hashability check, so 1, 1.0 and True
// are one item, as they are in CPython. A set another thread can reach is shared state like a
// list or dict (Exec::Shared); a frozenset is immutable, like a tuple.
#include "absl/strings/str_cat.h"
#include "scenarios/vm/exec.h"

namespace lockcheck {

Flow Exec::CheckHashable(Value key, absl::string_view as) {
  if (!key.is_obj()) return Flow::kNext;
  if (!ClassOf(key).is_none()) {
    // The first __hash__ in the MRO; a class that defines __eq__ without __hash__ has
    // __hash__ = None, as CPython makes it.
    Value mro = m_.payload(ClassOf(key))[kClassMro];
    Value hash_name = MakeStr("__hash__"), eq_name = MakeStr("__eq__");
    for (uint32_t i = 0; i < m_.size(mro); ++i) {
      Value c = m_.payload(mro)[i];
      if (!m_.Is(c, ObjType::kClass)) continue;
      Value d = m_.payload(c)[kClassDict];
      bool has_hash = false, has_eq = false;
      Value hash = Value::None();
      for (uint32_t k = 0; k < m_.size(d); k += 2) {
        if (m_.payload(d)[k] == hash_name) {
          has_hash = true;
          hash = m_.payload(d)[k + 1];
        }
        if (m_.payload(d)[k] == eq_name) has_eq = true;
      }
      if (!has_hash && !has_eq) continue;
      if (has_hash && !hash.is_none())
        return InputError(absl::StrCat("unsupported in scenarios: a '", TypeName(key),
                                       "' with __hash__ as ", as));
      return Raise(Builtin::kExcType, absl::StrCat("unhashable type: '", TypeName(key), "'"));
    }
    return Flow::kNext;
  }
  switch (m_.type(key)) {
    case ObjType::kList:
    case ObjType::kDeque:
    case ObjType::kDict:
    case ObjType::kSet:
    case ObjType::kDictView:
      return Raise(Builtin::kExcType, absl::StrCat("unhashable type: '", TypeName(key), "'"));
    case ObjType::kTuple:  // hashable when its items are
      for (uint32_t i = 0; i < m_.size(key); ++i) {
        Flow f = CheckHashable(m_.payload(key)[i], as);
        if (f != Flow::kNext) return f;
      }
      return Flow::kNext;
    default: return Flow::kNext;
  }
}

Flow Exec::RaiseKeyError(Value key) {
  // KeyError(key): str(e) is repr(key), and args and repr(e) hold the key itself.
  Value exc = m_.NewObject(ObjType::kException, kExcSlots);
  Value t = m_.NewObject(ObjType::kTuple, 1);
  m_.payload(t)[0] = key;
  Value* p = m_.payload(exc);
  p[kExcType] = Value::Builtin(static_cast<uint32_t>(Builtin::kExcKey));
  p[kExcMessage] = MakeStr(Repr(key));
  p[kExcReported] = Value::Bool(false);
  p[kExcArgs] = t;
  return Throw(exc);
}

Flow Exec::SetFind(Value set, Value key, int64_t* index) {
  *index = -1;
  // set.__contains__, remove and discard look a set up as the frozenset of its items.
  if (!m_.Is(key, ObjType::kSet)) {
    Flow f = CheckHashable(key, "a set item");
    if (f != Flow::kNext) return f;
  }
  const uint32_t n = m_.size(set);
  for (uint32_t i = 0; i < n; ++i) {
    Value k = m_.payload(set)[i];
    if (k == key || Eq(k, key)) {
      *index = i;
      break;
    }
  }
  return Flow::kNext;
}

Flow Exec::SetAdd(Value set, Value key) {
  if (m_.Is(key, ObjType::kSet))
    return Raise(Builtin::kExcType, "unhashable type: 'set'");
  int64_t i;
  Flow f = SetFind(set, key, &i);
  if (f != Flow::kNext || i >= 0) return f;
  const uint32_t n = m_.size(set);
  if (n + 1 > static_cast<uint64_t>(rt_.limits.max_object_size))
    return InputError(absl::StrCat("object too large: a set of more than ",
                                   rt_.limits.max_object_size, " items"));
  m_.Resize(set, n + 1);
  m_.payload(set)[n] = key;
  m_.PublishInto(set, key);
  return Flow::kNext;
}

Flow Exec::NewSetOf(ObjType type, Value iterable, Value* out) {
  Args items;
  Flow f = Items(iterable, items);
  if (f != Flow::kNext) return f;
  *out = m_.NewObject(type, 0);
  for (Value v : items) {
    f = SetAdd(*out, v);
    if (f != Flow::kNext) return f;
  }
  return Flow::kNext;
}

namespace {

// Whether `key` is in set `set`: the items are hashable, so Eq reads nothing shared.
bool ConstFind(const Machine& m, const Exec& x, Value set, Value key) {
  for (uint32_t i = 0; i < m.size(set); ++i) {
    Value k = m.payload(set)[i];
    if (k == key || x.Eq(k, key)) return true;
  }
  return false;
}

}  // namespace

bool Exec::SetEq(Value a, Value b) const {
  if (m_.size(a) != m_.size(b)) return false;
  for (uint32_t i = 0; i < m_.size(a); ++i)
    if (!ConstFind(m_, *this, b, m_.payload(a)[i])) return false;
  return true;
}

bool Exec::SetOrder(Value a, Value b, ast::Op op) const {
  auto subset = [&](Value x, Value y) {
    if (m_.size(x) > m_.size(y)) return false;
    for (uint32_t i = 0; i < m_.size(x); ++i)
      if (!ConstFind(m_, *this, y, m_.payload(x)[i])) return false;
    return true;
  };
  switch (op) {
    case ast::Op::kLt: return m_.size(a) < m_.size(b) && subset(a, b);
    case ast::Op::kLtE: return subset(a, b);
    case ast::Op::kGt: return m_.size(a) > m_.size(b) && subset(b, a);
    default: return subset(b, a);  // >=
  }
}

std::string Exec::SetRepr(Value v) const {
  const bool frozen = m_.Is(v, ObjType::kFrozenSet);
  const uint32_t n = m_.size(v);
  if (n == 0) return frozen ? "frozenset()" : "set()";
  std::string out = frozen ? "frozenset({" : "{";
  for (uint32_t i = 0; i < n; ++i) absl::StrAppend(&out, i ? ", " : "", Repr(m_.payload(v)[i]));
  return out + (frozen ? "})" : "}");
}

bool Exec::ViewEq(Value a, Value b) const {
  auto mode = [&](Value v) {
    return m_.Is(v, ObjType::kDictView) ? static_cast<IterMode>(m_.payload(v)[1].small_int())
                                        : IterMode::kValues;
  };
  // dict_values compare by identity (a == b was false); dict_keys compare as sets.
  const bool keys_a = mode(a) == IterMode::kKeys, keys_b = mode(b) == IterMode::kKeys;
  if (mode(a) == IterMode::kItems || mode(b) == IterMode::kItems) {
    if (refusal_.empty()) refusal_ = "unsupported in scenarios: comparing a dict_items view";
    return false;
  }
  if (!(keys_a || IsSetLike(a)) || !(keys_b || IsSetLike(b))) return false;
  // The items of each, as (payload, count, stride).
  auto walk = [&](Value v, const Value** p, uint32_t* n, uint32_t* stride) {
    Value c = m_.Is(v, ObjType::kDictView) ? m_.payload(v)[0] : v;  // a keys view: its dict
    *p = m_.payload(c);
    *stride = m_.Is(c, ObjType::kDict) ? 2 : 1;
    *n = m_.size(c) / *stride;
  };
  const Value *pa, *pb;
  uint32_t na, nb, sa, sb;
  walk(a, &pa, &na, &sa);
  walk(b, &pb, &nb, &sb);
  if (na != nb) return false;
  for (uint32_t i = 0; i < na; ++i) {
    bool found = false;
    for (uint32_t j = 0; j < nb && !found; ++j)
      found = pa[i * sa] == pb[j * sb] || Eq(pa[i * sa], pb[j * sb]);
    if (!found) return false;
  }
  return true;
}

bool Exec::SetBinary(ast::Op op, Value a, Value b, bool in_place, Value* out, Flow* f) {
  using ast::Op;
  if (op != Op::kBitOr && op != Op::kBitAnd && op != Op::kSub && op != Op::kBitXor) return false;
  // A keys or items view takes part as the set of its items; the result is a set.
  auto set_view = [&](Value v) {
    return m_.Is(v, ObjType::kDictView) &&
           static_cast<IterMode>(m_.payload(v)[1].small_int()) != IterMode::kValues;
  };
  if ((set_view(a) || set_view(b)) && (set_view(a) || IsSetLike(a)) &&
      (set_view(b) || IsSetLike(b))) {
    Value sa = a, sb = b;
    *f = NewSetOf(ObjType::kSet, a, &sa);
    if (*f == Flow::kNext) *f = NewSetOf(ObjType::kSet, b, &sb);
    if (*f != Flow::kNext) return true;
    return SetBinary(op, sa, sb, /*in_place=*/false, out, f);
  }
  if (!IsSetLike(a) || !IsSetLike(b)) return false;  // Binary's TypeError
  // The result has the left operand's type; `s |= t` on a set changes s itself.
  const bool mutate = in_place && m_.Is(a, ObjType::kSet);
  Value r = mutate ? a : m_.NewObject(m_.type(a), 0);
  Args keep;  // the items of the result, in order
  const uint32_t na = m_.size(a), nb = m_.size(b);
  auto in = [&](Value set, Value key) { return ConstFind(m_, *this, set, key); };
  switch (op) {
    case Op::kBitOr:
      for (uint32_t i = 0; i < na; ++i) keep.push_back(m_.payload(a)[i]);
      for (uint32_t i = 0; i < nb; ++i)
        if (!in(a, m_.payload(b)[i])) keep.push_back(m_.payload(b)[i]);
      break;
    case Op::kBitAnd:
      for (uint32_t i = 0; i < na; ++i)
        if (in(b, m_.payload(a)[i])) keep.push_back(m_.payload(a)[i]);
      break;
    case Op::kSub:
      for (uint32_t i = 0; i < na; ++i)
        if (!in(b, m_.payload(a)[i])) keep.push_back(m_.payload(a)[i]);
      break;
    default:  // ^
      for (uint32_t i = 0; i < na; ++i)
        if (!in(b, m_.payload(a)[i])) keep.push_back(m_.payload(a)[i]);
      for (uint32_t i = 0; i < nb; ++i)
        if (!in(a, m_.payload(b)[i])) keep.push_back(m_.payload(b)[i]);
      break;
  }
  if (keep.size() > static_cast<size_t>(rt_.limits.max_object_size)) {
    *f = InputError(absl::StrCat("object too large: a set of more than ",
                                 rt_.limits.max_object_size, " items"));
    return true;
  }
  m_.Resize(r, static_cast<uint32_t>(keep.size()));
  for (size_t i = 0; i < keep.size(); ++i) {
    m_.payload(r)[i] = keep[i];
    m_.PublishInto(r, keep[i]);
  }
  *out = r;
  *f = Flow::kNext;
  return true;
}

Flow Exec::SetBuiltin(Builtin b, const Value* args, size_t npos, size_t nkw, Value* result) {
  const bool frozen = b == Builtin::kFrozenSetType;
  absl::string_view name = frozen ? "frozenset" : "set";
  if (nkw > 0) return Raise(Builtin::kExcType, absl::StrCat(name, "() takes no keyword arguments"));
  if (npos > 1) {
    return Raise(Builtin::kExcType,
                 absl::StrCat(name, " expected at most 1 argument, got ", npos));
  }
  const ObjType type = frozen ? ObjType::kFrozenSet : ObjType::kSet;
  if (npos == 0) {
    *result = m_.NewObject(type, 0);
    return Flow::kNext;
  }
  if (frozen && m_.Is(args[0], ObjType::kFrozenSet)) {  // frozenset(fs) is fs itself
    *result = args[0];
    return Flow::kNext;
  }
  return NewSetOf(type, args[0], result);
}

Flow Exec::SetMethod(Value self, Attr attr, const Value* args, size_t nargs, Value* result) {
  const bool frozen = m_.Is(self, ObjType::kFrozenSet);
  const std::string type = frozen ? "frozenset" : "set";
  // The methods that read other iterables read their items (to hash them): no shared
  // container's values are read beyond the containers themselves.
  if (!GateValues(self, MethodOnlyReads(attr) ? Access::kRead : Access::kWrite, args, nargs,
                  false, false))
    return Flow::kYield;
  auto exactly = [&](size_t k, absl::string_view method) -> bool {
    if (nargs == k) return true;
    Raise(Builtin::kExcType,
          k == 0 ? absl::StrCat(type, ".", method, "() takes no arguments (", nargs, " given)")
                 : absl::StrCat(type, ".", method, "() takes exactly one argument (", nargs,
                                " given)"));
    return false;
  };
  // The other iterables of union & co. as sets, in order.
  auto others = [&](Args& sets) -> Flow {
    for (size_t i = 0; i < nargs; ++i) {
      Value s = args[i];
      if (!IsSetLike(s)) {
        Flow f = NewSetOf(ObjType::kFrozenSet, s, &s);
        if (f != Flow::kNext) return f;
      }
      sets.push_back(s);
    }
    return Flow::kNext;
  };
  // Folds the operator over self and the others; a fresh copy first when none is given.
  auto fold = [&](ast::Op op, bool in_place) -> Flow {
    Args sets;
    Flow f = others(sets);
    if (f != Flow::kNext) return f;
    Value acc = self;
    if (!in_place) {
      acc = m_.NewObject(m_.type(self), m_.size(self));
      for (uint32_t i = 0; i < m_.size(self); ++i) m_.payload(acc)[i] = m_.payload(self)[i];
    }
    for (Value s : sets) {
      Value r;
      SetBinary(op, acc, s, /*in_place=*/true, &r, &f);
      if (f != Flow::kNext) return f;
      acc = r;
    }
    *result = in_place ? Value::None() : acc;
    return Flow::kNext;
  };
  const bool mutating = attr == Attr::kAdd || attr == Attr::kDiscard || attr == Attr::kRemove ||
                        attr == Attr::kPop || attr == Attr::kClear || attr == Attr::kUpdate ||
                        attr == Attr::kIntersectionUpdate || attr == Attr::kDifferenceUpdate ||
                        attr == Attr::kSymmetricDifferenceUpdate;
  if (frozen && mutating) {
    return Raise(Builtin::kExcAttribute, NoAttributeMessage("frozenset", attr));
  }
  switch (attr) {
    case Attr::kAdd:
      if (!exactly(1, "add")) return Flow::kUnwound;
      return SetAdd(self, args[0]);
    case Attr::kDiscard:
    case Attr::kRemove: {
      if (!exactly(1, attr == Attr::kRemove ? "remove" : "discard")) return Flow::kUnwound;
      int64_t i;
      Flow f = SetFind(self, args[0], &i);
      if (f != Flow::kNext) return f;
      if (i < 0) return attr == Attr::kRemove ? RaiseKeyError(args[0]) : f;
      m_.Erase(self, static_cast<uint32_t>(i));
      return Flow::kNext;
    }
    case Attr::kPop:
      if (!exactly(0, "pop")) return Flow::kUnwound;
      if (m_.size(self) == 0) return RaiseKeyError(MakeStr("pop from an empty set"));
      *result = m_.payload(self)[0];
      m_.Erase(self, 0);
      return Flow::kNext;
    case Attr::kClear:
      if (!exactly(0, "clear")) return Flow::kUnwound;
      m_.Resize(self, 0);
      return Flow::kNext;
    case Attr::kCopy:
      if (!exactly(0, "copy")) return Flow::kUnwound;
      if (frozen) {
        *result = self;
        return Flow::kNext;
      }
      *result = m_.NewObject(ObjType::kSet, m_.size(self));
      for (uint32_t i = 0; i < m_.size(self); ++i) m_.payload(*result)[i] = m_.payload(self)[i];
      return Flow::kNext;
    case Attr::kUpdate: return fold(ast::Op::kBitOr, true);
    case Attr::kUnion: return fold(ast::Op::kBitOr, false);
    case Attr::kIntersection: return fold(ast::Op::kBitAnd, false);
    case Attr::kIntersectionUpdate: return fold(ast::Op::kBitAnd, true);
    case Attr::kDifference: return fold(ast::Op::kSub, false);
    case Attr::kDifferenceUpdate: return fold(ast::Op::kSub, true);
    case Attr::kSymmetricDifference:
    case Attr::kSymmetricDifferenceUpdate:
      if (!exactly(1, attr == Attr::kSymmetricDifference ? "symmetric_difference"
                                                         : "symmetric_difference_update"))
        return Flow::kUnwound;
      return fold(ast::Op::kBitXor, attr == Attr::kSymmetricDifferenceUpdate);
    case Attr::kIssubset:
    case Attr::kIssuperset:
    case Attr::kIsdisjoint: {
      const char* method = attr == Attr::kIssubset     ? "issubset"
                           : attr == Attr::kIssuperset ? "issuperset"
                                                       : "isdisjoint";
      if (!exactly(1, method)) return Flow::kUnwound;
      Args sets;
      Flow f = others(sets);
      if (f != Flow::kNext) return f;
      if (attr == Attr::kIsdisjoint) {
        bool disjoint = true;
        for (uint32_t i = 0; i < m_.size(self) && disjoint; ++i)
          disjoint = !ConstFind(m_, *this, sets[0], m_.payload(self)[i]);
        *result = Value::Bool(disjoint);
      } else {
        *result = Value::Bool(
            SetOrder(self, sets[0], attr == Attr::kIssubset ? ast::Op::kLtE : ast::Op::kGtE));
      }
      return Flow::kNext;
    }
    default:
      return Raise(Builtin::kExcAttribute, NoAttributeMessage(ErrorTypeName(self), attr));
  }
}

Flow Exec::CollectionOp(const Instr& in) {
  switch (in.op) {
    case Opcode::kBuildSet: {
      Value set = m_.NewObject(in.b == 1 ? ObjType::kFrozenSet : ObjType::kSet, 0);
      const size_t base = S().size() - in.arg;
      for (int32_t i = 0; i < in.arg; ++i) {
        Flow f = SetAdd(set, S()[base + i]);
        if (f != Flow::kNext) return f;
      }
      S().resize(base);
      Push(set);
      return Flow::kNext;
    }
    case Opcode::kSetAdd: {  // a fresh set only this thread reaches: invisible
      Flow f = SetAdd(S()[S().size() - 1 - in.arg], Top());
      if (f != Flow::kNext) return f;
      Pop();
      return Flow::kNext;
    }
    default: {  // kMapAdd
      Flow f = DictSet(S()[S().size() - 2 - in.arg], Top(1), Top());
      if (f != Flow::kNext) return f;
      Pop();
      Pop();
      return Flow::kNext;
    }
  }
}

}  // namespace lockcheck
