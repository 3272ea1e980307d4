// Renders a resume written in a tiny markup into a PDF with libharu, in memory.
//
// Markup, one item per line:  "# Name" (title), "## Heading", "- bullet", "" (blank line),
// anything else is a paragraph. Text is UTF-8; it is converted to WinAnsiEncoding (CP1252), so
// Nordic and German letters (å ä ö ü ß é) and typographic dashes survive and can be extracted
// again by a PDF text extractor. Characters outside CP1252 become '?'.
#pragma once

#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"

namespace clara::ttsim {

// Returns the PDF bytes, or kInternal if libharu reports an error.
absl::StatusOr<std::string> RenderResumePdf(absl::string_view markup, absl::string_view title);

// UTF-8 → CP1252 (WinAnsiEncoding); unmappable characters become '?'.
std::string Utf8ToWinAnsi(absl::string_view utf8);

}  // namespace clara::ttsim
