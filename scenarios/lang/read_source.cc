#include "scenarios/lang/read_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "scenarios/lang/parser.h"

namespace lockcheck {

// A source file's text, or why it cannot be read. Only a regular file is read: opening a FIFO
// without O_NONBLOCK waits for a writer forever, and a device such as /dev/zero never ends, so
// the file is opened non-blocking and its type checked on the open descriptor (no race with a
// rename between a check and the open) before a byte is read. At most one byte past the
// parser's limit is read; the size in the message is the file's own.
absl::StatusOr<std::string> ReadSourceText(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    return absl::NotFoundError(absl::StrCat("cannot read the file: ", std::strerror(errno)));
  }
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    return absl::NotFoundError(absl::StrCat("cannot read the file: ", std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) {
    return absl::InvalidArgumentError(
        "not a regular file (a FIFO, device or socket is never read)");
  }
  if (static_cast<uint64_t>(st.st_size) > kMaxSourceBytes) {
    return absl::InvalidArgumentError(absl::StrCat("file too large (",
                                                   static_cast<uint64_t>(st.st_size),
                                                   " bytes; the limit is ", kMaxSourceBytes, ")"));
  }
  std::string text(kMaxSourceBytes + 1, '\0');
  size_t got = 0;
  while (got < text.size()) {
    ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return absl::NotFoundError(absl::StrCat("cannot read the file: ", std::strerror(errno)));
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  // A file that grew past the limit between fstat and read.
  if (got > kMaxSourceBytes) {
    return absl::InvalidArgumentError(absl::StrCat("file too large (more than ", kMaxSourceBytes,
                                                   " bytes; the limit is ", kMaxSourceBytes, ")"));
  }
  text.resize(got);
  return text;
}

}  // namespace lockcheck
