#include "tools/cli/progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <time.h>

#include <atomic>
#include <csignal>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "checker/estimate.h"

namespace lockcheck {
namespace {

// The one piece of process-wide state in lockcheck: a signal handler can reach nothing else.
std::atomic<int> interrupt_signal{0};
std::atomic<int64_t> interrupt_nanos{0};  // CLOCK_MONOTONIC time of the first signal

int64_t MonotonicNanos() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);  // async-signal-safe
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// The first signal asks the search to stop. A second one ends the process, as if there were no
// handler, unless it comes within half a second of the first: `timeout`, or a shell killing a
// job, delivers the same signal to the process and again to its process group, and that
// duplicate must not undo the clean stop.
extern "C" void OnInterrupt(int signal) {
  const int64_t now = MonotonicNanos();
  int expected = 0;
  if (interrupt_signal.compare_exchange_strong(expected, signal)) {
    interrupt_nanos.store(now);
    return;
  }
  if (now - interrupt_nanos.load() < 500'000'000) return;
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

std::string Thousands(uint64_t n) {
  std::string digits = absl::StrCat(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Memory(uint64_t bytes) {
  if (bytes < (uint64_t{1} << 30)) return absl::StrFormat("%.0f MiB", bytes / 1048576.0);
  return absl::StrFormat("%.1f GiB", bytes / 1073741824.0);
}

std::string Elapsed(double seconds) {
  int s = static_cast<int>(seconds);
  if (s < 60) return absl::StrCat(s, " s");
  return absl::StrFormat("%d:%02d", s / 60, s % 60);
}

// ", of ~1.6e+21 estimated; max-states at ~3 s": the probes' figure and the limit it predicts.
std::string EstimatePart(const SearchProgress& p) {
  if (p.estimated_states <= 0) return "";
  std::string out = absl::StrCat(", of ", EstimateText(p.estimated_states, p.estimate_truncated),
                                 " estimated");
  if (!p.predicted_limit.empty()) {
    absl::StrAppend(&out, "; ", p.predicted_limit,
                    p.predicted_seconds > 0 ? absl::StrCat(" at ~", DurationText(p.predicted_seconds))
                                            : std::string(" ahead"));
  }
  return out;
}

}  // namespace

void InstallInterruptHandlers() {
  static_assert(std::atomic<int>::is_always_lock_free, "used from a signal handler");
  std::signal(SIGINT, OnInterrupt);
  std::signal(SIGTERM, OnInterrupt);
}

int InterruptSignal() { return interrupt_signal.load(std::memory_order_relaxed); }

ProgressDisplay::ProgressDisplay(bool enabled, bool terminal)
    : enabled_(enabled), terminal_(enabled && terminal) {
  struct winsize ws;
  if (terminal_ && ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) width_ = ws.ws_col;
}

void ProgressDisplay::StartScenario(size_t index, size_t total, const std::string& file) {
  prefix_ = absl::StrCat("[", index, "/", total, "] ");
  file_ = file;
  std::lock_guard<std::mutex> lock(mu_);
  next_log_seconds_ = 10;
  last_draw_ = Clock::time_point{};
  shown_.clear();
  if (terminal_) Draw("checking");
}

void ProgressDisplay::EndScenario() {
  std::lock_guard<std::mutex> lock(mu_);
  if (terminal_) std::cerr << "\r\033[K" << std::flush;
}

bool ProgressDisplay::StopRequested() const { return InterruptSignal() != 0; }

void ProgressDisplay::Report(const SearchProgress& p) {
  if (!enabled_) return;
  const double rate = p.seconds > 0 ? static_cast<double>(p.states) / p.seconds : 0;
  const std::string figures =
      absl::StrCat(Thousands(p.states), " states (", Thousands(static_cast<uint64_t>(rate)),
                   "/s), depth ", Thousands(static_cast<uint64_t>(p.depth)), ", ",
                   Memory(p.rss_bytes), ", ", Elapsed(p.seconds));
  const std::string estimate = EstimatePart(p);
  std::lock_guard<std::mutex> lock(mu_);
  if (terminal_) {
    Clock::time_point now = Clock::now();
    if (now - last_draw_ < std::chrono::milliseconds(200)) return;
    last_draw_ = now;
    // The estimate only where the line has room for it and 20 characters of the file's name.
    const bool room = prefix_.size() + 2 + 20 + figures.size() + estimate.size() < width_;
    Draw(room ? figures + estimate : figures);
  } else if (p.seconds >= next_log_seconds_) {
    while (next_log_seconds_ <= p.seconds) next_log_seconds_ += 10;
    std::cerr << "lockcheck: " << file_ << ": still searching: " << figures << estimate << "\n"
              << std::flush;
  }
}

void ProgressDisplay::Found(const EarlyFinding& f) {
  if (!terminal_) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (!shown_.emplace(f.kind, f.line, f.column).second) return;
  std::cerr << "\r\033[K" << prefix_ << file_ << ": found " << f.kind << " at line " << f.line
            << " (" << f.by << "), still searching\n";
  Draw("checking");
  last_draw_ = Clock::time_point{};  // the next Report redraws the figures at once
}

void ProgressDisplay::Draw(const std::string& status) {
  // A line that wrapped could not be erased with \r: keep it within the terminal, shortening
  // the file's path from the left (its end names it) before the figures.
  const size_t room = width_ - 1;
  std::string file = file_;
  const size_t fixed = prefix_.size() + 2 + status.size();
  if (fixed + file.size() > room && fixed + 4 < room) {
    file = "..." + file.substr(file.size() - (room - fixed - 3));
  }
  std::string line = absl::StrCat(prefix_, file, ": ", status);
  if (line.size() > room) line.resize(room);
  std::cerr << "\r\033[K" << line << std::flush;
}

}  // namespace lockcheck
