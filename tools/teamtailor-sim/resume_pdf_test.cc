// Tests of resume_pdf.h: the seeded resumes render, and poppler-cpp extracts their text again,
// including Nordic and German letters.
#include "tools/teamtailor-sim/resume_pdf.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>

#include "tools/teamtailor-sim/seed.h"

namespace clara::ttsim {
namespace {

std::string ExtractText(const std::string& pdf) {
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
  if (doc == nullptr) return "";
  std::string out;
  for (int i = 0; i < doc->pages(); ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    poppler::byte_array utf8 = page->text().to_utf8();
    out.append(utf8.begin(), utf8.end());
    out.push_back('\n');
  }
  return out;
}

TEST(Utf8ToWinAnsiTest, Table) {
  const struct {
    const char* utf8;
    const char* cp1252;
  } kCases[] = {
      {"abc", "abc"},        {"å ä ö", "\xE5 \xE4 \xF6"}, {"Müller", "M\xFCller"},
      {"Straße", "Stra\xDF" "e"}, {"€ – — •", "\x80 \x96 \x97 \x95"}, {"Łódź", "?\xF3" "d?"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.utf8);
    EXPECT_EQ(Utf8ToWinAnsi(c.utf8), c.cp1252);
  }
}

TEST(ResumePdfTest, SeededResumesRoundTripThroughPoppler) {
  absl::StatusOr<Company> company = BuildDemoCompany();
  ASSERT_TRUE(company.ok()) << company.status();
  const struct {
    int64_t candidate_id;
    std::vector<std::string> phrases;
  } kCases[] = {
      {54321, {"Elin Bergström", "Senior Backend Engineer", "PostgreSQL", "Kafka", "KTH"}},
      {54325, {"Sam Lee", "References available on request."}},
      {54327, {"Maria Åkesson", "Lagerchef", "Truckkort A och B", "Jönköping", "SAP EWM"}},
      {54329, {"Linnea Sjöö", "Butikssäljare"}},
      {54331, {"Jana Müller", "Kauffrau für Spedition und Logistikdienstleistung", "Lenk- und Ruhezeiten"}},
      {54332, {"Lukas Schäfer", "Führerscheine"}},
      {54333, {"Chloé Dubois", "Université Lumière Lyon 2"}},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.candidate_id);
    const Candidate& cand = company->candidates.at(c.candidate_id);
    ASSERT_NE(cand.resume_pdf, nullptr);
    EXPECT_EQ(cand.resume_pdf->rfind("%PDF-", 0), 0u);
    std::string text = ExtractText(*cand.resume_pdf);
    for (const std::string& phrase : c.phrases) EXPECT_NE(text.find(phrase), std::string::npos) << phrase << "\n--- extracted:\n" << text;
  }
}

TEST(ResumePdfTest, LongResumeWrapsOntoSeveralPages) {
  std::string markup = "# Long Résumé\n";
  for (int i = 0; i < 120; ++i) markup += "- A line about Göteborg and Malmö number " + std::to_string(i) + "\n";
  absl::StatusOr<std::string> pdf = RenderResumePdf(markup, "Long");
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(pdf->data(), static_cast<int>(pdf->size())));
  ASSERT_NE(doc, nullptr);
  EXPECT_GE(doc->pages(), 2);
  std::string text = ExtractText(*pdf);
  EXPECT_NE(text.find("Göteborg and Malmö number 119"), std::string::npos);
}

TEST(SeedTest, DemoCompanyIsComplete) {
  absl::StatusOr<Company> c = BuildDemoCompany();
  ASSERT_TRUE(c.ok()) << c.status();
  int open = 0;
  std::set<std::string> languages;
  for (const auto& [id, j] : c->jobs) {
    if (j.status != "open") continue;
    ++open;
    languages.insert(j.language_code);
  }
  EXPECT_GE(open, 3);
  EXPECT_EQ(languages, (std::set<std::string>{"de", "en", "sv"}));
  EXPECT_GE(c->candidates.size(), 12u);
  EXPECT_EQ(c->custom_fields.at(kClaraScoreFieldId).api_name, "clara-score");
  EXPECT_EQ(c->custom_fields.at(kClaraScoreFieldId).field_type, "CustomField::Number");
  int with_resume = 0;
  for (const auto& [id, k] : c->candidates) {
    with_resume += k.resume_pdf != nullptr;
    EXPECT_TRUE(k.email.size() > 12 && k.email.substr(k.email.size() - 12) == "@example.com") << k.email;
  }
  EXPECT_GE(with_resume, 12);
  // Each open job has the six stages in order, the second carrying the CLARA trigger.
  for (int j = 0; j < 3; ++j) {
    EXPECT_EQ(c->stages.at(StageId(j, 0)).stage_type, "Inbox");
    EXPECT_EQ(c->stages.at(StageId(j, 1)).name, "CLARA screening");
    EXPECT_NE(c->stages.at(StageId(j, 1)).trigger_id, 0);
    EXPECT_EQ(c->stages.at(StageId(j, 5)).stage_type, "Hired");
    for (int k = 2; k < 6; ++k) EXPECT_EQ(c->stages.at(StageId(j, k)).trigger_id, 0);
  }
  // Deterministic: a second build yields the same ids and the same PDF bytes.
  absl::StatusOr<Company> again = BuildDemoCompany();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again->candidates.at(54321).resume_pdf, *c->candidates.at(54321).resume_pdf);
}

}  // namespace
}  // namespace clara::ttsim
