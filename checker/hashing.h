// Small integer hashing shared by the stores: range reduction, a bijective mix, and the
// swarm's fingerprint scramble.
#ifndef LOCKCHECK_CHECKER_HASHING_H_
#define LOCKCHECK_CHECKER_HASHING_H_

#include <cstdint>

namespace lockcheck {

// The high word of a * b: a 64-bit hash `a` mapped onto [0, b) without a division (Lemire's
// range reduction).
inline uint64_t MulHigh(uint64_t a, uint64_t b) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(a) * b) >> 64);
}

// MurmurHash3's 64-bit finaliser: a bijection that spreads every input bit over the output,
// and keeps 0 at 0.
inline uint64_t MixBits(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

// A bijection of 64-bit fingerprints, keyed by `seed`, that keeps 0 at 0 (a fingerprint is
// never 0): how a swarm member's store (swarm.h) scrambles them; seed 0 leaves them as
// they are.
inline uint64_t ScrambleFingerprint(uint64_t fp, uint64_t seed) {
  return seed == 0 ? fp : MixBits(fp ^ seed) ^ MixBits(seed);
}

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_HASHING_H_
