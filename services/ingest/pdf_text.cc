#include "services/ingest/pdf_text.h"

#include <memory>

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include "absl/strings/str_cat.h"

namespace clara::ingest {

namespace {
// Poppler prints parse complaints to stderr; a malformed upload is reported
// through the status instead (and logs never carry document content).
void QuietPoppler(const std::string&, void*) {}
}  // namespace

absl::StatusOr<std::string> ExtractPdfText(const std::string& pdf_bytes, const PdfTextLimits& limits) {
  static const bool quiet = (poppler::set_debug_error_function(QuietPoppler, nullptr), true);
  (void)quiet;
  if (pdf_bytes.size() < 5 || pdf_bytes.compare(0, 5, "%PDF-") != 0) {
    return absl::InvalidArgumentError("résumé is not a PDF");
  }
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(pdf_bytes.data(), static_cast<int>(pdf_bytes.size())));
  if (!doc) return absl::InvalidArgumentError("résumé PDF cannot be read");
  if (doc->is_locked()) return absl::InvalidArgumentError("résumé PDF is encrypted");
  const int pages = doc->pages();
  if (pages > limits.max_pages) {
    return absl::OutOfRangeError(absl::StrCat("résumé PDF has more than ", limits.max_pages, " pages"));
  }
  std::string text;
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;
    poppler::byte_array utf8 = page->text().to_utf8();
    if (i > 0) text.push_back('\f');
    if (text.size() + utf8.size() > limits.max_text_bytes) {
      return absl::OutOfRangeError(absl::StrCat("résumé text longer than ", limits.max_text_bytes, " bytes"));
    }
    text.append(utf8.begin(), utf8.end());
  }
  return text;
}

}  // namespace clara::ingest
