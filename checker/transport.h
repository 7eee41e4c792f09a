// Transport: how the processes of a distributed search (distributed.h) talk to each other.
//
// Each process is a rank of size(); every call is collective: every rank makes the same calls
// in the same order, and a call returns when every rank's part has arrived. Two are provided:
// MPI's (tools/mpi_transport.h, built when CMake finds MPI), and LocalTransport below, whose
// ranks are threads of one process, for the tests of a build without MPI.
#ifndef LOCKCHECK_CHECKER_TRANSPORT_H_
#define LOCKCHECK_CHECKER_TRANSPORT_H_

#include <barrier>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lockcheck {

class Transport {
 public:
  virtual ~Transport() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Sends out[r] to rank r (out has size() parts; this rank's own part stays here) and puts
  // what each rank sent this one in in[r], by rank. Both keep their strings' memory from call
  // to call (out's parts are left empty): a search exchanges every level.
  virtual void Exchange(std::vector<std::string>& out, std::vector<std::string>& in) = 0;

  // What this rank has sent other ranks: calls with something in them, and bytes.
  uint64_t messages_sent = 0;
  uint64_t bytes_sent = 0;

 protected:
  // Counts what `out` sends to ranks other than this one.
  void Count(const std::vector<std::string>& out) {
    for (size_t r = 0; r < out.size(); ++r) {
      if (static_cast<int>(r) == rank() || out[r].empty()) continue;
      ++messages_sent;
      bytes_sent += out[r].size();
    }
  }
};

// Every rank's `mine`, by rank (each rank gets the same list).
std::vector<std::string> AllGather(Transport& t, const std::string& mine);

// Ranks that are threads of one process: make a LocalTransport::Group of n, and give thread r
// its member r. What they exchange goes through memory the group owns.
class LocalTransport : public Transport {
 public:
  class Group {
   public:
    explicit Group(int n);
    LocalTransport& member(int r) { return *members_[static_cast<size_t>(r)]; }

   private:
    friend class LocalTransport;
    int n_;
    std::barrier<> barrier_;
    std::vector<std::vector<std::string>> box_;  // box_[from][to]
    std::vector<std::unique_ptr<LocalTransport>> members_;
  };

  int rank() const override { return rank_; }
  int size() const override { return group_.n_; }
  void Exchange(std::vector<std::string>& out, std::vector<std::string>& in) override;

 private:
  LocalTransport(Group& group, int rank) : group_(group), rank_(rank) {}
  Group& group_;
  int rank_;
};

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_TRANSPORT_H_
