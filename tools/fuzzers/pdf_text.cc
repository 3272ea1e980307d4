// Résumé PDF text (services/ingest/pdf_text.*): ExtractPdfText, the entry
// point ingest calls on the downloaded résumé bytes (poppler-cpp). Poppler
// itself is Debian's uninstrumented library: coverage guides the fuzzer
// only through our code, and ASan sees poppler's heap only through its
// malloc/free; see README.md. Input: the file.
#include <cstddef>
#include <cstdint>

#include "services/ingest/pdf_text.h"
#include "tools/fuzzers/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto text = clara::ingest::ExtractPdfText(clara::fuzz::Bytes(data, size));
  // Unreadable → INVALID_ARGUMENT; over the page/text limits → OUT_OF_RANGE.
  if (!text.ok()) {
    FUZZ_CHECK(text.status().code() == absl::StatusCode::kInvalidArgument ||
               text.status().code() == absl::StatusCode::kOutOfRange);
  }
  return 0;
}
