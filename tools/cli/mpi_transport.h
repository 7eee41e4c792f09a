// The Transport (checker/transport.h) of `mpirun -np P lockcheck check --distributed`: the
// ranks of MPI_COMM_WORLD. Built only when CMake finds MPI (LOCKCHECK_WITH_MPI).
//
// MPI is initialised when the object is made and finalised when it goes. Every error of MPI
// comes back to this code (MPI_ERRORS_RETURN): it prints "lockcheck: rank R of P: the
// distributed search failed: ..." and aborts the whole job (MPI_Abort, exit status 2), so no
// rank writes a report. A rank that dies is noticed by mpirun, which ends the others.
#ifndef LOCKCHECK_TOOLS_CLI_MPI_TRANSPORT_H_
#define LOCKCHECK_TOOLS_CLI_MPI_TRANSPORT_H_

#include <string>
#include <vector>

#include "checker/transport.h"

namespace lockcheck {

class MpiTransport : public Transport {
 public:
  MpiTransport(int* argc, char*** argv);
  ~MpiTransport() override;
  MpiTransport(const MpiTransport&) = delete;
  MpiTransport& operator=(const MpiTransport&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void Exchange(std::vector<std::string>& out, std::vector<std::string>& in) override;

  // Ends the job with `status` on every rank, after printing `why` (nothing when empty).
  [[noreturn]] void Abort(const std::string& why, int status) const;

 private:
  // Aborts with MPI's message for `code` unless it is MPI_SUCCESS.
  void Check(int code, const char* call) const;

  int rank_ = 0;
  int size_ = 1;
  // What one round sends and receives, kept from call to call (std::vector<char>: growing it
  // does not clear what a round writes over anyway).
  std::vector<char> send_buffer_, recv_buffer_;
};

}  // namespace lockcheck

#endif  // LOCKCHECK_TOOLS_CLI_MPI_TRANSPORT_H_
