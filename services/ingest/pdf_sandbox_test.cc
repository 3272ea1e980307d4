// The PDF sandbox with the real clara-pdf-text helper on real (and
// adversarial) PDFs, and with a helper that misbehaves on purpose
// (pdf_sandbox_test_helper) to show the parent's limits hold.
#include "services/ingest/pdf_sandbox.h"

#include <fcntl.h>
#include <hpdf.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace clara::ingest {
namespace {

const std::string kHelper = CLARA_BINARY_DIR "/services/ingest/clara-pdf-text";
const std::string kMisbehaving = CLARA_BINARY_DIR "/services/ingest/pdf_sandbox_test_helper";

// Tight limits, so that the adversarial cases end quickly.
PdfSandboxOptions Options(const std::string& helper = kHelper) {
  PdfSandboxOptions o;
  o.helper_path = helper;
  o.max_input_bytes = 8 << 20;
  o.max_text_bytes = 256 << 10;
  o.max_pages = 50;
  o.cpu_seconds = 2;
  o.memory_bytes = size_t{512} << 20;
  o.timeout = absl::Seconds(60);  // a bound against hangs, not an assertion
  return o;
}

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

// A PDF from numbered object bodies (object 1 is the catalog), with a
// correct cross-reference table.
std::string PdfFromObjects(const std::vector<std::string>& objects) {
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    absl::StrAppend(&pdf, i + 1, " 0 obj\n", objects[i], "\nendobj\n");
  }
  const size_t xref = pdf.size();
  absl::StrAppend(&pdf, "xref\n0 ", objects.size() + 1, "\n0000000000 65535 f \n");
  for (size_t off : offsets) {
    char line[32];
    snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  absl::StrAppend(&pdf, "trailer\n<< /Size ", objects.size() + 1, " /Root 1 0 R >>\nstartxref\n", xref, "\n%%EOF\n");
  return pdf;
}

const char kFont[] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

// A zlib stream that inflates to `prefix`, one copy of `pattern`, then
// `repeats` × 258 more bytes of the pattern repeated: fixed-Huffman deflate
// with a 258-byte back-reference per 15 bits, about 140:1.
std::string DeflateBomb(const std::string& prefix, const std::string& pattern, size_t repeats) {
  struct Bits {
    std::string out;
    uint32_t acc = 0;
    int n = 0;
    void Put(uint32_t v, int bits) {  // LSB first (header fields, extra bits)
      acc |= v << n;
      n += bits;
      while (n >= 8) {
        out.push_back(static_cast<char>(acc & 0xff));
        acc >>= 8;
        n -= 8;
      }
    }
    void Code(uint32_t code, int len) {  // Huffman codes MSB first
      uint32_t r = 0;
      for (int i = 0; i < len; ++i) r |= ((code >> i) & 1u) << (len - 1 - i);
      Put(r, len);
    }
    void Literal(unsigned char c) { c < 144 ? Code(0x30 + c, 8) : Code(0x190 + (c - 144), 9); }
  } bits;
  EXPECT_EQ(pattern.size(), 16u);  // distance 16 = code 7 with extra bits 3
  bits.Put(1, 1);                  // BFINAL
  bits.Put(1, 2);                  // BTYPE fixed Huffman
  for (unsigned char c : prefix + pattern) bits.Literal(c);
  for (size_t i = 0; i < repeats; ++i) {
    bits.Code(0xC0 + (285 - 280), 8);  // length 258
    bits.Code(7, 5);                   // distance 13..16
    bits.Put(3, 2);                    // + 3 = 16
  }
  bits.Code(0, 7);  // end of block
  if (bits.n > 0) bits.Put(0, 8 - bits.n);
  // zlib header; the Adler-32 trailer is left zero (a bomb does not care).
  return std::string("\x78\x01", 2) + bits.out + std::string(4, '\0');
}

TEST(PdfSandboxTest, ANormalPdfYieldsItsTextThroughTheHelper) {
  auto r = ExtractPdfTextSandboxed(MakePdf({"Senior Backend Engineer, PostgreSQL", "Lagerarbetare i Malm\xf6"}), Options());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->problem, "");
  EXPECT_EQ(r->outcome, "extracted");
  EXPECT_NE(r->text.find("Senior Backend Engineer, PostgreSQL"), std::string::npos) << r->text;
  EXPECT_NE(r->text.find("Malmö"), std::string::npos) << r->text;
  EXPECT_NE(r->text.find('\f'), std::string::npos);
}

TEST(PdfSandboxTest, WhatIsNotAPdfIsAProblem) {
  for (const auto& [bytes, outcome] : std::vector<std::pair<std::string, std::string>>{
           {"hello, this is a Word document", "not_pdf"}, {"%PDF-1.4 truncated garbage", "unreadable"}}) {
    auto r = ExtractPdfTextSandboxed(bytes, Options());
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->outcome, outcome);
    EXPECT_NE(r->problem, "");
    EXPECT_EQ(r->text, "");
  }
}

TEST(PdfSandboxTest, AScannedPdfWithoutTextIsAProblem) {
  auto r = ExtractPdfTextSandboxed(MakePdf({""}), Options());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->outcome, "no_text");
  EXPECT_NE(r->problem.find("no text"), std::string::npos) << r->problem;
}

TEST(PdfSandboxTest, MorePagesThanTheCapIsAProblem) {
  auto r = ExtractPdfTextSandboxed(MakePdf(std::vector<std::string>(60, "page")), Options());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->outcome, "too_many_pages");
  EXPECT_EQ(r->problem, "The résumé PDF has more than 50 pages.");
  // The same document under the cap is read.
  auto ok = ExtractPdfTextSandboxed(MakePdf(std::vector<std::string>(40, "page")), Options());
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->outcome, "extracted");
}

TEST(PdfSandboxTest, AHugeDeclaredPageCountIsAProblem) {
  // One page object listed 200,000 times in the page tree: 3 MB that claims
  // 200,000 pages.
  std::string kids;
  kids.reserve(200000 * 6);
  for (int i = 0; i < 200000; ++i) kids += "3 0 R ";
  const std::string pdf = PdfFromObjects({
      "<< /Type /Catalog /Pages 2 0 R >>",
      absl::StrCat("<< /Type /Pages /Count 200000 /Kids [", kids, "] >>"),
      absl::StrCat("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"),
      "<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 720 Td (Repeated page) Tj ET\nendstream",
      kFont,
  });
  auto r = ExtractPdfTextSandboxed(pdf, Options());
  ASSERT_TRUE(r.ok()) << r.status();
  // poppler 22.12 drops the repeated kids as a loop in the page tree and
  // finds no text; a reader that counted them would refuse the page count.
  const std::set<std::string> refusals = {"no_text", "too_many_pages", "unreadable"};
  EXPECT_TRUE(refusals.count(r->outcome)) << r->outcome << ": " << r->problem;
  EXPECT_EQ(r->text, "");
}

TEST(PdfSandboxTest, ADecompressionBombIsAProblemWithinTheLimits) {
  // 2 MB of deflate that inflates to 250 MB of text-showing operators on one page.
  const std::string content = DeflateBomb("BT /F1 10 Tf 72 720 Td ", "(AAAAAAAAAA) Tj ", 1000000);
  const std::string pdf = PdfFromObjects({
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
      absl::StrCat("<< /Length ", content.size(), " /Filter /FlateDecode >>\nstream\n", content, "\nendstream"),
      kFont,
  });
  ASSERT_LT(pdf.size(), size_t{3} << 20);
  auto r = ExtractPdfTextSandboxed(pdf, Options());
  ASSERT_TRUE(r.ok()) << r.status();
  const std::set<std::string> limits = {"cpu_limit", "memory_limit", "crashed", "timeout", "text_too_long"};
  EXPECT_TRUE(limits.count(r->outcome)) << r->outcome << ": " << r->problem;
  EXPECT_NE(r->problem, "");
  EXPECT_EQ(r->text, "");
}

TEST(PdfSandboxTest, ADeeplyNestedObjectGraphEndsWithinTheLimits) {
  // A page tree 50,000 levels deep (3.5 MB; each /Pages node the only kid of
  // its parent) whose one leaf is a page: poppler walks it without recursing
  // per level, so the page is read; a stack overflow would be "crashed".
  constexpr int kDepth = 50000;
  std::vector<std::string> objects = {"<< /Type /Catalog /Pages 2 0 R >>"};
  for (int i = 0; i < kDepth; ++i) {
    const int self = 2 + i;
    objects.push_back(absl::StrCat("<< /Type /Pages /Count 1 /Kids [", self + 1, " 0 R]",
                                   i > 0 ? absl::StrCat(" /Parent ", self - 1, " 0 R") : "", " >>"));
  }
  const int page = 2 + kDepth, contents = page + 1, font = page + 2;
  objects.push_back(absl::StrCat("<< /Type /Page /Parent ", page - 1, " 0 R /MediaBox [0 0 612 792] /Contents ",
                                 contents, " 0 R /Resources << /Font << /F1 ", font, " 0 R >> >> >>"));
  objects.push_back("<< /Length 40 >>\nstream\nBT /F1 12 Tf 72 720 Td (Deep page) Tj ET\nendstream");
  objects.push_back(kFont);
  auto deep_tree = ExtractPdfTextSandboxed(PdfFromObjects(objects), Options());
  ASSERT_TRUE(deep_tree.ok()) << deep_tree.status();
  EXPECT_EQ(deep_tree->outcome, "extracted") << deep_tree->problem;
  EXPECT_NE(deep_tree->text.find("Deep page"), std::string::npos);

  // Arrays nested 1,000,000 deep in the page's dictionary and in its content
  // stream (2 MB each): poppler survives them, but needs about 7 s of CPU for
  // them here (measured without limits). With a 1 s budget that is a problem.
  const std::string nested = std::string(1000000, '[') + std::string(1000000, ']');
  const std::string stream = absl::StrCat("BT /F1 12 Tf 72 720 Td ", nested, " pop (Nested page) Tj ET");
  auto deep_arrays = ExtractPdfTextSandboxed(
      PdfFromObjects({
          "<< /Type /Catalog /Pages 2 0 R >>",
          "<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
          absl::StrCat("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Deep ", nested,
                       " /Resources << /Font << /F1 5 0 R >> >> >>"),
          absl::StrCat("<< /Length ", stream.size(), " >>\nstream\n", stream, "\nendstream"),
          kFont,
      }),
      [] {
        PdfSandboxOptions o = Options();
        o.cpu_seconds = 1;
        return o;
      }());
  ASSERT_TRUE(deep_arrays.ok()) << deep_arrays.status();
  EXPECT_EQ(deep_arrays->outcome, "cpu_limit") << deep_arrays->problem;
  EXPECT_EQ(deep_arrays->text, "");
}

TEST(PdfSandboxTest, APdfLargerThanTheInputCapIsNotSent) {
  PdfSandboxOptions o = Options();
  o.max_input_bytes = 1000;
  auto r = ExtractPdfTextSandboxed(MakePdf({std::string(200, 'x'), std::string(200, 'y'), std::string(200, 'z')}) +
                                       std::string(1000, ' '),
                                   o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->outcome, "too_large");
  EXPECT_EQ(r->problem, "The résumé PDF is larger than 1000 bytes.");
}

// The misbehaving helper under the name that selects its behaviour.
class MisbehavingHelperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/pdf-sandbox-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  PdfSandboxOptions As(const std::string& mode) {
    const std::string link = dir_ + "/" + mode;
    std::filesystem::create_symlink(kMisbehaving, link);
    return Options(link);
  }
  std::string dir_;
};

TEST_F(MisbehavingHelperTest, AHelperThatSpinsIsKilledByTheCpuLimit) {
  PdfSandboxOptions o = As("spin");
  o.cpu_seconds = 1;
  auto r = ExtractPdfTextSandboxed(MakePdf({"x"}), o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->outcome, "cpu_limit");
  EXPECT_EQ(r->problem, "Reading the résumé PDF needed more than 1 seconds of processing.");
}

TEST_F(MisbehavingHelperTest, AHelperThatAllocatesWithoutBoundIsStoppedByTheMemoryLimit) {
  PdfSandboxOptions o = As("alloc");
  o.memory_bytes = size_t{256} << 20;
  o.cpu_seconds = 30;  // memory runs out first
  auto r = ExtractPdfTextSandboxed(MakePdf({"x"}), o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->outcome, "crashed");
  EXPECT_NE(r->problem.find("ran out of memory"), std::string::npos) << r->problem;
}

TEST_F(MisbehavingHelperTest, ACrashIsAProblem) {
  auto r = ExtractPdfTextSandboxed(MakePdf({"x"}), As("crash"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->outcome, "crashed");
}

TEST_F(MisbehavingHelperTest, EndlessOutputIsCutAtTheCap) {
  auto r = ExtractPdfTextSandboxed(MakePdf({"x"}), As("flood"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->outcome, "text_too_long");
  EXPECT_EQ(r->problem, "The résumé PDF holds more than 262144 bytes of text.");
  EXPECT_EQ(r->text, "");
}

TEST_F(MisbehavingHelperTest, OutputThatIsNotUtf8IsAProblem) {
  auto r = ExtractPdfTextSandboxed(MakePdf({"x"}), As("garbage"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->outcome, "bad_output");
  EXPECT_EQ(r->text, "");
}

TEST_F(MisbehavingHelperTest, AHelperThatNeverEndsIsKilledAtTheDeadline) {
  PdfSandboxOptions o = As("sleep");
  o.timeout = absl::Seconds(1);
  auto r = ExtractPdfTextSandboxed(MakePdf({"x"}), o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->outcome, "timeout");
  EXPECT_EQ(r->problem, "Reading the résumé PDF took longer than 1 seconds.");
}

TEST_F(MisbehavingHelperTest, AHelperThatNeverReadsCannotBlockTheParent) {
  PdfSandboxOptions o = As("noread");
  o.timeout = absl::Seconds(1);
  // Far more than a socket buffer holds.
  auto r = ExtractPdfTextSandboxed(std::string("%PDF-1.4\n") + std::string(6 << 20, 'x'), o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->outcome, "timeout");
}

TEST_F(MisbehavingHelperTest, TheHelperInheritsNoDescriptorsAndGetsThePdfIntact) {
  // A descriptor without close-on-exec, as a library might leave one.
  const int leaky = open("/dev/null", O_RDONLY);
  ASSERT_GT(leaky, 2);
  auto fds = ExtractPdfTextSandboxed(MakePdf({"x"}), As("fds"));
  close(leaky);
  ASSERT_TRUE(fds.ok()) << fds.status();
  EXPECT_EQ(fds->text, "fds:");  // nothing above stderr

  const std::string pdf = "%PDF-1.4 plain text that the echo helper returns as it came, ÅÄÖ";
  auto echo = ExtractPdfTextSandboxed(pdf, As("echo"));
  ASSERT_TRUE(echo.ok()) << echo.status();
  EXPECT_EQ(echo->outcome, "extracted");
  EXPECT_EQ(echo->text, pdf);
}

TEST(PdfSandboxSetupTest, AMissingHelperIsAnErrorNotAProblem) {
  EXPECT_EQ(ExtractPdfTextSandboxed(MakePdf({"x"}), Options("/nonexistent/clara-pdf-text")).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_FALSE(CheckPdfHelper("/nonexistent/clara-pdf-text").ok());
  EXPECT_FALSE(CheckPdfHelper("relative/clara-pdf-text").ok());
  EXPECT_TRUE(CheckPdfHelper(kHelper).ok());
}

}  // namespace
}  // namespace clara::ingest
