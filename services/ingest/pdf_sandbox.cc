#include "services/ingest/pdf_sandbox.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <vector>

#include <unicode/ustring.h>

#include "absl/strings/str_cat.h"

namespace clara::ingest {
namespace {

// An fd closed on scope exit.
struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  void Close() {
    if (fd >= 0) close(fd);
    fd = -1;
  }
};

// Moves `fd` above 2 (close-on-exec) so that a process started without
// stdin/stdout/stderr cannot hand the child the wrong end as fd 0..2.
bool AboveStdio(int* fd) {
  if (*fd > 2) return true;
  int moved = fcntl(*fd, F_DUPFD_CLOEXEC, 3);
  close(*fd);
  *fd = moved;
  return moved >= 0;
}

bool SetNonBlocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

// The child: killed (its whole process group) and reaped unless it was
// reaped already, on every path out.
struct Child {
  pid_t pid = -1;
  bool reaped = false;
  int status = 0;
  ~Child() {
    if (pid > 0 && !reaped) {
      Kill();
      while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
  }
  void Kill() {
    if (pid <= 0 || reaped) return;
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
  }
  // Waits until `deadline`; false when it is still running then.
  bool WaitUntil(absl::Time deadline) {
    for (;;) {
      pid_t r = waitpid(pid, &status, WNOHANG);
      if (r == pid) {
        reaped = true;
        return true;
      }
      if (r < 0 && errno != EINTR) {
        reaped = true;  // not our child any more (SIGCHLD ignored?): count it as a failure
        status = 255 << 8;
        return true;
      }
      if (absl::Now() >= deadline) return false;
      poll(nullptr, 0, 5);
    }
  }
};

bool ValidUtf8(const std::string& s) {
  UErrorCode err = U_ZERO_ERROR;
  int32_t len = 0;
  if (s.size() > static_cast<size_t>(INT32_MAX)) return false;
  u_strFromUTF8(nullptr, 0, &len, s.data(), static_cast<int32_t>(s.size()), &err);
  return err == U_BUFFER_OVERFLOW_ERROR || err == U_STRING_NOT_TERMINATED_WARNING || U_SUCCESS(err);
}

PdfTextResult Problem(std::string outcome, std::string problem) {
  return {.text = "", .problem = std::move(problem), .outcome = std::move(outcome)};
}

std::string MiB(size_t bytes) {
  return bytes >= (1 << 20) ? absl::StrCat(bytes >> 20, " MiB") : absl::StrCat(bytes, " bytes");
}

}  // namespace

std::string DefaultPdfHelperPath() {
  std::vector<char> buf(4096);
  ssize_t n = readlink("/proc/self/exe", buf.data(), buf.size() - 1);
  if (n <= 0) return "clara-pdf-text";
  std::string self(buf.data(), static_cast<size_t>(n));
  const size_t slash = self.rfind('/');
  return slash == std::string::npos ? "clara-pdf-text" : self.substr(0, slash + 1) + "clara-pdf-text";
}

absl::Status CheckPdfHelper(const std::string& path) {
  struct stat st {};
  if (path.empty() || path[0] != '/') return absl::InvalidArgumentError("the PDF text helper path must be absolute");
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || access(path.c_str(), X_OK) != 0) {
    return absl::FailedPreconditionError(absl::StrCat("the PDF text helper ", path, " is not an executable file"));
  }
  return absl::OkStatus();
}

absl::StatusOr<PdfTextResult> ExtractPdfTextSandboxed(const std::string& pdf, const PdfSandboxOptions& o) {
  if (pdf.size() > o.max_input_bytes) {
    return Problem("too_large", absl::StrCat("The résumé PDF is larger than ", MiB(o.max_input_bytes), "."));
  }
  const absl::Time deadline = absl::Now() + o.timeout;

  // stdin: a socket, so that writing to a child that stopped reading is
  // EPIPE (MSG_NOSIGNAL), never SIGPIPE for the whole service.
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
    return absl::UnavailableError(absl::StrCat("PDF helper: socketpair: ", std::strerror(errno)));
  }
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    close(sv[0]);
    close(sv[1]);
    return absl::UnavailableError(absl::StrCat("PDF helper: pipe: ", std::strerror(errno)));
  }
  bool moved = AboveStdio(&sv[0]) & AboveStdio(&sv[1]) & AboveStdio(&out[0]) & AboveStdio(&out[1]);
  Fd to_child(sv[0]), child_in(sv[1]), from_child(out[0]), child_out(out[1]);
  if (!moved) return absl::UnavailableError("PDF helper: cannot arrange descriptors");
  if (!SetNonBlocking(to_child.fd) || !SetNonBlocking(from_child.fd)) {
    return absl::UnavailableError("PDF helper: cannot make descriptors non-blocking");
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, child_in.fd, 0);
  posix_spawn_file_actions_adddup2(&actions, child_out.fd, 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

  std::vector<std::string> args = {o.helper_path, absl::StrCat("--max_pages=", o.max_pages),
                                   absl::StrCat("--max_input_bytes=", o.max_input_bytes),
                                   absl::StrCat("--max_text_bytes=", o.max_text_bytes)};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  char* envp[] = {nullptr};

  Child child;
  int rc = posix_spawn(&child.pid, o.helper_path.c_str(), &actions, &attr, argv.data(), envp);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    child.pid = -1;
    return absl::UnavailableError(absl::StrCat("PDF helper cannot be started: ", std::strerror(rc)));
  }
  child_in.Close();
  child_out.Close();

  // The limits, before the child sees a byte of the PDF.
  const rlim_t cpu = static_cast<rlim_t>(std::max(1, o.cpu_seconds));
  const struct {
    __rlimit_resource resource;
    rlimit limit;
  } limits[] = {
      {RLIMIT_CPU, {cpu, cpu + 1}},
      {RLIMIT_AS, {static_cast<rlim_t>(o.memory_bytes), static_cast<rlim_t>(o.memory_bytes)}},
      {RLIMIT_CORE, {0, 0}},
      {RLIMIT_FSIZE, {0, 0}},
      {RLIMIT_NOFILE, {64, 64}},
  };
  for (const auto& l : limits) {
    if (prlimit(child.pid, l.resource, &l.limit, nullptr) != 0) {
      return absl::UnavailableError(absl::StrCat("PDF helper: prlimit: ", std::strerror(errno)));
    }
  }

  // Feed the PDF and collect the text until both ends are done.
  std::string text;
  size_t sent = 0;
  bool killed_for_time = false, killed_for_size = false;
  char buf[1 << 16];
  while (from_child.fd >= 0) {
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) {
      killed_for_time = true;
      break;
    }
    pollfd fds[2];
    nfds_t n = 0;
    fds[n++] = {.fd = from_child.fd, .events = POLLIN, .revents = 0};
    if (to_child.fd >= 0) fds[n++] = {.fd = to_child.fd, .events = POLLOUT, .revents = 0};
    const int ms = static_cast<int>(std::clamp<int64_t>(absl::ToInt64Milliseconds(left) + 1, 1, 1000));
    int ready = poll(fds, n, ms);
    if (ready < 0 && errno != EINTR) return absl::UnavailableError(absl::StrCat("PDF helper: poll: ", std::strerror(errno)));
    if (ready <= 0) continue;
    if (n == 2 && fds[1].revents != 0) {
      ssize_t w = send(to_child.fd, pdf.data() + sent, std::min<size_t>(pdf.size() - sent, sizeof buf),
                       MSG_NOSIGNAL | MSG_DONTWAIT);
      if (w > 0) sent += static_cast<size_t>(w);
      if ((w < 0 && errno != EAGAIN && errno != EINTR) || sent == pdf.size()) {
        to_child.Close();  // EOF for the child (or it stopped reading: its exit says why)
      }
    }
    if (fds[0].revents != 0) {
      ssize_t r = read(from_child.fd, buf, sizeof buf);
      if (r > 0) {
        text.append(buf, static_cast<size_t>(r));
        if (text.size() > o.max_text_bytes + 1) {
          killed_for_size = true;
          break;
        }
      } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
        from_child.Close();
      }
    }
  }
  to_child.Close();
  from_child.Close();
  if (killed_for_time || killed_for_size || !child.WaitUntil(deadline)) {
    child.Kill();
    child.WaitUntil(absl::InfiniteFuture());
    if (killed_for_size) {
      return Problem("text_too_long", absl::StrCat("The résumé PDF holds more than ", MiB(o.max_text_bytes), " of text."));
    }
    return Problem("timeout", absl::StrCat("Reading the résumé PDF took longer than ",
                                           absl::ToInt64Seconds(o.timeout), " seconds."));
  }

  const int st = child.status;
  if (WIFSIGNALED(st)) {
    const int sig = WTERMSIG(st);
    if (sig == SIGXCPU || sig == SIGKILL) {
      return Problem("cpu_limit", absl::StrCat("Reading the résumé PDF needed more than ", o.cpu_seconds,
                                               " seconds of processing."));
    }
    return Problem("crashed", "The résumé PDF made the text reader fail (it crashed or ran out of memory).");
  }
  const int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  switch (code) {
    case 0: break;
    case pdf_exit::kNotPdf: return Problem("not_pdf", "The résumé is not a PDF.");
    case pdf_exit::kUnreadable: return Problem("unreadable", "The résumé PDF is damaged and cannot be read.");
    case pdf_exit::kEncrypted: return Problem("encrypted", "The résumé PDF is password-protected.");
    case pdf_exit::kTooManyPages:
      return Problem("too_many_pages", absl::StrCat("The résumé PDF has more than ", o.max_pages, " pages."));
    case pdf_exit::kTooLarge:
      return Problem("too_large", absl::StrCat("The résumé PDF is larger than ", MiB(o.max_input_bytes), "."));
    case pdf_exit::kTextTooLong:
      return Problem("text_too_long", absl::StrCat("The résumé PDF holds more than ", MiB(o.max_text_bytes), " of text."));
    case pdf_exit::kOutOfMemory:
      return Problem("memory_limit", absl::StrCat("Reading the résumé PDF needed more than ", MiB(o.memory_bytes),
                                                  " of memory."));
    default:
      return Problem("crashed", "The résumé PDF made the text reader fail (it crashed or ran out of memory).");
  }
  if (text.size() > o.max_text_bytes) {
    return Problem("text_too_long", absl::StrCat("The résumé PDF holds more than ", MiB(o.max_text_bytes), " of text."));
  }
  if (!ValidUtf8(text)) return Problem("bad_output", "The résumé PDF's text could not be read (it is not valid text).");
  std::replace(text.begin(), text.end(), '\0', ' ');  // PostgreSQL text holds no NUL
  if (text.find_first_not_of(" \t\r\n\f\v") == std::string::npos) {
    return Problem("no_text", "The résumé PDF contains no text (it may be a scanned image).");
  }
  return PdfTextResult{.text = std::move(text), .problem = "", .outcome = "extracted"};
}

}  // namespace clara::ingest
