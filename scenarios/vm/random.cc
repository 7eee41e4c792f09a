// The random module: every value a scenario draws is a choice the search branches on.
//
// A draw (randint, randrange, choice, shuffle, sample) with more than one outcome is a visible
// operation of its own (PendingKind::kDraw, its outcome count in `mode`): the thread stops
// before it, and the checker runs it once per outcome, as it runs a timed wait once per way it
// can end (Interpreter::Choices gives kChoiceDraw, DrawOutcomes the count, a transition's
// choice is DrawChoice(index)). So the state space covers every value, a counterexample's trace
// says which one was drawn ("drew 2"), and its replay token records the index. A draw touches
// nothing another thread can see, so it commutes with every other thread's step; the
// partial-order reduction never takes a draw alone (a thread with several transitions is never
// its candidate). A draw over a container other threads can reach is refused while another
// thread runs: its outcome count would be read from shared state, a second visible operation
// in the same step.
//
// The outcomes are numbered as CPython's algorithms consume random numbers: randrange's index
// is the value _randbelow returns; shuffle's is the mixed-radix number of Fisher-Yates' swaps
// (for i = n-1 down to 1, j in [0, i]); sample's the positions picked in turn from the items
// not yet picked. A draw of more than kMaxDrawOutcomes outcomes is an input error at its call
// (never a sample of them), and so are random() and uniform(), whose outcomes are uncountable
// (bytecode.cc, UnmodelledMemberText). The argument checks and error messages are CPython
// 3.13's Lib/random.py (Random's methods, so "Random.randint()" in a TypeError); seed()
// accepts what CPython's does and changes nothing.
#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "scenarios/vm/exec.h"

namespace lockcheck {

namespace {

// Python's floor division of ints.
__int128 FloorDiv(__int128 a, __int128 b) {
  __int128 q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// a * b, or UINT64_MAX when it does not fit (n! for a long list).
uint64_t SaturatingMul(uint64_t a, uint64_t b) {
  const unsigned __int128 p = static_cast<unsigned __int128>(a) * b;
  return p > UINT64_MAX ? UINT64_MAX : static_cast<uint64_t>(p);
}

}  // namespace

// Binds as CPython binds a Python method of Random: `params` after self, the first `required`
// of them without defaults; `kwonly` keyword-only ones after them (with defaults).
Flow Exec::BindRandom(absl::string_view fname, std::initializer_list<absl::string_view> params,
                      size_t required, std::initializer_list<absl::string_view> kwonly,
                      const Value* args, size_t nargs, const Value* kwnames, size_t nkw,
                      Value* out) {
  const std::string name = absl::StrCat("Random.", fname, "()");
  const size_t npos = nargs - nkw, n = params.size(), all = n + kwonly.size();
  if (npos > n) {
    std::string takes = required == n ? absl::StrCat(n + 1)
                                      : absl::StrCat("from ", required + 1, " to ", n + 1);
    return Raise(Builtin::kExcType,
                 absl::StrCat(name, " takes ", takes, " positional argument",
                              n == 0 ? "" : "s", " but ", npos + 1,
                              npos == 0 ? " was" : " were", " given"));
  }
  for (size_t i = 0; i < all; ++i) out[i] = Value::Unbound();
  for (size_t i = 0; i < npos; ++i) out[i] = args[i];
  auto param = [&](size_t i) {
    return i < n ? *(params.begin() + i) : *(kwonly.begin() + (i - n));
  };
  for (size_t k = 0; k < nkw; ++k) {
    absl::string_view kw = StrOf(kwnames[k]);
    size_t i = 0;
    while (i < all && param(i) != kw) ++i;
    if (i == all) {
      return Raise(Builtin::kExcType,
                   absl::StrCat(name, " got an unexpected keyword argument '", kw, "'"));
    }
    if (!out[i].is_unbound()) {
      return Raise(Builtin::kExcType,
                   absl::StrCat(name, " got multiple values for argument '", kw, "'"));
    }
    out[i] = args[npos + k];
  }
  std::vector<std::string> missing;
  for (size_t i = 0; i < required; ++i)
    if (out[i].is_unbound()) missing.push_back(absl::StrCat("'", param(i), "'"));
  if (!missing.empty()) {
    // CPython: 'a'; 'a' and 'b'; 'a', 'b', and 'c'.
    const size_t count = missing.size();
    std::string names = missing.back();
    if (count > 1) {
      missing.pop_back();
      names = absl::StrCat(absl::StrJoin(missing, ", "), count > 2 ? "," : "", " and ", names);
    }
    return Raise(Builtin::kExcType,
                 absl::StrCat(name, " missing ", count, " required positional argument",
                              count == 1 ? "" : "s", ": ", names));
  }
  return Flow::kNext;
}

// `n` outcomes: kNext with the one this step runs in *index, kYield when the step must end
// before the draw, or an input error past kMaxDrawOutcomes.
Flow Exec::Draw(uint64_t n, absl::string_view fname, uint32_t* index) {
  *index = 0;
  if (n > kMaxDrawOutcomes) {
    return InputError(absl::StrCat("unsupported in scenarios: random.", fname, "() with ",
                                   n == UINT64_MAX ? "more than 2**64" : absl::StrCat(n),
                                   " outcomes (lockcheck explores every outcome of a draw, at "
                                   "most ", kMaxDrawOutcomes, ")"));
  }
  if (n <= 1) return Flow::kNext;  // one outcome: nothing to choose
  uint32_t c = Gate(Pending{PendingKind::kDraw, static_cast<uint8_t>(n), Value::None()});
  if (c == 0) return Flow::kYield;
  if (ChoiceBit(c) != kChoiceDraw || DrawIndex(c) >= n) {
    return InputError(absl::StrCat("internal error: the draw of random.", fname, "() ran with ",
                                   "choice ", c, " of ", n, " outcomes"));
  }
  *index = DrawIndex(c);
  return Flow::kNext;
}

// operator.index(v) for randrange: an int (a bool is one), else CPython's TypeError.
bool Exec::RandomIndex(Value v, int64_t* out) {
  if (!IsInt(v)) {
    Raise(Builtin::kExcType,
          absl::StrCat("'", TypeName(v), "' object cannot be interpreted as an integer"));
    return false;
  }
  *out = IntOf(v);
  return true;
}

Flow Exec::RandomBuiltin(Builtin b, size_t nargs, const Value* kwnames, size_t nkw,
                         size_t below) {
  Args args(S().end() - static_cast<std::ptrdiff_t>(nargs), S().end());
  Value a[4];
  Value result = Value::None();
  auto done = [&]() {
    S().resize(S().size() - nargs - below);
    Push(result);
    return Flow::kNext;
  };
  // The trace's outcome of a draw that branched (one of one outcome opened no record).
  auto drew = [&](uint64_t outcomes, Value shown) {
    if (outcomes > 1 && tracing()) Outcome(absl::StrCat("drew ", Repr(shown)));
  };
  // A container other threads can reach, while another thread runs: its length would be read
  // from shared state between the thread's stop before the draw and the draw (a second visible
  // operation). A thread alone (module code before the first start()) draws from it.
  auto refuse_shared = [&](Value seq, absl::string_view fname) -> bool {
    if (!Shared(seq) || m_.LiveThreads() == 1) return false;
    InputError(absl::StrCat("unsupported in scenarios: random.", fname, "() of a ",
                            TypeName(seq), " other threads can reach (draw from a copy: "
                            "items = list(shared) first)"));
    return true;
  };
  switch (b) {
    case Builtin::kSeed: {
      Flow f = BindRandom("seed", {"a", "version"}, 0, {}, args.data(), nargs, kwnames, nkw, a);
      if (f != Flow::kNext) return f;
      Value x = a[0];
      if (!x.is_unbound() && !x.is_none() && !IsNumber(x) && !x.is_str()) {
        return Raise(Builtin::kExcType,
                     "The only supported seed types are: None,\n"
                     "int, float, str, bytes, and bytearray.");
      }
      return done();  // the search draws every outcome: a seed changes nothing
    }
    case Builtin::kRandint:
    case Builtin::kRandrange: {
      const bool randint = b == Builtin::kRandint;
      Flow f = randint ? BindRandom("randint", {"a", "b"}, 2, {}, args.data(), nargs, kwnames,
                                    nkw, a)
                       : BindRandom("randrange", {"start", "stop", "step"}, 1, {}, args.data(),
                                    nargs, kwnames, nkw, a);
      if (f != Flow::kNext) return f;
      Value start = a[0], stop = randint ? Value::Unbound() : a[1];
      Value step = randint ? Value::Unbound() : a[2];
      if (randint) {  // randint(a, b) is randrange(a, b + 1)
        f = Binary(ast::Op::kAdd, a[1], Value::SmallInt(1), false, &stop);
        if (f != Flow::kNext) return f;
      }
      int64_t istart, istop, istep = 1;
      if (!RandomIndex(start, &istart)) return Flow::kUnwound;
      __int128 n;
      __int128 first = istart;
      if (stop.is_unbound() || stop.is_none()) {
        if (!step.is_unbound() && !(IsInt(step) && !step.is_bool() && IntOf(step) == 1))
          return Raise(Builtin::kExcType, "Missing a non-None stop argument");
        if (istart <= 0) return Raise(Builtin::kExcValue, "empty range for randrange()");
        n = istart;
        first = 0;
      } else {
        if (!RandomIndex(stop, &istop)) return Flow::kUnwound;
        if (!step.is_unbound() && !RandomIndex(step, &istep)) return Flow::kUnwound;
        const __int128 width = static_cast<__int128>(istop) - istart;
        if (istep == 1) {
          if (width <= 0) {
            return Raise(Builtin::kExcValue,
                         absl::StrCat("empty range in randrange(", Str(start), ", ", Str(stop),
                                      ")"));
          }
          n = width;
        } else {
          if (istep > 0) {
            n = FloorDiv(width + istep - 1, istep);
          } else if (istep < 0) {
            n = FloorDiv(width + istep + 1, istep);
          } else {
            return Raise(Builtin::kExcValue, "zero step for randrange()");
          }
          if (n <= 0) {
            return Raise(Builtin::kExcValue,
                         absl::StrCat("empty range in randrange(", Str(start), ", ", Str(stop),
                                      ", ", Str(step), ")"));
          }
        }
      }
      uint32_t index;
      const uint64_t outcomes =
          n > static_cast<__int128>(UINT64_MAX) ? UINT64_MAX : static_cast<uint64_t>(n);
      f = Draw(outcomes, randint ? "randint" : "randrange", &index);
      if (f != Flow::kNext) return f;
      result = Value::SmallInt(static_cast<int64_t>(first + static_cast<__int128>(istep) * index));
      drew(outcomes, result);
      return done();
    }
    case Builtin::kRandChoice: {
      Flow f = BindRandom("choice", {"seq"}, 1, {}, args.data(), nargs, kwnames, nkw, a);
      if (f != Flow::kNext) return f;
      Value seq = a[0];
      if (refuse_shared(seq, "choice")) return Flow::kStop;
      const bool set_like = m_.Is(seq, ObjType::kSet) || m_.Is(seq, ObjType::kFrozenSet);
      if (!seq.is_str() && !m_.IsListLike(seq) && !m_.Is(seq, ObjType::kTuple) &&
          !m_.Is(seq, ObjType::kRange) && !set_like) {
        if (seq.is_obj() && (m_.Is(seq, ObjType::kDict) || m_.Is(seq, ObjType::kInstance))) {
          return InputError(absl::StrCat("unsupported in scenarios: random.choice() of a '",
                                         TypeName(seq), "' (lockcheck draws from a list, "
                                         "tuple, str, range or deque)"));
        }
        return Raise(Builtin::kExcType,
                     absl::StrCat("object of type '", TypeName(seq), "' has no len()"));
      }
      Args items;
      if (m_.Is(seq, ObjType::kRange)) {
        const Value* r = m_.payload(seq);
        const int64_t lo = r[0].small_int(), hi = r[1].small_int(), st = r[2].small_int();
        __int128 len = st > 0 ? FloorDiv(static_cast<__int128>(hi) - lo + st - 1, st)
                              : FloorDiv(static_cast<__int128>(hi) - lo + st + 1, st);
        if (len <= 0) return Raise(Builtin::kExcIndex, "Cannot choose from an empty sequence");
        uint32_t index;
        const uint64_t outcomes = static_cast<uint64_t>(len);
        f = Draw(outcomes, "choice", &index);
        if (f != Flow::kNext) return f;
        result = Value::SmallInt(lo + st * static_cast<int64_t>(index));
        drew(outcomes, result);
        return done();
      }
      f = Items(seq, items);
      if (f != Flow::kNext) return f;
      if (items.empty()) return Raise(Builtin::kExcIndex, "Cannot choose from an empty sequence");
      if (set_like) {
        return Raise(Builtin::kExcType,
                     absl::StrCat("'", TypeName(seq), "' object is not subscriptable"));
      }
      uint32_t index;
      f = Draw(items.size(), "choice", &index);
      if (f != Flow::kNext) return f;
      result = items[index];
      drew(items.size(), result);
      return done();
    }
    case Builtin::kShuffle: {
      Flow f = BindRandom("shuffle", {"x"}, 1, {}, args.data(), nargs, kwnames, nkw, a);
      if (f != Flow::kNext) return f;
      Value x = a[0];
      if (refuse_shared(x, "shuffle")) return Flow::kStop;
      const bool mutable_seq = m_.IsListLike(x);
      if (!mutable_seq) {
        if (!x.is_str() && !m_.Is(x, ObjType::kTuple) && !m_.Is(x, ObjType::kRange)) {
          return InputError(absl::StrCat("unsupported in scenarios: random.shuffle() of a '",
                                         TypeName(x), "' (lockcheck shuffles a list or deque)"));
        }
        Args items;
        f = Items(x, items);
        if (f != Flow::kNext) return f;
        if (items.size() < 2) return done();  // nothing is swapped
        return Raise(Builtin::kExcType,
                     absl::StrCat("'", TypeName(x), "' object does not support item assignment"));
      }
      const uint32_t len = m_.size(x);
      uint64_t outcomes = 1;
      for (uint32_t i = 2; i <= len; ++i) outcomes = SaturatingMul(outcomes, i);
      uint32_t index;
      f = Draw(outcomes, "shuffle", &index);
      if (f != Flow::kNext) return f;
      Value* p = m_.payload(x);
      for (uint32_t i = len; i-- > 1;) {  // CPython's Fisher-Yates: j = _randbelow(i + 1)
        const uint32_t j = index % (i + 1);
        index /= i + 1;
        std::swap(p[i], p[j]);
      }
      drew(outcomes, x);
      return done();
    }
    case Builtin::kSample: {
      Flow f = BindRandom("sample", {"population", "k"}, 2, {"counts"}, args.data(), nargs,
                          kwnames, nkw, a);
      if (f != Flow::kNext) return f;
      Value pop = a[0], kv = a[1];
      if (!a[2].is_unbound() && !a[2].is_none())
        return InputError("unsupported in scenarios: random.sample() with counts");
      if (refuse_shared(pop, "sample")) return Flow::kStop;
      if (!pop.is_str() && !m_.IsListLike(pop) && !m_.Is(pop, ObjType::kTuple) &&
          !m_.Is(pop, ObjType::kRange)) {
        if (pop.is_obj() && m_.Is(pop, ObjType::kInstance)) {
          return InputError(absl::StrCat("unsupported in scenarios: random.sample() of a '",
                                         TypeName(pop), "' (lockcheck samples a list, tuple, "
                                         "str, range or deque)"));
        }
        return Raise(Builtin::kExcType,
                     "Population must be a sequence.  For dicts or sets, use sorted(d).");
      }
      if (!IsInt(kv)) {
        return InputError(absl::StrCat("unsupported in scenarios: random.sample() with a k of "
                                       "type '", TypeName(kv), "'"));
      }
      Args items;
      f = Items(pop, items);
      if (f != Flow::kNext) return f;
      const int64_t k = IntOf(kv);
      const int64_t n = static_cast<int64_t>(items.size());
      if (k < 0 || k > n) {
        return Raise(Builtin::kExcValue, "Sample larger than population or is negative");
      }
      uint64_t outcomes = 1;
      for (int64_t i = 0; i < k; ++i) outcomes = SaturatingMul(outcomes, static_cast<uint64_t>(n - i));
      uint32_t index;
      f = Draw(outcomes, "sample", &index);
      if (f != Flow::kNext) return f;
      std::optional<Value> list = NewSequence(ObjType::kList, static_cast<size_t>(k));
      if (!list) return Flow::kStop;
      for (int64_t i = 0; i < k; ++i) {  // picked in turn from the items left
        const uint32_t left = static_cast<uint32_t>(n - i);
        const uint32_t j = index % left;
        index /= left;
        m_.payload(*list)[i] = items[j];
        items.erase(items.begin() + j);
      }
      result = *list;
      drew(outcomes, result);
      return done();
    }
    default:
      return InputError(absl::StrCat("internal error: ", BuiltinQualName(b),
                                     " is not a random function"));
  }
}

}  // namespace lockcheck
