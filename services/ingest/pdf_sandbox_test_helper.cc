// A helper that misbehaves on purpose, for pdf_sandbox_test: it stands in for
// clara-pdf-text to show that the parent's limits hold whatever the child
// does. The behaviour is the name it is run under (argv[0]'s file name; the
// test makes symlinks):
//
//   spin     reads stdin, then burns CPU forever        (RLIMIT_CPU)
//   alloc    allocates and touches memory forever       (RLIMIT_AS)
//   crash    SIGSEGV                                     (a crash)
//   flood    writes text forever                         (output cap)
//   garbage  writes bytes that are not UTF-8             (bad output)
//   sleep    closes stdout and sleeps, using no CPU      (wall clock)
//   noread   never reads stdin, sleeps                   (a big PDF must not block the parent)
//   fds      writes "fds:" and the open descriptors above 2
//   echo     writes stdin back (as text)
#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

std::string ReadAll() {
  std::string in;
  char buf[65536];
  ssize_t n;
  while ((n = read(0, buf, sizeof buf)) > 0) in.append(buf, static_cast<size_t>(n));
  return in;
}

void WriteAll(const std::string& s) {
  for (size_t off = 0; off < s.size();) {
    ssize_t n = write(1, s.data() + off, s.size() - off);
    if (n <= 0) std::exit(1);
    off += static_cast<size_t>(n);
  }
}

}  // namespace

int main(int, char** argv) {
  std::string mode = argv[0];
  if (auto slash = mode.rfind('/'); slash != std::string::npos) mode = mode.substr(slash + 1);
  if (mode == "noread") {
    for (;;) pause();
  }
  const std::string in = ReadAll();
  if (mode == "spin") {
    volatile unsigned long x = 0;
    for (;;) x = x + 1;
  }
  if (mode == "alloc") {
    std::vector<char*> blocks;
    for (;;) {
      char* p = static_cast<char*>(std::malloc(16 << 20));
      if (p == nullptr) std::abort();  // what an allocator does when RLIMIT_AS says no
      std::memset(p, 1, 16 << 20);
      blocks.push_back(p);
    }
  }
  if (mode == "crash") raise(SIGSEGV);
  if (mode == "flood") {
    const std::string line(4096, 'a');
    for (;;) WriteAll(line);
  }
  if (mode == "garbage") {
    WriteAll("Senior engineer \xff\xfe\xc0\x80 with PostgreSQL");
    return 0;
  }
  if (mode == "sleep") {
    close(1);
    for (;;) pause();
  }
  if (mode == "fds") {
    std::string out = "fds:";
    if (DIR* d = opendir("/proc/self/fd")) {
      const int own = dirfd(d);
      while (dirent* e = readdir(d)) {
        const int fd = std::atoi(e->d_name);
        if (e->d_name[0] != '.' && fd > 2 && fd != own) out += " " + std::string(e->d_name);
      }
      closedir(d);
    }
    WriteAll(out);
    return 0;
  }
  if (mode == "echo") {
    WriteAll(in);
    return 0;
  }
  return 3;
}
