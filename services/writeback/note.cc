#include "services/writeback/note.h"

#include <algorithm>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/writeback/partner_result.h"

namespace clara::writeback {
namespace {

namespace sv1 = ::clara::screening::v1;

constexpr size_t kMaxQuoteBytes = 220;
constexpr int kQuotesPerCriterion = 2;

const char* VerdictLine(sv1::Verdict v) {
  switch (v) {
    case sv1::VERDICT_MET: return "\xE2\x9C\x93";      // ✓
    case sv1::VERDICT_PARTIAL: return "\xE2\x97\x90";  // ◐
    case sv1::VERDICT_MISSING: return "\xE2\x9C\x97";  // ✗
    default: return "?";
  }
}

const char* VerdictWords(sv1::Verdict v) {
  switch (v) {
    case sv1::VERDICT_MET: return "met";
    case sv1::VERDICT_PARTIAL: return "partly met";
    case sv1::VERDICT_MISSING: return "not met";
    default: return "unknown (no evidence either way)";
  }
}

const char* SourceWords(common::v1::EvidenceSource s) {
  switch (s) {
    case common::v1::EVIDENCE_SOURCE_RESUME: return "résumé";
    case common::v1::EVIDENCE_SOURCE_ANSWER: return "screening answer";
    case common::v1::EVIDENCE_SOURCE_PITCH: return "pitch";
    case common::v1::EVIDENCE_SOURCE_COVER_LETTER: return "cover letter";
    case common::v1::EVIDENCE_SOURCE_CUSTOM_FIELD: return "custom field";
    default: return "application";
  }
}

// One line of text: collapses the résumé's line breaks and runs of spaces.
std::string OneLine(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::string CriterionBlock(const sv1::CriterionResult& c) {
  std::string block = absl::StrCat(VerdictLine(c.verdict()), " ", OneLine(c.label()), " \xE2\x80\x94 ",
                                   VerdictWords(c.verdict()), "\n");
  int quotes = 0;
  for (const auto& e : c.evidence()) {
    const std::string quote = OneLine(e.quote());
    if (quote.empty()) continue;
    if (quotes++ == kQuotesPerCriterion) break;
    absl::StrAppend(&block, "    \xE2\x80\x9C", Truncate(quote, kMaxQuoteBytes), "\xE2\x80\x9D (",
                    SourceWords(e.source()), ")\n");
  }
  if (quotes == 0 && !c.explanation().empty()) {
    absl::StrAppend(&block, "    ", Truncate(OneLine(c.explanation()), kMaxQuoteBytes), "\n");
  }
  return block;
}

}  // namespace

std::string GradeWords(sv1::Grade grade) {
  switch (grade) {
    case sv1::GRADE_TOP_FIT: return "top fit";
    case sv1::GRADE_MIGHT_BE_FIT: return "might be a fit";
    case sv1::GRADE_MIGHT_NOT_BE_FIT: return "might not be a fit";
    default: return "fit unknown";
  }
}

std::string QualificationWords(sv1::QualificationLevel level) {
  switch (level) {
    case sv1::QUALIFICATION_LEVEL_PRE_QUALIFIED: return "pre-qualified";
    case sv1::QUALIFICATION_LEVEL_NOT_QUALIFIED: return "not qualified";
    case sv1::QUALIFICATION_LEVEL_NEEDS_REVIEW: return "needs review";
    default: return "not assessed";
  }
}

std::string NoteMarker(const std::string& screening_id) {
  return absl::StrCat("\xE2\x80\x94 CLARA screening ", screening_id);
}

bool HasNoteMarker(const std::string& note, const std::string& screening_id) {
  if (screening_id.empty()) return false;
  // The marker is a line of its own (Teamtailor may add trailing whitespace).
  for (absl::string_view line : absl::StrSplit(note, '\n')) {
    if (absl::StripAsciiWhitespace(line) == NoteMarker(screening_id)) return true;
  }
  return false;
}

std::string NoteText(const std::string& screening_id, const sv1::ScreeningResult& result,
                     const std::string& report_url) {
  std::string head = absl::StrCat("CLARA screening: ", std::clamp(result.score(), 0, 100), "/100 \xC2\xB7 ",
                                  GradeWords(result.grade()), " \xC2\xB7 ", QualificationWords(result.qualification()),
                                  "\n");
  if (!result.summary().empty()) absl::StrAppend(&head, OneLine(result.summary()), "\n");
  if (!result.review_reason().empty()) {
    absl::StrAppend(&head, "Reason for review: ", Truncate(OneLine(result.review_reason()), 500), "\n");
  }

  std::vector<std::string> must, nice;
  for (const auto& c : result.criteria()) {
    (c.requirement() == sv1::REQUIREMENT_NICE ? nice : must).push_back(CriterionBlock(c));
  }
  std::string tail;
  if (!report_url.empty()) absl::StrAppend(&tail, "\nFull report: ", report_url, "\n");
  absl::StrAppend(&tail, "\n", NoteMarker(screening_id));

  // Criteria in order until the budget is spent; the marker always fits.
  std::string body;
  size_t left_out = 0;
  auto section = [&](const char* title, const std::vector<std::string>& blocks) {
    if (blocks.empty()) return;
    std::string heading = absl::StrCat("\n", title, "\n");
    bool headed = false;
    for (const auto& b : blocks) {
      const size_t need = (headed ? 0 : heading.size()) + b.size();
      if (head.size() + body.size() + need + tail.size() + 64 > kMaxNoteBytes) {
        ++left_out;
        continue;
      }
      if (!headed) body += heading;
      headed = true;
      body += b;
    }
  };
  section("Must-haves", must);
  section("Nice to have", nice);
  if (left_out > 0) absl::StrAppend(&body, "\n\xE2\x80\xA6 and ", left_out, " more criteria in the full report\n");
  return head + body + tail;
}

}  // namespace clara::writeback
