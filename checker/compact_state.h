// CompactState: a packed state as bytes, for the states a depth-first search keeps on its path.
//
// The search returns to a state on its path once for every step it has not yet taken from it,
// so it must keep those states; SPIN keeps one state vector and undoes steps, but our
// interpreter's steps cannot be undone. Packed words are mostly small (small ints, object
// numbers, counts, code offsets), so each is written as an unsigned LEB128 varint, seven bits
// a byte: a state of 120 words takes about 200 bytes instead of 960. Decoding gives back the
// same words, so the state unpacks exactly as the packed form would.
#ifndef LOCKCHECK_CHECKER_COMPACT_STATE_H_
#define LOCKCHECK_CHECKER_COMPACT_STATE_H_

#include <cstdint>
#include <vector>

#include "scenarios/vm/machine.h"

namespace lockcheck {

using CompactState = std::vector<uint8_t, UninitAllocator<uint8_t>>;

// Overwrites `out` with `in`'s words, compacted.
void CompactInto(const PackedState& in, CompactState& out);
// Overwrites `out` with the words `in` was made from.
void ExpandInto(const CompactState& in, PackedState& out);
// Appends `in`'s words, compacted, to `out` (states one after another: CompactStateList).
void AppendCompact(const PackedState& in, CompactState& out);
// Overwrites `out` with the words of the compacted state at `p`.
void ExpandFrom(const uint8_t* p, PackedState& out);

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_COMPACT_STATE_H_
