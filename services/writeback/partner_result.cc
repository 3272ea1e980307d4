#include "services/writeback/partner_result.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace clara::writeback {
namespace {

namespace sv1 = ::clara::screening::v1;

const char* GradeName(sv1::Grade g) {
  switch (g) {
    case sv1::GRADE_TOP_FIT: return "top_fit";
    case sv1::GRADE_MIGHT_BE_FIT: return "might_be_fit";
    case sv1::GRADE_MIGHT_NOT_BE_FIT: return "might_not_be_fit";
    default: return "unknown";
  }
}

const char* VerdictName(sv1::Verdict v) {
  switch (v) {
    case sv1::VERDICT_MET: return "met";
    case sv1::VERDICT_PARTIAL: return "partial";
    case sv1::VERDICT_MISSING: return "missing";
    default: return "unknown";
  }
}

bool IsClaraTag(const std::string& tag) { return absl::StartsWithIgnoreCase(tag, "clara-"); }

}  // namespace

std::string Truncate(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  const std::string ellipsis = "\xE2\x80\xA6";
  size_t cut = max_bytes - ellipsis.size();
  // Step back over UTF-8 continuation bytes.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + ellipsis;
}

nlohmann::json PartnerResultDocument(const std::string& partner_result_id, const sv1::ScreeningResult& result,
                                     const std::string& report_url) {
  nlohmann::json must = nlohmann::json::object(), nice = nlohmann::json::object();
  nlohmann::json criteria = nlohmann::json::array();
  for (const auto& c : result.criteria()) {
    (c.requirement() == sv1::REQUIREMENT_NICE ? nice : must)[Truncate(c.label(), 80)] = VerdictName(c.verdict());
    criteria.push_back({{"id", c.criterion_id()}, {"score", std::clamp(c.sub_score(), 0, 100)}});
  }
  nlohmann::json details = nlohmann::json::object();
  // Why a person must review (e.g. the résumé could not be read), first.
  if (!result.review_reason().empty()) details["Needs review"] = {{"Reason", Truncate(result.review_reason(), 200)}};
  if (!must.empty()) details["Requirements"] = must;
  if (!nice.empty()) details["Nice to have"] = nice;
  nlohmann::json attributes = {
      {"status", "completed"},
      {"summary", Truncate(result.summary(), 150)},
      {"assessment", {{"score", std::clamp(result.score(), 0, 100)}, {"grade", GradeName(result.grade())}}},
      {"details", details},
      {"assessment-criteria", criteria},
  };
  if (!report_url.empty()) attributes["url"] = report_url;
  attributes["actions"] = nlohmann::json::array({{{"buttonText", "Re-screen"}, {"endpoint", kRescreenEndpoint}}});
  return {{"data", {{"type", "partner-results"}, {"id", partner_result_id}, {"attributes", attributes}}}};
}

nlohmann::json PendingPartnerResultDocument(const std::string& partner_result_id,
                                            const followups::v1::FollowUp& follow_up, const std::string& report_url) {
  std::string summary = "Waiting for the candidate's answers";
  nlohmann::json questions = nlohmann::json::object();
  std::string labels;
  for (const auto& q : follow_up.questions()) {
    const std::string label = Truncate(q.criterion_label().empty() ? q.criterion_id() : q.criterion_label(), 80);
    labels += (labels.empty() ? ": " : ", ") + label;
    questions[label] = Truncate(q.text(), 200);
  }
  summary = Truncate(summary + labels, 150);
  nlohmann::json attributes = {{"status", "pending"}, {"summary", summary}};
  if (!questions.empty()) attributes["details"] = {{"Waiting for answers", questions}};
  if (!report_url.empty()) attributes["url"] = report_url;
  attributes["actions"] = nlohmann::json::array({{{"buttonText", "Re-screen"}, {"endpoint", kRescreenEndpoint}}});
  return {{"data", {{"type", "partner-results"}, {"id", partner_result_id}, {"attributes", attributes}}}};
}

std::vector<std::string> MergeTags(const std::vector<std::string>& current, const std::vector<std::string>& clara_tags) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& t : current) {
    if (!IsClaraTag(t) && seen.insert(absl::AsciiStrToLower(t)).second) out.push_back(t);
  }
  for (const auto& t : clara_tags) {
    if (IsClaraTag(t) && seen.insert(absl::AsciiStrToLower(t)).second) out.push_back(t);
  }
  return out;
}

std::vector<std::string> AddTags(const std::vector<std::string>& current, const std::vector<std::string>& tags) {
  std::vector<std::string> out = current;
  std::set<std::string> seen;
  for (const auto& t : current) seen.insert(absl::AsciiStrToLower(t));
  for (const auto& t : tags) {
    if (!t.empty() && seen.insert(absl::AsciiStrToLower(t)).second) out.push_back(t);
  }
  return out;
}

}  // namespace clara::writeback
