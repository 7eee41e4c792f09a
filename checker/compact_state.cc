#include "checker/compact_state.h"

#include <cstddef>

namespace lockcheck {
namespace {

constexpr size_t kMaxVarintBytes = 10;  // 64 bits, seven a byte

inline uint8_t* PutVarint(uint64_t v, uint8_t* p) {
  while (v >= 0x80) {
    *p++ = static_cast<uint8_t>(v) | 0x80;
    v >>= 7;
  }
  *p++ = static_cast<uint8_t>(v);
  return p;
}

inline const uint8_t* GetVarint(const uint8_t* p, uint64_t& v) {
  v = *p++;
  if (v < 0x80) return p;  // most words: small ints, object numbers, counts
  v &= 0x7f;
  for (int shift = 7;; shift += 7) {
    uint8_t byte = *p++;
    v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (byte < 0x80) return p;
  }
}

}  // namespace

void CompactInto(const PackedState& in, CompactState& out) {
  // Written once into a buffer of the worst case, then copied into `out` at its exact size
  // (the buffer's capacity is what the search counts as kept): a first pass only to count the
  // bytes cost as much as writing them.
  thread_local CompactState scratch;
  scratch.clear();
  AppendCompact(in, scratch);
  out.assign(scratch.begin(), scratch.end());
}

void ExpandInto(const CompactState& in, PackedState& out) { ExpandFrom(in.data(), out); }

void AppendCompact(const PackedState& in, CompactState& out) {
  // Room for the worst case (ten bytes a word), then cut to what was written.
  const size_t at = out.size();
  out.resize(at + (in.size() + 1) * kMaxVarintBytes);
  uint8_t* p = PutVarint(in.size(), out.data() + at);
  for (uint64_t word : in) p = PutVarint(word, p);
  out.resize(static_cast<size_t>(p - out.data()));
}

void ExpandFrom(const uint8_t* p, PackedState& out) {
  uint64_t n;
  p = GetVarint(p, n);
  out.resize(n);
  for (uint64_t& word : out) p = GetVarint(p, word);
}

}  // namespace lockcheck
