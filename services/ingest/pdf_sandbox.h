// Runs PDF text extraction in a child process with limits, so that an
// untrusted résumé can never crash, hang or exhaust clara-ingest.
//
// Each résumé gets a fresh clara-pdf-text (pdf_text_main.cc), started with
// posix_spawn (no shell): the PDF on its stdin, the text on its stdout,
// stderr to /dev/null, every other descriptor closed, an empty environment,
// its own process group, signals at their defaults. Before the PDF is sent
// the parent sets the child's limits with prlimit(2):
//
//   RLIMIT_CPU    cpu_seconds (soft; hard = soft + 1)  → SIGXCPU / SIGKILL
//   RLIMIT_AS     memory_bytes                          → allocation fails
//   RLIMIT_CORE 0, RLIMIT_FSIZE 0 (no files written), RLIMIT_NOFILE 64
//
// and it enforces a wall-clock deadline (SIGKILL to the group), an input cap
// (larger PDFs are not sent) and an output cap (the child is killed once its
// text is longer); the helper itself refuses more than max_pages pages. The
// output must be UTF-8. Whatever goes wrong with the PDF comes back as a
// `problem` in plain words, never as an error of the caller.
//
// Not done: no seccomp filter, no namespaces (network, mount, user) and no
// separate user id; the helper runs as the service's user. It needs no
// network and writes no files, so a seccomp or namespace jail would be a
// further layer, not a replacement for these limits.
#pragma once

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace clara::ingest {

struct PdfSandboxOptions {
  // The helper executable (clara-pdf-text).
  std::string helper_path;
  size_t max_input_bytes = 20 << 20;
  size_t max_text_bytes = 1 << 20;
  int max_pages = 50;
  int cpu_seconds = 10;
  size_t memory_bytes = size_t{256} << 20;
  absl::Duration timeout = absl::Seconds(30);
};

// What became of one PDF.
struct PdfTextResult {
  // The text, when `problem` is empty.
  std::string text;
  // Why the résumé could not be read, in words a recruiter understands.
  std::string problem;
  // Metric label: extracted, not_pdf, unreadable, encrypted, too_many_pages,
  // too_large, text_too_long, no_text, cpu_limit, memory_limit, timeout,
  // crashed, bad_output.
  std::string outcome;
};

// Extracts `pdf`'s text in a sandboxed helper. The PDF's faults (limits,
// crashes, garbage) are a result with a problem; an error status
// (UNAVAILABLE) only when the helper could not be run at all.
absl::StatusOr<PdfTextResult> ExtractPdfTextSandboxed(const std::string& pdf, const PdfSandboxOptions& options);

// clara-pdf-text in the folder of the running executable.
std::string DefaultPdfHelperPath();

// OK when `path` is an executable file (checked at start-up).
absl::Status CheckPdfHelper(const std::string& path);

// The helper's exit codes (0 = text on stdout).
namespace pdf_exit {
inline constexpr int kUsage = 2;
inline constexpr int kNotPdf = 10;
inline constexpr int kUnreadable = 11;
inline constexpr int kEncrypted = 12;
inline constexpr int kTooManyPages = 13;
inline constexpr int kTooLarge = 14;
inline constexpr int kTextTooLong = 15;
inline constexpr int kOutOfMemory = 16;
}  // namespace pdf_exit

}  // namespace clara::ingest
