#include "services/ingest/pdf_text.h"

#include <hpdf.h>

#include "gtest/gtest.h"

namespace clara::ingest {
namespace {

// A two-page PDF written with libharu (WinAnsi text, as résumés often are).
std::string MakePdf(const std::vector<std::string>& pages) {
  HPDF_Doc pdf = HPDF_New(nullptr, nullptr);
  HPDF_Font font = HPDF_GetFont(pdf, "Helvetica", "WinAnsiEncoding");
  for (const auto& text : pages) {
    HPDF_Page page = HPDF_AddPage(pdf);
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, font, 12);
    HPDF_Page_TextOut(page, 50, 750, text.c_str());
    HPDF_Page_EndText(page);
  }
  HPDF_SaveToStream(pdf);
  std::string out(HPDF_GetStreamSize(pdf), '\0');
  HPDF_UINT32 size = static_cast<HPDF_UINT32>(out.size());
  HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(out.data()), &size);
  out.resize(size);
  HPDF_Free(pdf);
  return out;
}

TEST(PdfTextTest, ExtractsEveryPageInUtf8) {
  // "Malm\xf6" is WinAnsi for Malmö.
  auto text = ExtractPdfText(MakePdf({"Senior Backend Engineer, PostgreSQL", "Lagerarbetare i Malm\xf6"}));
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_NE(text->find("Senior Backend Engineer, PostgreSQL"), std::string::npos) << *text;
  EXPECT_NE(text->find("Malmö"), std::string::npos) << *text;
  EXPECT_NE(text->find('\f'), std::string::npos);
}

TEST(PdfTextTest, RejectsWhatIsNotAPdf) {
  for (const std::string& bytes : {std::string(""), std::string("hello"), std::string("%PDF-1.4 truncated garbage")}) {
    SCOPED_TRACE(bytes);
    EXPECT_EQ(ExtractPdfText(bytes).status().code(), absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace clara::ingest
