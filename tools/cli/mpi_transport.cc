#include "tools/cli/mpi_transport.h"

#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <utility>

namespace lockcheck {

namespace {

// The most one rank sends another in one MPI_Alltoallv: its counts and displacements are ints,
// so a round's whole receive buffer (size() parts) must stay below 2 GiB.
constexpr uint64_t kMaxPart = uint64_t{256} << 20;

}  // namespace

MpiTransport::MpiTransport(int* argc, char*** argv) {
  int provided = 0;
  // A rank waiting in a collective gives its core away (OpenMPI spins otherwise): ranks that
  // share cores, as on one machine with more ranks than cores, would take turns at spinning,
  // a few milliseconds a level (a deep, narrow graph: 88 s instead of 3.6 s for 6,000 levels
  // on 3 ranks and 2 cores). Where a core is a rank's own, yielding costs nothing. The user's
  // setting (mpirun --mca mpi_yield_when_idle 0) wins.
  setenv("OMPI_MCA_mpi_yield_when_idle", "1", 0);
  // Only the thread that runs the search calls MPI, one call at a time.
  if (MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS) {
    std::cerr << "lockcheck: --distributed: MPI could not start (run under mpirun)\n";
    std::exit(2);
  }
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  Check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
  Check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
  if (provided < MPI_THREAD_SERIALIZED) {
    Abort("this MPI library does not let a process with several threads call it "
          "(MPI_THREAD_SERIALIZED)",
          2);
  }
}

MpiTransport::~MpiTransport() { MPI_Finalize(); }

void MpiTransport::Abort(const std::string& why, int status) const {
  if (!why.empty()) {
    std::cerr << "lockcheck: rank " << rank_ << " of " << size_ << ": " << why << "\n"
              << std::flush;
  }
  MPI_Abort(MPI_COMM_WORLD, status);
  std::_Exit(status);  // MPI_Abort does not return; should it, this rank still ends
}

void MpiTransport::Check(int code, const char* call) const {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  Abort(std::string("the distributed search failed: ") + call + ": " +
            std::string(text, static_cast<size_t>(length)),
        2);
}

void MpiTransport::Exchange(std::vector<std::string>& out, std::vector<std::string>& in) {
  Count(out);
  const size_t n = static_cast<size_t>(size_);
  const size_t self = static_cast<size_t>(rank_);
  in.resize(n);
  in[self].swap(out[self]);
  out[self].clear();
  std::vector<uint64_t> send_sizes(n), recv_sizes(n);
  for (size_t r = 0; r < n; ++r) send_sizes[r] = r == self ? 0 : out[r].size();
  Check(MPI_Alltoall(send_sizes.data(), 1, MPI_UINT64_T, recv_sizes.data(), 1, MPI_UINT64_T,
                     MPI_COMM_WORLD),
        "MPI_Alltoall");
  // Parts of at most `part` bytes per pair per round; every rank takes part in every round.
  const uint64_t part = std::min<uint64_t>(kMaxPart, (INT_MAX / 2) / n);
  uint64_t largest = 0;
  for (size_t r = 0; r < n; ++r) largest = std::max({largest, send_sizes[r], recv_sizes[r]});
  uint64_t rounds_here = (largest + part - 1) / part, rounds = 0;
  Check(MPI_Allreduce(&rounds_here, &rounds, 1, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD),
        "MPI_Allreduce");
  for (size_t r = 0; r < n; ++r) {
    if (r != self) in[r].clear();
  }
  std::vector<int> send_counts(n), send_offsets(n), recv_counts(n), recv_offsets(n);
  for (uint64_t round = 0; round < rounds; ++round) {
    const uint64_t from = round * part;
    const auto slice = [&](uint64_t size) {
      return static_cast<int>(size > from ? std::min(size - from, part) : 0);
    };
    int send_total = 0, recv_total = 0;
    for (size_t r = 0; r < n; ++r) {
      send_counts[r] = slice(send_sizes[r]);
      send_offsets[r] = send_total;
      send_total += send_counts[r];
      recv_counts[r] = slice(recv_sizes[r]);
      recv_offsets[r] = recv_total;
      recv_total += recv_counts[r];
    }
    // The buffers only grow, and are not cleared: a level's bytes are written over the last's.
    if (send_buffer_.size() < static_cast<size_t>(send_total)) send_buffer_.resize(send_total);
    if (recv_buffer_.size() < static_cast<size_t>(recv_total)) recv_buffer_.resize(recv_total);
    for (size_t r = 0; r < n; ++r) {
      if (send_counts[r] > 0) {
        std::memcpy(send_buffer_.data() + send_offsets[r], out[r].data() + from,
                    static_cast<size_t>(send_counts[r]));
      }
    }
    Check(MPI_Alltoallv(send_buffer_.data(), send_counts.data(), send_offsets.data(), MPI_BYTE,
                        recv_buffer_.data(), recv_counts.data(), recv_offsets.data(), MPI_BYTE,
                        MPI_COMM_WORLD),
          "MPI_Alltoallv");
    for (size_t r = 0; r < n; ++r) {
      in[r].append(recv_buffer_.data() + recv_offsets[r], static_cast<size_t>(recv_counts[r]));
    }
  }
  for (size_t r = 0; r < n; ++r) out[r].clear();
}

}  // namespace lockcheck
