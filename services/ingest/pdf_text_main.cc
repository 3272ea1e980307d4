// clara-pdf-text: reads a PDF on stdin, writes its text (UTF-8, pages
// separated by form feeds) on stdout. Run by clara-ingest per résumé under
// the limits of pdf_sandbox.h; the exit code says why a PDF was refused
// (pdf_exit in pdf_sandbox.h). Nothing is printed on stderr about the
// document, and nothing is written anywhere else.
//
//   clara-pdf-text --max_pages=50 --max_input_bytes=20971520 --max_text_bytes=1048576 < cv.pdf
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <new>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "services/ingest/pdf_sandbox.h"
#include "services/ingest/pdf_text.h"

namespace {

using namespace clara::ingest;

bool Flag(const std::string& arg, const char* name, int64_t* out) {
  const std::string prefix = std::string("--") + name + "=";
  if (!absl::StartsWith(arg, prefix)) return false;
  return absl::SimpleAtoi(arg.substr(prefix.size()), out) && *out >= 0;
}

int Run(int argc, char** argv) {
  int64_t max_pages = 50, max_input = 20 << 20, max_text = 1 << 20;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (!Flag(arg, "max_pages", &max_pages) && !Flag(arg, "max_input_bytes", &max_input) &&
        !Flag(arg, "max_text_bytes", &max_text)) {
      std::fprintf(stderr, "clara-pdf-text: unknown argument (want --max_pages, --max_input_bytes, --max_text_bytes)\n");
      return pdf_exit::kUsage;
    }
  }
  std::string pdf;
  char buf[1 << 16];
  for (;;) {
    ssize_t n = read(0, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return pdf_exit::kUnreadable;
    if (n == 0) break;
    if (pdf.size() + static_cast<size_t>(n) > static_cast<size_t>(max_input)) return pdf_exit::kTooLarge;
    pdf.append(buf, static_cast<size_t>(n));
  }
  PdfTextLimits limits{.max_pages = static_cast<int>(std::min<int64_t>(max_pages, 1 << 20)),
                       .max_text_bytes = static_cast<size_t>(max_text)};
  auto text = ExtractPdfText(pdf, limits);
  if (!text.ok()) {
    const std::string m(text.status().message());
    if (absl::IsOutOfRange(text.status())) {
      return absl::StrContains(m, "pages") ? pdf_exit::kTooManyPages : pdf_exit::kTextTooLong;
    }
    if (absl::StrContains(m, "not a PDF")) return pdf_exit::kNotPdf;
    if (absl::StrContains(m, "encrypted")) return pdf_exit::kEncrypted;
    return pdf_exit::kUnreadable;
  }
  for (size_t off = 0; off < text->size();) {
    ssize_t n = write(1, text->data() + off, text->size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return pdf_exit::kUnreadable;
    off += static_cast<size_t>(n);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::bad_alloc&) {
    return pdf_exit::kOutOfMemory;
  }
}
