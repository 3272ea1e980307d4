// Text extraction from résumé PDFs (poppler-cpp). Pure: bytes in, text out.
//
// Untrusted PDFs are never parsed in a service process: clara-ingest runs
// this inside the clara-pdf-text helper (pdf_text_main.cc) under the limits
// of pdf_sandbox.h. Only the helper and its tests link poppler.
#pragma once

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"

namespace clara::ingest {

struct PdfTextLimits {
  // A document with more pages is refused (before any page is read).
  int max_pages = 50;
  // Text beyond this many bytes is refused.
  size_t max_text_bytes = 1 << 20;
};

// Extracts the text of every page in reading order, pages separated by a
// form feed; the text is UTF-8. INVALID_ARGUMENT when the bytes are not a
// readable PDF (or it is encrypted); OUT_OF_RANGE when it has more pages or
// more text than `limits` allow.
absl::StatusOr<std::string> ExtractPdfText(const std::string& pdf_bytes, const PdfTextLimits& limits = {});

}  // namespace clara::ingest
