// Text extraction from résumé PDFs (poppler-cpp). Pure: bytes in, text out.
#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace clara::ingest {

// Extracts the text of every page in reading order, pages separated by a
// form feed. INVALID_ARGUMENT when the bytes are not a readable PDF (or it
// is encrypted); the text is UTF-8.
absl::StatusOr<std::string> ExtractPdfText(const std::string& pdf_bytes);

}  // namespace clara::ingest
