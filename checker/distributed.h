// The distributed exhaustive search: `mpirun -np P lockcheck check --distributed`.
//
// The state space is partitioned by fingerprint: each state is owned by one rank (OwnerOf),
// which alone stores it and expands it, as DiVinE, Eddy Murphi and LTSmin's distributed tools
// do (Stern and Dill 1997, "Parallelizing the Murphi verifier"). The search goes level by
// level (a breadth-first search): each rank expands the states of the level it owns, with the
// same partial-order reduction as one process (its persistent sets and cycle proviso depend on
// the state alone, so the reduced graph is the same), steps each transition kept, and sends
// the successors to their owners in one batch per rank per level; a level ends when every
// rank has received its batches, and the search when a level is empty on every rank. Nothing
// depends on message timing: what a rank stores and expands is fixed by the scenario and P.
//
// What each rank finds (deadlocks, faults, uncaught exceptions, the lock orders it saw) is
// gathered on rank 0, which merges them as one process merges its workers': each bug once, by
// its key; the lock-order graph whole. Bugs come without paths, as a one-process parallel
// search's do, and rank 0 gives each its shortest counterexample by replay
// (Explorer::ShortestSchedules), so the report is the one-process report.
//
// Interned values. A state holds strings, floats and big ints as ids of its process's
// interner, given out in order of first use, so two processes may give one string two ids.
// Every rank compiles the same program and runs the same probes, so their interners agree
// when the search starts (checked). A step that interns a new value gives it a provisional
// id; at the end of the level the ranks gather every value interned in it and intern them all
// anew in one order (sorted by content), and a rank that gave provisional ids rewrites the
// successors that may hold them (MapInterned) before it sends them: every rank's ids are the
// same again, so a state has one fingerprint and one owner everywhere.
//
// Fair cycles. A program that may come back to a state (Reduction::MayCycle) is searched with
// the reduced graph written down, as a one-process parallel search writes it (recorded_graph.h):
// each rank records every state it expands (its fingerprint, the threads enabled, its reduced
// transitions with their targets' fingerprints and fairness marks, and the bugs they showed; a
// target held back for the interners' agreement is filled in at the agreement). When the last
// level is done, the ranks send their records to rank 0, which indexes them and runs the
// one-worker depth-first search with Tarjan's algorithm and the fair-cycle checks over them
// (SearchRecorded): the same components, lassos and paths as one process. Rank 0 so holds the
// whole record (16 bytes, 12 per transition and 9 of index a state): that bounds a distributed
// search of a program with loops, where a distributed cycle search (OWCTY, Cerna and Pelanek
// 2003, as DiVinE does) would not; DESIGN.md section 5 says why it is not used yet. A program
// without `while` loops whose primitives' routines may still come back to a state is searched
// again, recording, as one process searches it again (Explorer::RunSearch). Should a target
// have no record (a complete search leaves none), the verdict is incomplete with limit
// "cycles-distributed" rather than a claim about cycles.
//
// Searches that stop at a place fixed by the search order (--max-states, --max-depth,
// --stop-on-first, a swarm member, the other strategies) run on rank 0 alone, as they run on
// one worker in one process.
#ifndef LOCKCHECK_CHECKER_DISTRIBUTED_H_
#define LOCKCHECK_CHECKER_DISTRIBUTED_H_

#include <chrono>
#include <cstdint>

#include "checker/explorer.h"
#include "checker/options.h"
#include "checker/transport.h"

namespace lockcheck {

class Reduction;

// The rank of `size` that owns the state with fingerprint `fp`.
int OwnerOf(uint64_t fp, int size);

// The search on every rank of `transport` (every rank calls it). Rank 0's result holds the
// merged bugs (pathless) and lock-order warnings; every rank's holds the totals and the
// shares (SearchResult::ranks).
SearchResult DistributedSearch(const Interpreter& interp, const CheckOptions& options,
                               const Reduction& reduction, Transport& transport,
                               std::chrono::steady_clock::time_point start);

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_DISTRIBUTED_H_
