// Implementation of resume_pdf.h on libharu.
#include "tools/teamtailor-sim/resume_pdf.h"

#include <hpdf.h>

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace clara::ttsim {
namespace {

// CP1252 bytes 0x80–0x9F and the code points they stand for.
constexpr struct {
  char32_t code_point;
  unsigned char byte;
} kWinAnsiExtras[] = {
    {0x20AC, 0x80}, {0x201A, 0x82}, {0x0192, 0x83}, {0x201E, 0x84}, {0x2026, 0x85},
    {0x2020, 0x86}, {0x2021, 0x87}, {0x02C6, 0x88}, {0x2030, 0x89}, {0x0160, 0x8A},
    {0x2039, 0x8B}, {0x0152, 0x8C}, {0x017D, 0x8E}, {0x2018, 0x91}, {0x2019, 0x92},
    {0x201C, 0x93}, {0x201D, 0x94}, {0x2022, 0x95}, {0x2013, 0x96}, {0x2014, 0x97},
    {0x02DC, 0x98}, {0x2122, 0x99}, {0x0161, 0x9A}, {0x203A, 0x9B}, {0x0153, 0x9C},
    {0x017E, 0x9E}, {0x0178, 0x9F},
};

struct HpdfErrors {
  HPDF_STATUS first = HPDF_OK;
  HPDF_STATUS detail = 0;
};

void OnHpdfError(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data) {
  auto* errors = static_cast<HpdfErrors*>(user_data);
  if (errors->first == HPDF_OK) {
    errors->first = error_no;
    errors->detail = detail_no;
  }
}

constexpr float kPageWidth = 595.276f;   // A4 in points
constexpr float kPageHeight = 841.89f;
constexpr float kMargin = 56.0f;

class Writer {
 public:
  Writer(HPDF_Doc pdf, HPDF_Font regular, HPDF_Font bold)
      : pdf_(pdf), regular_(regular), bold_(bold) {}

  void Line(const std::string& text, HPDF_Font font, float size, float indent, float gap_before,
            const std::string& first_prefix = "") {
    y_ -= gap_before;
    const float width = kPageWidth - 2 * kMargin - indent;
    std::vector<std::string> words = absl::StrSplit(text, ' ', absl::SkipEmpty());
    std::string line;
    bool first_line = true;
    auto flush = [&]() {
      if (line.empty()) return;
      EnsureRoom(size * 1.35f);
      HPDF_Page_BeginText(page_);
      HPDF_Page_SetFontAndSize(page_, font, size);
      std::string out = first_line ? first_prefix + line : line;
      float x = kMargin + indent - (first_line && !first_prefix.empty() ? 10.0f : 0.0f);
      HPDF_Page_TextOut(page_, x, y_, out.c_str());
      HPDF_Page_EndText(page_);
      y_ -= size * 1.35f;
      line.clear();
      first_line = false;
    };
    for (const std::string& word : words) {
      std::string candidate = line.empty() ? word : absl::StrCat(line, " ", word);
      EnsurePage();
      HPDF_Page_SetFontAndSize(page_, font, size);
      if (!line.empty() && HPDF_Page_TextWidth(page_, candidate.c_str()) > width) flush();
      line = line.empty() ? word : absl::StrCat(line, " ", word);
    }
    flush();
  }

  void Rule() {
    EnsureRoom(6);
    HPDF_Page_SetLineWidth(page_, 0.6f);
    HPDF_Page_MoveTo(page_, kMargin, y_ + 8);
    HPDF_Page_LineTo(page_, kPageWidth - kMargin, y_ + 8);
    HPDF_Page_Stroke(page_);
    y_ -= 4;
  }

  HPDF_Font regular() const { return regular_; }
  HPDF_Font bold() const { return bold_; }

 private:
  void EnsurePage() {
    if (page_ == nullptr) NewPage();
  }
  void EnsureRoom(float needed) {
    EnsurePage();
    if (y_ - needed < kMargin) NewPage();
  }
  void NewPage() {
    page_ = HPDF_AddPage(pdf_);
    HPDF_Page_SetSize(page_, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    y_ = kPageHeight - kMargin;
  }

  HPDF_Doc pdf_;
  HPDF_Font regular_, bold_;
  HPDF_Page page_ = nullptr;
  float y_ = 0;
};

}  // namespace

std::string Utf8ToWinAnsi(absl::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    char32_t cp;
    int len;
    if (c < 0x80) {
      cp = c, len = 1;
    } else if ((c & 0xE0) == 0xC0) {
      cp = c & 0x1F, len = 2;
    } else if ((c & 0xF0) == 0xE0) {
      cp = c & 0x0F, len = 3;
    } else if ((c & 0xF8) == 0xF0) {
      cp = c & 0x07, len = 4;
    } else {
      out.push_back('?');
      ++i;
      continue;
    }
    if (i + len > utf8.size()) {
      out.push_back('?');
      break;
    }
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += len;
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) {
      out.push_back(static_cast<char>(cp));
      continue;
    }
    char mapped = '?';
    for (const auto& e : kWinAnsiExtras) {
      if (e.code_point == cp) mapped = static_cast<char>(e.byte);
    }
    out.push_back(mapped);
  }
  return out;
}

absl::StatusOr<std::string> RenderResumePdf(absl::string_view markup, absl::string_view title) {
  HpdfErrors errors;
  HPDF_Doc pdf = HPDF_New(OnHpdfError, &errors);
  if (pdf == nullptr) return absl::InternalError("libharu: HPDF_New failed");
  HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
  HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, Utf8ToWinAnsi(title).c_str());
  HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "teamtailor-sim");
  HPDF_Font regular = HPDF_GetFont(pdf, "Helvetica", "WinAnsiEncoding");
  HPDF_Font bold = HPDF_GetFont(pdf, "Helvetica-Bold", "WinAnsiEncoding");
  Writer w(pdf, regular, bold);

  bool pending_gap = false;
  for (absl::string_view raw : absl::StrSplit(markup, '\n')) {
    std::string line = Utf8ToWinAnsi(raw);
    if (line.empty()) {
      pending_gap = true;
      continue;
    }
    float gap = pending_gap ? 6.0f : 0.0f;
    pending_gap = false;
    if (line.rfind("## ", 0) == 0) {
      w.Line(line.substr(3), w.bold(), 12.5f, 0, 10.0f + gap);
      w.Rule();
    } else if (line.rfind("# ", 0) == 0) {
      w.Line(line.substr(2), w.bold(), 20.0f, 0, gap);
    } else if (line.rfind("- ", 0) == 0) {
      w.Line(line.substr(2), w.regular(), 10.5f, 14.0f, gap, "\x95 ");
    } else {
      w.Line(line, w.regular(), 10.5f, 0, gap);
    }
  }

  HPDF_SaveToStream(pdf);
  if (errors.first != HPDF_OK) {
    HPDF_Free(pdf);
    return absl::InternalError(
        absl::StrCat("libharu error 0x", absl::Hex(errors.first), " detail ", errors.detail));
  }
  std::string out(HPDF_GetStreamSize(pdf), '\0');
  HPDF_UINT32 read = static_cast<HPDF_UINT32>(out.size());
  // Reading the whole stream may report HPDF_STREAM_EOF; only the byte count matters here.
  HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(out.data()), &read);
  HPDF_Free(pdf);
  if (read != out.size() || out.empty()) {
    return absl::InternalError("libharu: short read of the PDF stream");
  }
  return out;
}

}  // namespace clara::ttsim
