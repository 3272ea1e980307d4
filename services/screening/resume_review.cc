#include "services/screening/resume_review.h"

#include <set>
#include <vector>

#include "absl/strings/str_cat.h"

namespace clara::screening {
namespace {

// At most `max` bytes of UTF-8, cut at a character boundary, "…" when cut.
std::string Cut(const std::string& text, size_t max) {
  if (text.size() <= max) return text;
  size_t cut = max - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "\xE2\x80\xA6";
}

}  // namespace

v1::ScreeningResult NeedsReviewForResume(v1::ScreeningResult result, const std::string& problem) {
  const std::string reason = problem.empty() ? "The résumé could not be read." : problem;
  result.set_qualification(v1::QUALIFICATION_LEVEL_NEEDS_REVIEW);
  result.set_grade(v1::GRADE_UNKNOWN);
  result.set_review_reason(reason);
  result.clear_follow_up_questions();
  static const std::set<std::string> replaced = {"clara-top-fit",       "clara-might-be-fit", "clara-might-not-be-fit",
                                                 "clara-grade-unknown", "clara-pre-qualified", "clara-needs-review",
                                                 "clara-follow-up",     kResumeUnreadableTag};
  std::vector<std::string> tags;
  for (const auto& t : result.tags()) {
    if (!replaced.count(t)) tags.push_back(t);
  }
  result.clear_tags();
  for (auto& t : tags) result.add_tags(std::move(t));
  for (const char* t : {"clara-grade-unknown", "clara-needs-review", kResumeUnreadableTag}) result.add_tags(t);
  result.set_summary(Cut(absl::StrCat("Needs review: ", reason, " Scored without the résumé."), 150));
  return result;
}

}  // namespace clara::screening
