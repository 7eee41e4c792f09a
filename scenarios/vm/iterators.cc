// Live iterators and dict views, as CPython has them.
//
// iter(x), enumerate, zip, reversed, map, filter and the iterators of dict views are heap
// objects (ObjType::kIterator, payload IterSlot) that walk the object they were made from at
// each step, not a copy of it: an item appended to a list while `enumerate(lst)` walks it is
// seen, and a dict or set whose size changes between two steps raises CPython's
// RuntimeError (deque: on a change of its length; CPython counts every mutation). A dict view
// (ObjType::kDictView) is the dict and which of keys/values/items it shows.
//
// One mechanism steps them all: IterStep(root, node) advances node (the root is the iterator
// the instruction consumes: a for loop's, or the one list()/sorted()/... drains). A map or
// filter whose function is Python code pushes a frame for the call, under the marker
// Mark::kIterCall with the node and the root below it, and the instruction is run again when
// the frame returns (IterCallReturned): what the nodes had fetched before the call waits in
// their kIterArgs slot, the call's result in kIterResult, and a drain's items so far in the
// root's kIterDrain slot, so the second run goes on where the first stopped. An exception out
// of the call clears them (ResetIterChain), as CPython drops the items it had fetched.
// A generator among the sources (IterKind::kGen) is resumed the same way, under the same marker:
// the value it yields waits in its node's kIterResult. Builtin functions given to map/filter run
// at once; they are the pure ones (str, len, ...)
// and meet no shared state, so such a step holds no second visible operation.
#include "absl/strings/str_cat.h"
#include "scenarios/vm/exec.h"

namespace lockcheck {
namespace {

IterKind KindOf(const Value* p) { return static_cast<IterKind>(p[kIterKind].small_int()); }

}  // namespace

Value Exec::NewIterator(IterKind kind, Value source) {
  Value it = m_.NewObject(ObjType::kIterator, kIterSlots);
  Value* p = m_.payload(it);
  p[kIterKind] = Value::SmallInt(static_cast<int64_t>(kind));
  p[kIterSource] = source;
  p[kIterPos] = Value::SmallInt(0);
  p[kIterExtra] = Value::None();
  p[kIterMode] = Value::SmallInt(0);
  p[kIterArgs] = Value::Unbound();
  p[kIterResult] = Value::Unbound();
  p[kIterDrain] = Value::Unbound();
  p[kIterCaller] = Value::SmallInt(0);
  return it;
}

std::string Exec::IteratorTypeName(Value v) const {
  const Value* p = m_.payload(v);
  Value src = p[kIterSource];
  switch (KindOf(p)) {
    case IterKind::kSeq:
      if (src.is_str()) return "str_ascii_iterator";
      switch (m_.type(src)) {
        case ObjType::kList: return "list_iterator";
        case ObjType::kTuple: return "tuple_iterator";
        case ObjType::kRange: return "range_iterator";
        case ObjType::kDeque: return "_deque_iterator";
        case ObjType::kSet:
        case ObjType::kFrozenSet:
          return "set_iterator";
        default: {
          const auto mode = static_cast<IterMode>(p[kIterMode].small_int());
          return mode == IterMode::kKeys     ? "dict_keyiterator"
                 : mode == IterMode::kValues ? "dict_valueiterator"
                                             : "dict_itemiterator";
        }
      }
    case IterKind::kEnumerate: return "enumerate";
    case IterKind::kZip: return "zip";
    case IterKind::kReversed:
      if (m_.Is(src, ObjType::kList)) return "list_reverseiterator";
      if (m_.Is(src, ObjType::kDict)) return "dict_reversekeyiterator";
      if (m_.Is(src, ObjType::kDeque)) return "_deque_reverse_iterator";
      return "reversed";
    case IterKind::kMap: return "map";
    case IterKind::kFilter: return "filter";
    case IterKind::kGen: return "generator";
  }
  return "iterator";
}

std::string Exec::DictViewTypeName(Value v) const {
  switch (static_cast<IterMode>(m_.payload(v)[1].small_int())) {
    case IterMode::kKeys: return "dict_keys";
    case IterMode::kValues: return "dict_values";
    default: return "dict_items";
  }
}

std::string Exec::DictViewRepr(Value v) const {
  const Value dict = m_.payload(v)[0];
  const auto mode = static_cast<IterMode>(m_.payload(v)[1].small_int());
  const Value* d = m_.payload(dict);
  std::string out = DictViewTypeName(v) + "([";
  for (uint32_t i = 0; i < m_.size(dict); i += 2) {
    if (i) out += ", ";
    if (mode == IterMode::kItems) absl::StrAppend(&out, "(", Repr(d[i]), ", ", Repr(d[i + 1]), ")");
    else out += Repr(d[i + (mode == IterMode::kValues)]);
  }
  return out + "])";
}

Value Exec::NewDictView(Value dict, IterMode mode) {
  Value view = m_.NewObject(ObjType::kDictView, 2);
  m_.payload(view)[0] = dict;
  m_.payload(view)[1] = Value::SmallInt(static_cast<int64_t>(mode));
  return view;
}

Flow Exec::IterOf(Value x, Value* out) {
  if (m_.Is(x, ObjType::kIterator)) {  // an iterator is its own iterator
    *out = x;
    return Flow::kNext;
  }
  if (HasValueDunder(x, "__iter__")) {
    return InputError(absl::StrCat("unsupported in scenarios: a builtin iterating over a '",
                                   TypeName(x), "' (a for loop calls its __iter__)"));
  }
  if (m_.Is(x, ObjType::kGenerator)) {  // stepped by resuming it (IterStepNode)
    *out = NewIterator(IterKind::kGen, x);
    return Flow::kNext;
  }
  Value source = x;
  IterMode mode = IterMode::kKeys;
  if (m_.Is(x, ObjType::kDictView)) {
    source = m_.payload(x)[0];
    mode = static_cast<IterMode>(m_.payload(x)[1].small_int());
  } else if (!x.is_str() && !m_.IsListLike(x) && !m_.Is(x, ObjType::kTuple) &&
             !m_.Is(x, ObjType::kRange) && !m_.Is(x, ObjType::kDict) && !IsSetLike(x)) {
    return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(x), "' object is not iterable"));
  }
  *out = NewIterator(IterKind::kSeq, source);
  Value* p = m_.payload(*out);
  p[kIterMode] = Value::SmallInt(static_cast<int64_t>(mode));
  // What CPython's dict, set and deque iterators compare at every step.
  if (m_.Is(source, ObjType::kDict)) p[kIterExtra] = Value::SmallInt(m_.size(source) / 2);
  else if (IsSetLike(source) || m_.Is(source, ObjType::kDeque))
    p[kIterExtra] = Value::SmallInt(m_.size(source));
  return Flow::kNext;
}

Flow Exec::SizeChanged(Value source) {
  if (m_.Is(source, ObjType::kDict))
    return Raise(Builtin::kExcRuntime, "dictionary changed size during iteration");
  if (m_.Is(source, ObjType::kDeque))
    return Raise(Builtin::kExcRuntime, "deque mutated during iteration");
  return Raise(Builtin::kExcRuntime, "Set changed size during iteration");
}

void Exec::ResetIterChain(Value node) {
  if (!m_.Is(node, ObjType::kIterator)) return;
  Value* p = m_.payload(node);
  p[kIterArgs] = Value::Unbound();
  p[kIterResult] = Value::Unbound();
  p[kIterDrain] = Value::Unbound();
  p[kIterCaller] = Value::SmallInt(0);
  Value src = p[kIterSource];
  const IterKind kind = KindOf(p);
  if (kind == IterKind::kZip || kind == IterKind::kMap) {
    for (uint32_t i = 0; i < m_.size(src); ++i) ResetIterChain(m_.payload(src)[i]);
  } else if (kind == IterKind::kEnumerate || kind == IterKind::kFilter) {
    ResetIterChain(src);
  }
}

void Exec::IterTouches(Value v, Args& reads, Args& writes) const {
  if (!v.is_obj()) return;
  if (m_.Is(v, ObjType::kDictView)) {
    reads.push_back(m_.payload(v)[0]);
    return;
  }
  if (!m_.Is(v, ObjType::kIterator)) {
    reads.push_back(v);
    return;
  }
  const Value* p = m_.payload(v);
  if (m_.IsShared(v)) writes.push_back(v);
  const Value src = p[kIterSource];
  switch (KindOf(p)) {
    case IterKind::kSeq:
    case IterKind::kReversed:
      reads.push_back(src);
      return;
    case IterKind::kEnumerate: IterTouches(src, reads, writes); return;
    case IterKind::kGen:  // resuming it writes it; a value it yielded is the node's
      if (p[kIterResult].is_unbound() && p[kIterPos].small_int() >= 0 && m_.IsShared(src))
        writes.push_back(src);
      return;
    case IterKind::kFilter:
      if (p[kIterResult].is_unbound()) IterTouches(src, reads, writes);
      return;
    case IterKind::kZip:
    case IterKind::kMap: {
      if (!p[kIterResult].is_unbound()) return;
      // The iterators still to be asked this round.
      const uint32_t done = m_.Is(p[kIterArgs], ObjType::kList) ? m_.size(p[kIterArgs]) : 0;
      for (uint32_t i = done; i < m_.size(src); ++i) IterTouches(m_.payload(src)[i], reads, writes);
      return;
    }
  }
}

Flow Exec::SeqStep(Value it, Value* item, bool* has) {
  Value* p = m_.payload(it);
  Value src = p[kIterSource];
  int64_t i = p[kIterPos].small_int();
  *has = false;
  if (i < 0) return Flow::kNext;  // exhausted for good
  if (p[kIterExtra].is_small_int()) {
    const int64_t now = m_.Is(src, ObjType::kDict) ? m_.size(src) / 2 : m_.size(src);
    if (now != p[kIterExtra].small_int()) {
      p[kIterExtra] = Value::SmallInt(-1);  // sticky, as CPython's
      return SizeChanged(src);
    }
  }
  if (src.is_str()) {
    absl::string_view s = StrOf(src);
    if (static_cast<size_t>(i) < s.size()) {
      size_t len = 1;
      while (i + len < s.size() && (static_cast<unsigned char>(s[i + len]) & 0xC0) == 0x80) ++len;
      *item = MakeStr(s.substr(i, len));
      m_.payload(it)[kIterPos] = Value::SmallInt(i + static_cast<int64_t>(len));
      *has = true;
      return Flow::kNext;
    }
  } else if (m_.Is(src, ObjType::kRange)) {
    const Value* r = m_.payload(src);
    const int64_t start = r[0].small_int(), stop = r[1].small_int(), step = r[2].small_int();
    const int64_t x = start + i * step;
    if (step > 0 ? x < stop : x > stop) {
      *item = Value::SmallInt(x);
      p[kIterPos] = Value::SmallInt(i + 1);
      *has = true;
      return Flow::kNext;
    }
  } else if (m_.Is(src, ObjType::kDict)) {
    if (2 * static_cast<uint64_t>(i) < m_.size(src)) {
      const Value* d = m_.payload(src);
      const auto mode = static_cast<IterMode>(p[kIterMode].small_int());
      if (mode == IterMode::kItems) {
        Value t = m_.NewObject(ObjType::kTuple, 2);
        m_.payload(t)[0] = m_.payload(src)[2 * i];
        m_.payload(t)[1] = m_.payload(src)[2 * i + 1];
        *item = t;
      } else {
        *item = d[2 * i + (mode == IterMode::kValues)];
      }
      m_.payload(it)[kIterPos] = Value::SmallInt(i + 1);
      *has = true;
      return Flow::kNext;
    }
  } else if (static_cast<uint64_t>(i) < m_.size(src)) {
    *item = m_.payload(src)[i];
    p[kIterPos] = Value::SmallInt(i + 1);
    *has = true;
    return Flow::kNext;
  }
  m_.payload(it)[kIterPos] = Value::SmallInt(-1);
  return Flow::kNext;
}

Flow Exec::ReversedStep(Value it, Value* item, bool* has) {
  Value* p = m_.payload(it);
  Value src = p[kIterSource];
  const int64_t i = p[kIterPos].small_int();
  *has = false;
  if (p[kIterExtra].is_small_int()) {  // a dict's keys or a deque backwards
    const int64_t now = m_.Is(src, ObjType::kDict) ? m_.size(src) / 2 : m_.size(src);
    if (now != p[kIterExtra].small_int()) {
      p[kIterExtra] = Value::SmallInt(-1);
      return SizeChanged(src);
    }
  }
  if (i >= 0) {
    if (src.is_str()) {
      Args chars;
      Items(src, chars);
      if (static_cast<size_t>(i) < chars.size()) *item = chars[i], *has = true;
    } else if (m_.Is(src, ObjType::kRange)) {
      const Value* r = m_.payload(src);
      *item = Value::SmallInt(r[0].small_int() + i * r[2].small_int());
      *has = true;
    } else if (m_.Is(src, ObjType::kDict)) {
      if (2 * static_cast<uint64_t>(i) < m_.size(src)) *item = m_.payload(src)[2 * i], *has = true;
    } else if (static_cast<uint64_t>(i) < m_.size(src)) {
      *item = m_.payload(src)[i];
      *has = true;
    }
  }
  m_.payload(it)[kIterPos] = Value::SmallInt(*has ? i - 1 : -1);
  return Flow::kNext;
}

// fn(*args) for map and filter: a Python function's frame (the instruction runs again when it
// returns), or a pure builtin's result at once (*called false).
Flow Exec::CallIterFn(Value root, Value node, Value fn, const Args& args, Value* result,
                      bool* called) {
  *called = false;
  const bool python = m_.Is(fn, ObjType::kFunction) ||
                      (m_.Is(fn, ObjType::kBoundMethod) && m_.payload(fn)[1].is_obj());
  if (python) {
    Push(node);
    Push(root);
    Push(Value::Marker(static_cast<uint32_t>(Mark::kIterCall)));
    Push(fn);
    for (Value a : args) Push(a);
    *called = true;
    Flow f = Call(args.size(), nullptr, 0, 1);
    if (f == Flow::kUnwound) ResetIterChain(root);
    return f;
  }
  // The builtins that only compute a value from their arguments.
  bool pure = false;
  if (fn.is_builtin()) {
    switch (static_cast<Builtin>(fn.payload())) {
      case Builtin::kStrType: case Builtin::kRepr: case Builtin::kIntType: case Builtin::kFloatType:
      case Builtin::kBoolType: case Builtin::kAbs: case Builtin::kLen: case Builtin::kListType:
      case Builtin::kTupleType: case Builtin::kSetType: case Builtin::kFrozenSetType:
      case Builtin::kSorted: case Builtin::kMin: case Builtin::kMax: case Builtin::kSum:
      case Builtin::kAny: case Builtin::kAll: case Builtin::kHash: case Builtin::kId:
      case Builtin::kTypeType: case Builtin::kCallable: case Builtin::kDivmod:
        pure = true;
        break;
      default: break;
    }
  } else if (m_.Is(fn, ObjType::kBoundMethod)) {  // a method of a str or of a local container
    Value self = m_.payload(fn)[0];
    pure = self.is_str() || ((m_.IsListLike(self) || m_.Is(self, ObjType::kDict) ||
                              IsSetLike(self)) && !ReachesShared(self));
  } else if (m_.Is(fn, ObjType::kClass)) {
    return InputError("unsupported in scenarios: map() or filter() calling a class (use a "
                      "comprehension)");
  } else {
    ResetIterChain(root);
    return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(fn), "' object is not callable"));
  }
  for (Value a : args) {
    if (!pure) break;
    pure = ClassOf(a).is_none() && !ReachesShared(a, /*repr=*/true);
  }
  if (!pure) {
    return InputError(absl::StrCat("unsupported in scenarios: map() or filter() calling ",
                                   Repr(fn), " here (only Python functions and pure builtins on ",
                                   "values no other thread reaches; use a comprehension)"));
  }
  Push(fn);
  for (Value a : args) Push(a);
  Flow f = Call(args.size(), nullptr, 0, 1);
  if (f == Flow::kNext) {
    *result = Pop();
  } else if (f == Flow::kUnwound) {
    ResetIterChain(root);
  } else if (f != Flow::kStop) {
    return InputError("internal error: a pure builtin called by map() did not return");
  }
  return f;
}

Flow Exec::IterGenReturned() {
  Pop();  // the root
  Value node = Pop();
  m_.payload(node)[kIterPos] = Value::SmallInt(-1);
  return Flow::kJumped;  // the instruction runs again and finds the generator exhausted
}

Flow Exec::IterCallReturned(Value result) {
  Pop();  // the root (ResetIterChain's, had it raised)
  Value node = Pop();
  m_.payload(node)[kIterResult] = result;
  return Flow::kJumped;  // the instruction runs again and takes the result
}

Flow Exec::IterStep(Value root, Value it, Value* item, bool* has) {
  // What a node keeps while a call below it runs is its stepping thread's: another thread
  // stepping it then would take it as its own.
  const int64_t caller = m_.payload(it)[kIterCaller].small_int();
  if (caller != 0 && caller != tid_ + 1) {
    return InputError("unsupported in scenarios: two threads stepping one map or filter "
                      "iterator while its function runs");
  }
  Flow f = IterStepNode(root, it, item, has);
  if (f != Flow::kStop) m_.payload(it)[kIterCaller] = Value::SmallInt(f == Flow::kJumped ? tid_ + 1 : 0);
  return f;
}

Flow Exec::IterStepNode(Value root, Value it, Value* item, bool* has) {
  *has = false;
  Value* p = m_.payload(it);
  const IterKind kind = KindOf(p);
  switch (kind) {
    case IterKind::kSeq: return SeqStep(it, item, has);
    case IterKind::kReversed: return ReversedStep(it, item, has);
    case IterKind::kGen: {
      if (!p[kIterResult].is_unbound()) {  // the generator yielded it
        *item = p[kIterResult];
        p[kIterResult] = Value::Unbound();
        *has = true;
        return Flow::kNext;
      }
      if (p[kIterPos].small_int() < 0) return Flow::kNext;
      // Resumed under the marker, as a map's function is called: its yield (DeliverYield) or
      // its return (IterGenReturned) runs the instruction again. Resume's own error (a
      // generator already executing) unwinds past the two values pushed here.
      Value gen = p[kIterSource];
      Push(it);
      Push(root);
      Flow f = Resume(gen, Value::None(), Mark::kIterCall);
      if (f == Flow::kUnwound) ResetIterChain(root);
      return f;
    }
    case IterKind::kEnumerate: {
      Value x;
      Flow f = IterStep(root, p[kIterSource], &x, has);
      if (f != Flow::kNext || !*has) return f;
      p = m_.payload(it);
      std::optional<Value> count = MakeInt(static_cast<__int128>(IntOf(p[kIterExtra])) + 1);
      if (!count) return Flow::kStop;
      Value t = m_.NewObject(ObjType::kTuple, 2);
      m_.payload(t)[0] = m_.payload(it)[kIterExtra];
      m_.payload(t)[1] = x;
      m_.payload(it)[kIterExtra] = *count;
      *item = t;
      return Flow::kNext;
    }
    case IterKind::kZip:
    case IterKind::kMap: {
      if (!p[kIterResult].is_unbound()) {  // map's function returned
        *item = p[kIterResult];
        p[kIterResult] = Value::Unbound();
        p[kIterArgs] = Value::Unbound();
        *has = true;
        return Flow::kNext;
      }
      const Value its = p[kIterSource];
      const uint32_t n = m_.size(its);
      Args got;
      if (m_.Is(p[kIterArgs], ObjType::kList)) {
        for (uint32_t i = 0; i < m_.size(p[kIterArgs]); ++i) got.push_back(m_.payload(p[kIterArgs])[i]);
      }
      if (n == 0) return Flow::kNext;  // zip(): empty
      while (got.size() < n) {
        Value x;
        bool h;
        Flow f = IterStep(root, m_.payload(its)[got.size()], &x, &h);
        if (f == Flow::kJumped) {  // an inner map's call: keep what this round has fetched
          Value keep = m_.NewObject(ObjType::kList, static_cast<uint32_t>(got.size()));
          for (size_t i = 0; i < got.size(); ++i) m_.payload(keep)[i] = got[i];
          m_.payload(it)[kIterArgs] = keep;
          return f;
        }
        if (f != Flow::kNext) return f;
        if (!h) {
          m_.payload(it)[kIterArgs] = Value::Unbound();
          return Flow::kNext;
        }
        got.push_back(x);
      }
      m_.payload(it)[kIterArgs] = Value::Unbound();
      if (kind == IterKind::kZip) {
        Value t = m_.NewObject(ObjType::kTuple, n);
        for (uint32_t i = 0; i < n; ++i) m_.payload(t)[i] = got[i];
        *item = t;
        *has = true;
        return Flow::kNext;
      }
      Value result;
      bool called;
      Flow f = CallIterFn(root, it, m_.payload(it)[kIterExtra], got, &result, &called);
      if (f != Flow::kNext || called) return f;
      *item = result;
      *has = true;
      return Flow::kNext;
    }
    case IterKind::kFilter: {
      for (;;) {
        p = m_.payload(it);
        Value x, verdict;
        if (!p[kIterResult].is_unbound()) {  // the predicate returned
          x = p[kIterArgs];
          verdict = p[kIterResult];
          p[kIterArgs] = p[kIterResult] = Value::Unbound();
        } else {
          bool h;
          Flow f = IterStep(root, p[kIterSource], &x, &h);
          if (f != Flow::kNext || !h) return f;
          Value fn = m_.payload(it)[kIterExtra];
          if (fn.is_none() || (fn.is_builtin() && static_cast<Builtin>(fn.payload()) == Builtin::kBoolType)) {
            verdict = x;
          } else {
            m_.payload(it)[kIterArgs] = x;
            bool called;
            Args one = {x};
            f = CallIterFn(root, it, fn, one, &verdict, &called);
            if (f != Flow::kNext || called) return f;
            m_.payload(it)[kIterArgs] = Value::Unbound();
          }
        }
        if (Truthy(verdict)) {
          *item = x;
          *has = true;
          return Flow::kNext;
        }
      }
    }
  }
  return InputError("internal error: unknown iterator kind");
}

Flow Exec::IteratorItems(Value it, Args& out) {
  out.clear();
  if (m_.Is(it, ObjType::kDictView)) {  // its dict's keys, values or items, as they are now
    Value walker;
    Flow f = IterOf(it, &walker);
    if (f != Flow::kNext) return f;
    it = walker;
  }
  Value* p = m_.payload(it);
  if (m_.Is(p[kIterDrain], ObjType::kList)) {  // this instruction's earlier run fetched these
    for (uint32_t i = 0; i < m_.size(p[kIterDrain]); ++i) out.push_back(m_.payload(p[kIterDrain])[i]);
  }
  for (;;) {
    Value x;
    bool has;
    Flow f = IterStep(it, it, &x, &has);
    if (f == Flow::kJumped) {
      Value keep = m_.NewObject(ObjType::kList, static_cast<uint32_t>(out.size()));
      for (size_t i = 0; i < out.size(); ++i) m_.payload(keep)[i] = out[i];
      m_.payload(it)[kIterDrain] = keep;
      return f;
    }
    if (f != Flow::kNext) return f;
    if (!has) break;
    if (out.size() >= static_cast<size_t>(rt_.limits.max_object_size)) {
      NewSequence(ObjType::kList, static_cast<size_t>(rt_.limits.max_object_size) + 1);
      return Flow::kStop;
    }
    out.push_back(x);
  }
  m_.payload(it)[kIterDrain] = Value::Unbound();
  return Flow::kNext;
}

Flow Exec::IteratorContains(Value it, Value item, bool* out) {
  *out = false;
  for (;;) {
    Value x;
    bool has;
    Flow f = IterStep(it, it, &x, &has);
    if (f != Flow::kNext || !has) return f;
    if (x == item || Eq(x, item)) {
      *out = true;
      return Flow::kNext;
    }
  }
}

Flow Exec::ViewContains(Value view, Value item, bool* out) {
  const Value dict = m_.payload(view)[0];
  const auto mode = static_cast<IterMode>(m_.payload(view)[1].small_int());
  *out = false;
  if (mode == IterMode::kKeys) return Contains(dict, item, out);
  if (mode == IterMode::kValues) {
    for (uint32_t i = 1; i < m_.size(dict); i += 2) {
      Value v = m_.payload(dict)[i];
      if (v == item || Eq(v, item)) {
        *out = true;
        break;
      }
    }
    return Flow::kNext;
  }
  // (key, value) in d.items(): the key looked up, then its value compared.
  if (!m_.Is(item, ObjType::kTuple) || m_.size(item) != 2) return Flow::kNext;
  int64_t i;
  Flow f = DictFind(dict, m_.payload(item)[0], &i);
  if (f != Flow::kNext || i < 0) return f;
  Value v = m_.payload(dict)[2 * i + 1];
  *out = v == m_.payload(item)[1] || Eq(v, m_.payload(item)[1]);
  return Flow::kNext;
}

Flow Exec::GetIterObject(Value x) {
  Value it;
  Flow f = IterOf(x, &it);
  if (f != Flow::kNext) return f;
  Top() = it;
  Push(Value::SmallInt(0));
  Push(Value::None());
  return Flow::kNext;
}

Flow Exec::IterForNext(const Instr& in) {
  Value it = Top(2);
  if (!GateValues(Value::None(), Access::kRead, &it, 1, false, false)) return Flow::kYield;
  Value item;
  bool has;
  Flow f = IterStep(it, it, &item, &has);
  if (f != Flow::kNext) return f;
  if (has) {
    if (tracing()) Outcome(absl::StrCat("next item ", Repr(item)));
    Push(item);
    return Flow::kNext;
  }
  if (tracing()) Outcome("exhausted");
  S().resize(S().size() - 3);
  F().pc = in.arg;
  return Flow::kJumped;
}

Flow Exec::IterBuiltin(Builtin b, const Value* args, size_t npos, const Value* kwnames,
                       size_t nkw, Value* result) {
  const std::string name(BuiltinShortName(b));
  if (nkw > 0 && b != Builtin::kEnumerate) {
    if (b == Builtin::kZip && StrOf(kwnames[0]) == "strict")
      return InputError("unsupported in scenarios: zip(strict=...)");
    return Raise(Builtin::kExcType, absl::StrCat(name, "() takes no keyword arguments"));
  }
  switch (b) {
    case Builtin::kIter:
      if (npos != 1) {
        if (npos == 2) return InputError("unsupported in scenarios: iter(callable, sentinel)");
        return Raise(Builtin::kExcType, absl::StrCat("iter expected 1 argument, got ", npos));
      }
      if (m_.Is(args[0], ObjType::kGenerator)) {  // a generator is its own iterator
        *result = args[0];
        return Flow::kNext;
      }
      return IterOf(args[0], result);
    case Builtin::kEnumerate: {
      Value a[2];
      Flow f = Bind("enumerate", {"iterable", "start"}, 1, args, npos + nkw, kwnames, nkw, a);
      if (f != Flow::kNext) return f;
      Value start = a[1].is_unbound() ? Value::SmallInt(0) : a[1];
      if (!IsInt(start)) {
        return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(start), "' object cannot be ",
                                                     "interpreted as an integer"));
      }
      Value inner;
      f = IterOf(a[0], &inner);
      if (f != Flow::kNext) return f;
      *result = NewIterator(IterKind::kEnumerate, inner);
      m_.payload(*result)[kIterExtra] = start.is_bool() ? Value::SmallInt(IntOf(start)) : start;
      return Flow::kNext;
    }
    case Builtin::kZip:
    case Builtin::kMap: {
      const size_t first = b == Builtin::kMap ? 1 : 0;
      if (b == Builtin::kMap && npos < 2)
        return Raise(Builtin::kExcType, "map() must have at least two arguments.");
      Value its = m_.NewObject(ObjType::kTuple, static_cast<uint32_t>(npos - first));
      for (size_t i = first; i < npos; ++i) {
        Value inner;
        Flow f = IterOf(args[i], &inner);
        if (f != Flow::kNext) return f;
        m_.payload(its)[i - first] = inner;
      }
      *result = NewIterator(b == Builtin::kMap ? IterKind::kMap : IterKind::kZip, its);
      if (b == Builtin::kMap) m_.payload(*result)[kIterExtra] = args[0];
      return Flow::kNext;
    }
    case Builtin::kFilter: {
      if (npos != 2) return Raise(Builtin::kExcType, absl::StrCat("filter expected 2 arguments, got ", npos));
      Value inner;
      Flow f = IterOf(args[1], &inner);
      if (f != Flow::kNext) return f;
      *result = NewIterator(IterKind::kFilter, inner);
      m_.payload(*result)[kIterExtra] = args[0];
      return Flow::kNext;
    }
    default: {  // reversed
      if (npos != 1) return Raise(Builtin::kExcType, absl::StrCat("reversed expected 1 argument, got ", npos));
      Value seq = args[0];
      int64_t n;
      if (seq.is_str()) {
        Args chars;
        Items(seq, chars);
        n = static_cast<int64_t>(chars.size());
      } else if (m_.Is(seq, ObjType::kRange)) {
        const Value* r = m_.payload(seq);
        const int64_t start = r[0].small_int(), stop = r[1].small_int(), step = r[2].small_int();
        n = step > 0 ? (stop > start ? (stop - start + step - 1) / step : 0)
                     : (start > stop ? (start - stop - step - 1) / -step : 0);
      } else if (m_.Is(seq, ObjType::kDict)) {
        n = m_.size(seq) / 2;
      } else if (m_.IsListLike(seq) || m_.Is(seq, ObjType::kTuple)) {
        n = m_.size(seq);
      } else {
        if (HasValueDunder(seq, "__reversed__") || HasValueDunder(seq, "__len__"))
          return InputError(absl::StrCat("unsupported in scenarios: reversed() of a '",
                                         TypeName(seq), "'"));
        return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(seq), "' object is not reversible"));
      }
      *result = NewIterator(IterKind::kReversed, seq);
      m_.payload(*result)[kIterPos] = Value::SmallInt(n - 1);
      if (m_.Is(seq, ObjType::kDict) || m_.Is(seq, ObjType::kDeque))
        m_.payload(*result)[kIterExtra] = Value::SmallInt(n);
      return Flow::kNext;
    }
  }
}

}  // namespace lockcheck
