#include "checker/compact_state.h"

#include <bit>
#include <cstddef>

namespace lockcheck {
namespace {

inline size_t VarintBytes(uint64_t v) { return (static_cast<size_t>(std::bit_width(v | 1)) + 6) / 7; }

inline uint8_t* PutVarint(uint64_t v, uint8_t* p) {
  while (v >= 0x80) {
    *p++ = static_cast<uint8_t>(v) | 0x80;
    v >>= 7;
  }
  *p++ = static_cast<uint8_t>(v);
  return p;
}

inline const uint8_t* GetVarint(const uint8_t* p, uint64_t& v) {
  v = 0;
  for (int shift = 0;; shift += 7) {
    uint8_t byte = *p++;
    v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (byte < 0x80) return p;
  }
}

}  // namespace

void CompactInto(const PackedState& in, CompactState& out) {
  // Sized exactly (the buffer's capacity is what the search counts as kept).
  size_t bytes = VarintBytes(in.size()) + in.size();
  for (uint64_t word : in) bytes += word < 0x80 ? 0 : VarintBytes(word) - 1;
  out.resize(bytes);
  uint8_t* p = PutVarint(in.size(), out.data());
  for (uint64_t word : in) {
    if (word < 0x80) {
      *p++ = static_cast<uint8_t>(word);  // most words: small ints, numbers, counts
    } else {
      p = PutVarint(word, p);
    }
  }
}

void ExpandInto(const CompactState& in, PackedState& out) {
  uint64_t n;
  const uint8_t* p = GetVarint(in.data(), n);
  out.resize(n);
  for (uint64_t& word : out) {
    if (*p < 0x80) {
      word = *p++;
    } else {
      p = GetVarint(p, word);
    }
  }
}

}  // namespace lockcheck
