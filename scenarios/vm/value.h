// Value: one 64-bit word holding any scenario value.
//
// The low 3 bits are a tag. Immutable scalars that do not fit (floats, ints beyond 61 bits,
// strings) are interned in an Interner shared by the whole check, so a Value never points into
// a particular state: two states are equal exactly when their words are equal (after the heap is
// put into canonical order, see machine.h). Only kObj values name something inside a state.
#ifndef LOCKCHECK_SCENARIOS_VM_VALUE_H_
#define LOCKCHECK_SCENARIOS_VM_VALUE_H_

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <deque>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/container/flat_hash_map.h"

namespace lockcheck {

enum class Tag : uint8_t {
  kInt = 0,      // small int: payload is a signed 61-bit integer
  kObj = 1,      // heap object of the state: payload is its index
  kSpecial = 2,  // None, False, True, Unbound, Ellipsis
  kStr = 3,      // interned string: payload is the Interner id
  kPooled = 4,   // interned float or big int: payload is the Interner pool id
  kBuiltin = 5,  // builtin function, type, module or method: payload is a Builtin id
  kCode = 6,     // raw code-object id (used inside frames and function objects)
  kModule = 7,   // a user module (Program::modules): payload is its index
};

enum class Special : uint32_t { kNone = 0, kFalse = 1, kTrue = 2, kUnbound = 3, kEllipsis = 4 };

class Value {
 public:
  constexpr Value() : raw_(MakeRaw(Tag::kSpecial, static_cast<uint64_t>(Special::kNone))) {}
  static constexpr Value FromRaw(uint64_t raw) { Value v; v.raw_ = raw; return v; }

  static constexpr int64_t kSmallMax = (int64_t{1} << 60) - 1;
  static constexpr int64_t kSmallMin = -(int64_t{1} << 60);
  static constexpr Value SmallInt(int64_t i) {
    return FromRaw((static_cast<uint64_t>(i) << 3) | static_cast<uint64_t>(Tag::kInt));
  }
  static constexpr Value Obj(uint32_t index) { return FromRaw(MakeRaw(Tag::kObj, index)); }
  static constexpr Value None() { return FromRaw(MakeRaw(Tag::kSpecial, 0)); }
  static constexpr Value Bool(bool b) { return FromRaw(MakeRaw(Tag::kSpecial, b ? 2 : 1)); }
  static constexpr Value Unbound() { return FromRaw(MakeRaw(Tag::kSpecial, 3)); }
  static constexpr Value Ellipsis() { return FromRaw(MakeRaw(Tag::kSpecial, 4)); }
  // Stack markers under a Python frame run on behalf of an instruction (classes.cc: a class
  // call's __init__, a with's __exit__, a property's getter, a dunder method): they say what
  // the instruction does with the frame's return value. `kind` is an Exec::Mark.
  static constexpr Value Marker(uint32_t kind) { return FromRaw(MakeRaw(Tag::kSpecial, 5 + kind)); }
  constexpr bool is_marker() const { return tag() == Tag::kSpecial && payload() >= 5; }
  constexpr uint32_t marker_kind() const { return payload() - 5; }
  static constexpr Value Str(uint32_t id) { return FromRaw(MakeRaw(Tag::kStr, id)); }
  static constexpr Value Pooled(uint32_t id) { return FromRaw(MakeRaw(Tag::kPooled, id)); }
  static constexpr Value Builtin(uint32_t id) { return FromRaw(MakeRaw(Tag::kBuiltin, id)); }
  static constexpr Value Code(uint32_t id) { return FromRaw(MakeRaw(Tag::kCode, id)); }
  static constexpr Value Module(uint32_t id) { return FromRaw(MakeRaw(Tag::kModule, id)); }

  constexpr uint64_t raw() const { return raw_; }
  constexpr Tag tag() const { return static_cast<Tag>(raw_ & 7); }
  constexpr int64_t small_int() const { return static_cast<int64_t>(raw_) >> 3; }
  constexpr uint32_t payload() const { return static_cast<uint32_t>(raw_ >> 3); }

  constexpr bool is_small_int() const { return tag() == Tag::kInt; }
  constexpr bool is_obj() const { return tag() == Tag::kObj; }
  constexpr bool is_none() const { return raw_ == None().raw_; }
  constexpr bool is_bool() const {
    return tag() == Tag::kSpecial && (payload() == 1 || payload() == 2);
  }
  constexpr bool is_true() const { return raw_ == Bool(true).raw_; }
  constexpr bool is_unbound() const { return raw_ == Unbound().raw_; }
  constexpr bool is_str() const { return tag() == Tag::kStr; }
  constexpr bool is_builtin() const { return tag() == Tag::kBuiltin; }
  constexpr bool is_module() const { return tag() == Tag::kModule; }

  friend constexpr bool operator==(Value a, Value b) { return a.raw_ == b.raw_; }

 private:
  static constexpr uint64_t MakeRaw(Tag tag, uint64_t payload) {
    return (payload << 3) | static_cast<uint64_t>(tag);
  }
  uint64_t raw_;
};
static_assert(sizeof(Value) == 8);

// Interned immutable values shared by every state of one check: strings, floats, big ints.
// Ids are assigned in order of first use; they never leave the process (reports print the
// content), so exploration order does not reach the output. Thread-safe.
class Interner {
 public:
  Value Str(absl::string_view s);
  const std::string& StrOf(Value v) const;  // v.is_str()

  Value Float(double d);
  // An int64 as a Value: small when it fits in 61 bits, pooled otherwise.
  Value Int(int64_t i);
  bool IsFloat(Value v) const;   // a pooled float
  bool IsBigInt(Value v) const;  // a pooled int
  double FloatOf(Value v) const;
  int64_t BigIntOf(Value v) const;

  // For a search whose processes must agree on ids (checker/distributed.h): how many values it
  // holds, what was interned after such a count, and a way back to it.
  struct Count {
    uint32_t strings = 0, pooled = 0;
    bool operator==(const Count&) const = default;
  };
  // A pooled value as data: whether it is a float, and its bits.
  using PooledBits = std::pair<bool, uint64_t>;
  struct Entries {
    std::vector<std::string> strings;  // in id order
    std::vector<PooledBits> pooled;
    bool empty() const { return strings.empty() && pooled.empty(); }
  };
  Count Size() const;
  Entries Since(Count c) const;
  // Forgets every value interned after `c` (their ids are given out again). No Value holding
  // one of them may be used afterwards, nor a reference StrOf returned for one.
  void Truncate(Count c);
  Value Pooled(PooledBits bits) { return Pool({bits.first, bits.second}); }

 private:
  struct PoolEntry {
    bool is_float;
    uint64_t bits;
    bool operator==(const PoolEntry&) const = default;
    template <typename H>
    friend H AbslHashValue(H h, const PoolEntry& e) {
      return H::combine(std::move(h), e.is_float, e.bits);
    }
  };
  Value Pool(PoolEntry e);

  mutable std::mutex mu_;
  std::deque<std::string> strings_;  // a deque: references stay valid as it grows (StrOf)
  absl::flat_hash_map<std::string, uint32_t> string_ids_;
  std::vector<PoolEntry> pool_;
  absl::flat_hash_map<PoolEntry, uint32_t> pool_ids_;
};

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_VM_VALUE_H_
