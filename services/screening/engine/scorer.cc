#include "services/screening/engine/scorer.h"
#include "services/screening/engine/strings.h"

#include <algorithm>
#include <array>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/screening/engine/document.h"
#include "services/screening/engine/hashing.h"
#include "services/screening/engine/knockouts.h"
#include "services/screening/engine/levels.h"
#include "services/screening/engine/summary.h"
#include "services/screening/engine/text.h"

namespace clara::screening::engine {
namespace {

using Crit = ClaraCompiledRubric::Crit;

std::string ShortLabel(const v1::Criterion& c, const Crit& k,
                       const Taxonomy& tax) {
  auto term_labels = [&](const std::vector<int>& terms, size_t max) {
    std::vector<std::string> out;
    for (int t : terms) {
      if (out.size() >= max) break;
      out.push_back(TruncateText(tax.term(t).label, 26));
    }
    return absl::StrJoin(out, "/");
  };
  switch (c.kind()) {
    case v1::CRITERION_KIND_LANGUAGE:
      if (!k.lang_terms.empty()) return term_labels(k.lang_terms, 3);
      break;
    case v1::CRITERION_KIND_LICENCE:
      if (!k.licences.empty()) {
        std::string cls;
        for (const auto& l : k.licences) {
          if (l.cls) {
            if (!cls.empty()) cls.push_back('+');
            cls.push_back(static_cast<char>(l.cls - 'a' + 'A'));
          }
        }
        std::string fam = tax.term(k.licences[0].family).label;
        return cls.empty() ? fam : absl::StrCat(fam, " ", cls);
      }
      break;
    case v1::CRITERION_KIND_WORK_AUTHORIZATION:
      return "Right to work";
    default:
      if (!k.terms.empty()) return term_labels(k.terms, 2);
  }
  // Custom criteria: the label without its leading "You can" / "Kan".
  TokenizedText t;
  t.Reset(c.label());
  static constexpr std::string_view kLead[] = {
      "you", "can", "kan", "du", "har", "have", "has", "are", "be", "able",
      "to", "will", "must", "kannst", "hast", "bist", "ar", "i", "we", "need"};
  size_t first = 0;
  while (first < t.size() && first < 4) {
    bool lead = false;
    for (std::string_view w : kLead) lead |= t.folded(first) == w;
    if (!lead) break;
    ++first;
  }
  if (first >= t.size()) return TruncateText(c.label(), 28);
  size_t last = std::min(t.size(), first + 5);
  std::string_view label = c.label();
  std::string out(label.substr(t.tokens()[first].begin,
                               t.tokens()[last - 1].end - t.tokens()[first].begin));
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return TruncateText(out, 28);
}

}  // namespace

absl::StatusOr<std::shared_ptr<const ClaraCompiledRubric>>
ClaraCompiledRubric::Create(const v1::Rubric& rubric, const Taxonomy& tax) {
  if (rubric.criteria_size() == 0) {
    return absl::InvalidArgumentError("rubric has no criteria");
  }
  std::set<std::string> ids;
  for (const v1::Criterion& c : rubric.criteria()) {
    if (c.id().empty()) return absl::InvalidArgumentError("criterion without id");
    if (!ids.insert(c.id()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("duplicate criterion id '", c.id(), "'"));
    }
    if (!(c.weight() > 0)) {
      return absl::InvalidArgumentError(
          absl::StrCat("criterion '", c.id(), "' has weight <= 0"));
    }
  }
  auto r = std::shared_ptr<ClaraCompiledRubric>(new ClaraCompiledRubric());
  r->rubric_ = rubric;
  r->taxonomy_ = &tax;
  r->hash_ = RubricContentHash(rubric);
  std::vector<std::string> with_ids(rubric.criteria_size());
  std::vector<std::string> alt_ids(rubric.criteria_size());
  for (int i = 0; i < rubric.criteria_size(); ++i) {
    const v1::Criterion& c = rubric.criteria(i);
    Crit k;
    k.index = i;
    k.kind = c.kind();
    k.must = c.requirement() != v1::REQUIREMENT_NICE;
    k.weight_milli = static_cast<int64_t>(c.weight() * 1000 + 0.5);
    for (const std::string& t : c.terms()) {
      if (StartsWith(t, "mod:")) {
        std::string_view m = std::string_view(t).substr(4);
        if (m == "all") k.all = true;
        if (m == "strong") k.strong = true;
        if (m == "training") k.training = true;
        if (m == "interest") k.interest = true;
        if (m == "b2b") k.b2b = true;
        if (m == "experience") k.generic_experience = true;
        if (m == "trait") k.trait = true;
        if (StartsWith(m, "with=")) with_ids[i] = std::string(m.substr(5));
        if (StartsWith(m, "alt=")) alt_ids[i] = std::string(m.substr(4));
        continue;
      }
      if (StartsWith(t, "kw:")) {
        bool named = StartsWith(t, "kw:=");
        bool common = StartsWith(t, "kw:~");
        size_t skip = named || common ? 4 : 3;
        if (t.size() > skip) {
          k.generic.emplace_back(t.substr(skip));
          k.generic_named.push_back(named);
          k.generic_weight.push_back(common ? 1 : 2);
        }
        continue;
      }
      size_t colon = t.find(':');
      int id = tax.Find(std::string_view(t).substr(0, colon));
      if (id < 0) continue;  // unknown terms are ignored (edited rubric)
      const TermInfo& info = tax.term(id);
      if (info.kind == TermKind::kLicence) {
        LicenceTerm lt;
        lt.family = id;
        if (colon != std::string::npos && colon + 1 < t.size()) {
          lt.cls = static_cast<char>(absl::ascii_tolower(t[colon + 1]));
        }
        k.licences.push_back(lt);
      } else if (info.kind == TermKind::kLanguage) {
        k.lang_terms.push_back(id);
      } else {
        k.terms.push_back(id);
        if (info.kind == TermKind::kRole) k.has_role_terms = true;
        // A trade whose roles are that activity ("Elektroinstallation" is
        // what an Elektroniker EGT does): other trades' titles then count
        // body mentions only as incidental.
        for (size_t r = 0; r < tax.size() && !k.has_role_terms; ++r) {
          if (tax.term(static_cast<int>(r)).kind == TermKind::kRole &&
              static_cast<int>(r) != id && tax.IsA(static_cast<int>(r), id)) {
            k.has_role_terms = true;
          }
        }
      }
    }
    if (c.kind() == v1::CRITERION_KIND_EXPERIENCE_YEARS) {
      k.min_months = static_cast<int>(c.min_value() * 12 + 0.5);
    }
    if (c.kind() == v1::CRITERION_KIND_LANGUAGE) {
      k.min_level = c.min_value() > 0 ? static_cast<int>(c.min_value() + 0.5)
                                      : (k.must ? 4 : 3);
    }
    k.has_knockout = c.knockout().rule_case() != v1::Knockout::RULE_NOT_SET &&
                     !c.question_id().empty();
    if (k.has_knockout && c.knockout().has_expect_min() && k.min_months == 0 &&
        (c.kind() == v1::CRITERION_KIND_SKILL ||
         c.kind() == v1::CRITERION_KIND_CERTIFICATION)) {
      k.min_months = static_cast<int>(c.knockout().expect_min() * 12 + 0.5);
    }
    if (c.kind() == v1::CRITERION_KIND_CERTIFICATION) k.training = true;
    k.basic = !k.terms.empty();
    for (int term : k.terms) k.basic &= tax.term(term).basic;
    auto table = [&](const std::vector<int>& terms) {
      std::vector<uint8_t> t(tax.size(), 0);
      for (size_t x = 0; x < tax.size(); ++x) {
        for (int term : terms) {
          if (tax.IsA(static_cast<int>(x), term)) t[x] = 1;
        }
      }
      return t;
    };
    k.accept = table(k.terms);
    k.lang_accept = table(k.lang_terms);
    if (k.all) {
      for (int term : k.terms) k.term_accept.push_back(table({term}));
    }
    k.short_label = ShortLabel(c, k, tax);
    k.follow_up_id = FollowUpAnswerId(c.id());
    if (c.kind() == v1::CRITERION_KIND_KNOCKOUT_QUESTION &&
        c.knockout().rule_case() == v1::Knockout::kExpectBoolean) {
      k.verbatim = true;
      k.expect_boolean = c.knockout().expect_boolean();
    }
    for (int t : k.terms) {
      const std::string& label = tax.term(t).label;
      if (std::find(k.term_labels.begin(), k.term_labels.end(), label) !=
          k.term_labels.end()) {
        continue;
      }
      k.term_labels.push_back(label);
      k.folded_term_labels.push_back(FoldForMatch(label));
    }
    for (const std::string& g : k.generic) k.phrases.push_back(g);
    if (k.terms.empty() && k.lang_terms.empty() && k.licences.empty() && k.generic.empty() &&
        (c.kind() == v1::CRITERION_KIND_EXPERIENCE_YEARS ||
         c.kind() == v1::CRITERION_KIND_SKILL ||
         c.kind() == v1::CRITERION_KIND_EDUCATION ||
         c.kind() == v1::CRITERION_KIND_CERTIFICATION)) {
      static constexpr std::string_view kGeneric[] = {
          "years", "experience", "professional", "least", "minimum", "erfarenhet",
          "erfahrung", "berufserfahrung", "mindestens", "minst", "erfaring",
          "relevant", "similar", "within", "working", "knowledge", "skills",
          "ability", "strong", "solid", "excellent", "good", "qualification"};
      TokenizedText lt;
      lt.Reset(c.label());
      for (size_t i = 0; i < lt.size(); ++i) {
        std::string_view w = lt.folded(i);
        if (w.size() < 5 || (lt.tokens()[i].flags & kTokHasDigit)) continue;
        if (lt.tokens()[i].cues != 0 || lt.tokens()[i].stop_lang != 0) continue;
        bool generic = false;
        for (std::string_view g : kGeneric) generic |= w == g;
        if (!generic) k.phrases.emplace_back(w.substr(0, 5));
      }
    }
    k.gating = !k.terms.empty() || !k.lang_terms.empty() || !k.licences.empty() ||
               (!k.phrases.empty() && !k.trait) || k.has_knockout;
    r->crits_.push_back(std::move(k));
  }
  for (int i = 0; i < rubric.criteria_size(); ++i) {
    if (alt_ids[i].empty()) continue;
    for (int j = 0; j < rubric.criteria_size(); ++j) {
      if (j != i && rubric.criteria(j).id() == alt_ids[i]) r->crits_[i].alt_of = j;
    }
  }
  for (int i = 0; i < rubric.criteria_size(); ++i) {
    if (with_ids[i].empty()) continue;
    for (int j = 0; j < rubric.criteria_size(); ++j) {
      if (rubric.criteria(j).id() == with_ids[i]) r->crits_[i].related = j;
    }
  }
  return std::shared_ptr<const ClaraCompiledRubric>(std::move(r));
}

namespace {

constexpr int kRankMissing = 0, kRankUnknown = 1, kRankPartial = 2,
              kRankMet = 3;

int Rank(v1::Verdict v) {
  switch (v) {
    case v1::VERDICT_MET:
      return kRankMet;
    case v1::VERDICT_PARTIAL:
      return kRankPartial;
    case v1::VERDICT_UNKNOWN:
      return kRankUnknown;
    default:
      return kRankMissing;
  }
}

struct EvRef {
  int src = -1;
  uint32_t begin = 0;  // bytes
  uint32_t end = 0;
};

struct Outcome {
  v1::Verdict verdict = v1::VERDICT_UNKNOWN;
  int sub = 0;
  std::vector<EvRef> ev;
  const char* reason = "";
  bool knockout_failed = false;
  int months = -1;
  int level = 0;
  bool absent = false;  // unknown because nothing was found
};

struct Cx {
  const ClaraCompiledRubric& rubric;
  const Taxonomy& tax;
  const v1::CandidateEvidence& evidence;
  std::vector<AnalyzedSource>& sources;
  size_t n;
  std::vector<std::vector<uint8_t>>& lang_tok;
  int today_month;
  bool resume_substantive;
  bool resume_has_entries;
  bool stuffing;
};


// Quote: the line around tokens [b, e) of a source, trimmed; windowed to
// ~200 bytes around the mention when the line is long.
EvRef QuoteTokens(const Cx& cx, int src, uint32_t b, uint32_t e) {
  const AnalyzedSource& s = cx.sources[src];
  const auto& toks = s.tokens.tokens();
  std::string_view text = s.text;
  auto [lb, le] = s.tokens.LineSpan(toks[b].line);
  uint32_t mb = toks[b].begin, me = toks[e - 1].end;
  if (me > le) le = me;
  // Trim leading bullets/space.
  while (lb < le) {
    unsigned char c = static_cast<unsigned char>(text[lb]);
    if (c == ' ' || c == '-' || c == '*' || c == '\t') {
      ++lb;
    } else if (text.substr(lb, 3) == "\xE2\x80\xA2" ||
               text.substr(lb, 3) == "\xE2\x80\x93") {
      lb += 3;
    } else if (text.substr(lb, 2) == "\xC2\xB7") {
      lb += 2;
    } else {
      break;
    }
  }
  while (le > lb && (text[le - 1] == ' ' || text[le - 1] == '\r')) --le;
  if (lb > mb) lb = mb;
  if (le - lb > 220) {
    uint32_t wb = mb > lb + 100 ? mb - 100 : lb;
    uint32_t we = std::min<uint32_t>(le, me + 100);
    // Snap to token boundaries within the line.
    wb = static_cast<uint32_t>(Utf8Floor(text, wb));
    we = static_cast<uint32_t>(Utf8Floor(text, we));
    for (uint32_t i = b; i > 0; --i) {
      if (toks[i - 1].line != toks[b].line || toks[i - 1].begin < wb) break;
      wb = toks[i - 1].begin;
    }
    lb = std::max(lb, wb);
    le = std::max(we, me);
  }
  return {src, lb, le};
}

EvRef QuoteEntry(const Cx& cx, int src, const ResumeEntry& e) {
  const AnalyzedSource& s = cx.sources[src];
  auto [tb, te] = s.tokens.LineSpan(e.title_line);
  auto [db, de] = s.tokens.LineSpan(e.date_line);
  uint32_t b = std::min(tb, db), en = std::max(te, de);
  if (en - b > 240 || std::max(e.title_line, e.date_line) -
                              std::min(e.title_line, e.date_line) > 1) {
    b = db;
    en = de;
  }
  std::string_view text = s.text;
  while (b < en && (text[b] == ' ' || text[b] == '\t')) ++b;
  while (en > b && (text[en - 1] == ' ' || text[en - 1] == '\r')) --en;
  return {src, b, en};
}

EvRef QuoteAnswer(const Cx& cx, std::string_view qid) {
  for (size_t i = 0; i < cx.n; ++i) {
    const AnalyzedSource& s = cx.sources[i];
    if (s.kind == SourceKind::kAnswer && s.id == qid) {
      return {static_cast<int>(i), 0, static_cast<uint32_t>(s.text.size())};
    }
  }
  return {};
}

const v1::CandidateAnswer* FindAnswer(const v1::CandidateEvidence& ev,
                                      std::string_view qid) {
  if (qid.empty()) return nullptr;
  for (const auto& a : ev.answers()) {
    if (a.question_id() == qid) return &a;
  }
  return nullptr;
}

// ---- Skills -------------------------------------------------------------

struct SkillFound {
  EvRef strong, weak, claim, stuffed, negated;
  bool strong_from_course = false;
  bool weak_basic_only = true;  // every weak mention is basic/course level
  bool any_weak = false;
};

void CollectSkill(const Cx& cx, const Crit& k,
                  const std::vector<uint8_t>& accept, SkillFound* f) {
  for (size_t si = 0; si < cx.n; ++si) {
    const AnalyzedSource& s = cx.sources[si];
    bool resume = s.kind == SourceKind::kResume;
    for (const Mention& m : s.mentions) {
      if (!accept[m.term]) continue;
      if (m.context == Context::kIgnored) continue;
      int src = static_cast<int>(si);
      if (m.negated) {
        if (f->negated.src < 0) f->negated = QuoteTokens(cx, src, m.begin, m.end);
        continue;
      }
      uint16_t cues = m.cues;
      if (k.interest) {
        if (resume && f->strong.src < 0) {
          f->strong = QuoteTokens(cx, src, m.begin, m.end);
        } else if (!resume && f->claim.src < 0) {
          f->claim = QuoteTokens(cx, src, m.begin, m.end);
        }
        continue;
      }
      bool qualified = (cues & (kCueQualifier | kCueFuture | kCueInterest)) != 0;
      bool course = (cues & kCueCourse) != 0 ||
                    m.context == Context::kCourse;
      // A course or qualification line in progress or planned anywhere on
      // the line ("… – in progress, exam planned 2027") is not held.
      if (course && resume && !s.cues.empty() && LineNegated(s.tokens, s.cues, m.begin)) qualified = true;
      if (!resume) {
        if (!qualified && f->claim.src < 0) {
          f->claim = QuoteTokens(cx, src, m.begin, m.end);
        }
        continue;
      }
      if (m.context == Context::kStuffed) {
        if (f->stuffed.src < 0) f->stuffed = QuoteTokens(cx, src, m.begin, m.end);
        continue;
      }
      if (qualified) {
        f->any_weak = true;
        // "Occasional SQL queries … with help from IT" in a job is usage;
        // "basic SQL (course)" in a list is not.
        if (m.context == Context::kProse && m.entry >= 0 &&
            !(cues & kCueCourse)) {
          f->weak_basic_only = false;
        }
        if (f->weak.src < 0) f->weak = QuoteTokens(cx, src, m.begin, m.end);
        continue;
      }
      if (course) {
        if (k.training) {
          if (f->strong.src < 0) {
            f->strong = QuoteTokens(cx, src, m.begin, m.end);
            f->strong_from_course = true;
          }
        } else {
          f->any_weak = true;
          if (f->weak.src < 0) f->weak = QuoteTokens(cx, src, m.begin, m.end);
        }
        continue;
      }
      if (m.context == Context::kProse) {
        if (f->strong.src < 0) f->strong = QuoteTokens(cx, src, m.begin, m.end);
        continue;
      }
      // Skills list: evidence enough for a basic competence ("Microsoft
      // Office, Teams" shows computer skills), a claim for anything else.
      if (k.basic) {
        if (f->strong.src < 0) f->strong = QuoteTokens(cx, src, m.begin, m.end);
        continue;
      }
      f->any_weak = true;
      f->weak_basic_only = false;
      if (f->weak.src < 0) f->weak = QuoteTokens(cx, src, m.begin, m.end);
    }
  }
}

Outcome SkillVerdict(const Cx& cx, const Crit& k, const SkillFound& f) {
  Outcome o;
  if (f.strong.src >= 0) {
    o.verdict = v1::VERDICT_MET;
    o.sub = 100;
    o.ev.push_back(f.strong);
    o.reason = f.strong_from_course ? "course-met" : "prose";
    return o;
  }
  bool claims_discredited = cx.stuffing;
  if (f.any_weak && !(k.strong && f.weak_basic_only)) {
    o.verdict = v1::VERDICT_PARTIAL;
    o.sub = 50;
    o.ev.push_back(f.weak);
    o.reason = f.weak_basic_only ? "basic" : "list";
    if (f.claim.src >= 0) o.ev.push_back(f.claim);
    return o;
  }
  // A statement that the candidate does not have it outweighs a claim in
  // the pitch or an answer ("Har aldrig arbetat med Terraform" against a pitch
  // that names Terraform).
  if (f.negated.src >= 0 && f.claim.src >= 0) {
    o.verdict = v1::VERDICT_MISSING;
    o.sub = 0;
    o.ev.push_back(f.negated);
    o.reason = "negated";
    return o;
  }
  if (f.claim.src >= 0 && !claims_discredited) {
    o.verdict = v1::VERDICT_PARTIAL;
    o.sub = 50;
    o.ev.push_back(f.claim);
    o.reason = "claim";
    return o;
  }
  if (f.stuffed.src >= 0 || f.any_weak || f.claim.src >= 0) {
    if (k.strong || f.negated.src >= 0) {
      o.verdict = v1::VERDICT_MISSING;
      o.sub = 0;
      o.ev.push_back(f.stuffed.src >= 0 ? f.stuffed : f.any_weak ? f.weak : f.claim);
      o.reason = f.stuffed.src >= 0 ? "stuffed" : "basic-only";
      return o;
    }
    o.verdict = v1::VERDICT_PARTIAL;
    o.sub = 35;
    o.ev.push_back(f.stuffed.src >= 0 ? f.stuffed : f.any_weak ? f.weak : f.claim);
    o.reason = f.stuffed.src >= 0 ? "stuffed" : "claim";
    return o;
  }
  if (f.negated.src >= 0) {
    o.verdict = v1::VERDICT_MISSING;
    o.sub = 0;
    o.ev.push_back(f.negated);
    o.reason = "negated";
    return o;
  }
  o.verdict = v1::VERDICT_UNKNOWN;
  o.absent = true;
  o.reason = "absent";
  return o;
}

Outcome EvaluateSkill(const Cx& cx, const Crit& k) {
  if (k.all && k.terms.size() >= 2) {
    Outcome total;
    int sum = 0, met = 0, seen = 0;
    for (const auto& acc : k.term_accept) {
      SkillFound f;
      CollectSkill(cx, k, acc, &f);
      Outcome o = SkillVerdict(cx, k, f);
      sum += o.sub;
      if (o.verdict == v1::VERDICT_MET) ++met;
      if (o.verdict == v1::VERDICT_MET || o.verdict == v1::VERDICT_PARTIAL) ++seen;
      for (const EvRef& e : o.ev) {
        if (total.ev.size() < 3) total.ev.push_back(e);
      }
    }
    int n = static_cast<int>(k.terms.size());
    total.sub = sum / n;
    if (met == n) {
      total.verdict = v1::VERDICT_MET;
      total.reason = "prose";
    } else if (seen > 0) {
      total.verdict = v1::VERDICT_PARTIAL;
      total.reason = "some";
    } else {
      total.verdict = v1::VERDICT_UNKNOWN;
      total.absent = true;
      total.reason = "absent";
      total.sub = 0;
    }
    return total;
  }
  SkillFound f;
  CollectSkill(cx, k, k.accept, &f);
  return SkillVerdict(cx, k, f);
}

// ---- Years --------------------------------------------------------------

bool ExperienceSection(Section s) {
  return s == Section::kExperience || s == Section::kUnknown ||
         s == Section::kOther;
}

Outcome EvaluateYears(const Cx& cx, const Crit& k) {
  Outcome o;
  o.months = 0;
  if (cx.n == 0 || cx.sources[0].kind != SourceKind::kResume) {
    o.verdict = v1::VERDICT_UNKNOWN;
    o.absent = true;
    return o;
  }
  const AnalyzedSource& r = cx.sources[0];
  std::vector<MonthSpan> full, any;
  std::vector<int> full_entries;
  int professional_entries = 0;
  for (size_t ei = 0; ei < r.entries.size(); ++ei) {
    const ResumeEntry& e = r.entries[ei];
    if (e.training || !ExperienceSection(e.section)) continue;
    ++professional_entries;
    bool title_hit = false, body_strong = false, body_weak = false,
         other_role = false;
    for (const Mention& m : r.mentions) {
      if (m.entry != static_cast<int>(ei)) continue;
      bool match = k.accept[m.term] != 0;
      TermKind kind = cx.tax.term(m.term).kind;
      if (!match) {
        if (m.in_title && kind == TermKind::kRole && k.has_role_terms) {
          other_role = true;
        }
        continue;
      }
      if (m.negated) continue;
      if (m.in_title) {
        title_hit = true;
      } else if (kind == TermKind::kRole ||
                 (m.cues & (kCueQualifier | kCueFuture | kCueInterest | kCueCourse))) {
        body_weak = true;
      } else {
        body_strong = true;
      }
    }
    if (k.terms.empty() && !k.phrases.empty()) {
      // No taxonomy terms: the ad's own words in the entry's title.
      uint32_t tb = r.tokens.FirstTokenOfLine(e.title_line);
      uint32_t te = r.tokens.FirstTokenOfLine(e.title_line + 1);
      for (uint32_t i = tb; i < te && !title_hit; ++i) {
        std::string_view w = r.tokens.folded(i);
        for (const std::string& p : k.phrases) {
          if (w.size() >= p.size() && w.substr(0, p.size()) == p) title_hit = true;
        }
      }
    }
    bool is_full = title_hit || (body_strong && !other_role);
    bool hit = title_hit || body_strong || body_weak;
    if (k.b2b && hit) {
      bool consumer = false, business = false;
      uint32_t tb = r.tokens.FirstTokenOfLine(e.first_line);
      uint32_t te = r.tokens.FirstTokenOfLine(e.last_line + 1);
      for (uint32_t i = tb; i < te; ++i) {
        if (r.cues[i] & kCueConsumer) consumer = true;
        if (r.cues[i] & kCueBusiness) business = true;
      }
      if (consumer && !business) is_full = false;
    }
    if (is_full) {
      full.push_back(e.span);
      full_entries.push_back(static_cast<int>(ei));
    }
    if (hit) any.push_back(e.span);
  }
  int full_m = MergedMonths(full);
  int any_m = MergedMonths(any);
  o.months = full_m;
  int min = std::max(k.min_months, 1);
  // Evidence: the most recent matching entries (résumé order is usually
  // newest first).
  for (int ei : full_entries) {
    if (o.ev.size() >= 2) break;
    o.ev.push_back(QuoteEntry(cx, 0, r.entries[ei]));
  }
  if (full_m >= min) {
    o.verdict = v1::VERDICT_MET;
    o.sub = 100;
    o.reason = "years";
  } else if (full_m * 10 >= min * 6 || any_m >= min) {
    o.verdict = v1::VERDICT_PARTIAL;
    o.sub = 50;
    o.reason = full_m * 10 >= min * 6 ? "years-short" : "years-incidental";
    if (o.ev.empty()) {
      for (size_t ei = 0; ei < r.entries.size() && o.ev.size() < 2; ++ei) {
        for (const MonthSpan& s : any) {
          if (s.start == r.entries[ei].span.start && s.end == r.entries[ei].span.end) {
            o.ev.push_back(QuoteEntry(cx, 0, r.entries[ei]));
            break;
          }
        }
      }
    }
  } else if (full_m > 0 || any_m > 0 || professional_entries > 0) {
    o.verdict = v1::VERDICT_MISSING;
    o.sub = full_m > 0 ? 15 : 0;
    o.reason = full_m > 0 ? "years-too-few" : "years-none";
  } else {
    o.verdict = v1::VERDICT_UNKNOWN;
    o.absent = true;
    o.reason = "absent";
  }
  return o;
}

// ---- Languages ----------------------------------------------------------

Outcome EvaluateLanguage(const Cx& cx, const Crit& k) {
  Outcome o;
  int best = 0, claim = 0;
  EvRef best_ev, claim_ev;
  for (size_t si = 0; si < cx.n; ++si) {
    const AnalyzedSource& s = cx.sources[si];
    const auto& is_lang_tok = cx.lang_tok[si];
    auto is_lang = [&](size_t i) { return i < is_lang_tok.size() && is_lang_tok[i]; };
    for (const Mention& m : s.mentions) {
      if (!k.lang_accept[m.term]) continue;
      if (m.negated || m.context == Context::kIgnored) continue;
      int level = LevelNear(s.tokens, m.begin, m.end, is_lang, false);
      if (level == 0) {
        // A labelled list shares its label's level ("Lengua(s) materna(s):
        // catalán, español", "Muttersprachen: Deutsch, Polnisch").
        const auto& toks = s.tokens.tokens();
        uint32_t ls = s.tokens.FirstTokenOfLine(toks[m.begin].line);
        uint32_t colon = ls;
        for (uint32_t i = ls + 1; i <= m.begin; ++i) {
          if (toks[i].gap & kGapColon) colon = i;
        }
        for (uint32_t i = ls; i < colon && level == 0; ++i) {
          if (!is_lang(i)) level = LevelOfWord(s.tokens.folded(i), false);
        }
      }
      if (level == 0) {
        bool listed = s.lines[s.tokens.tokens()[m.begin].line].section ==
                      Section::kLanguages;
        if (!listed) continue;
        level = 4;
      }
      if (m.cues & (kCueFuture | kCueInterest)) level = std::min(level, 2);
      if (s.kind == SourceKind::kResume) {
        if (level > best) {
          best = level;
          best_ev = QuoteTokens(cx, static_cast<int>(si), m.begin, m.end);
        }
      } else if (level > claim) {
        claim = level;
        claim_ev = QuoteTokens(cx, static_cast<int>(si), m.begin, m.end);
      }
    }
  }
  o.level = best;
  if (best > 0) {
    o.ev.push_back(best_ev);
    if (best >= k.min_level) {
      o.verdict = v1::VERDICT_MET;
      o.sub = 100;
      o.reason = "level";
    } else if (best >= 3) {
      o.verdict = v1::VERDICT_PARTIAL;
      o.sub = 50;
      o.reason = "level-below";
    } else {
      o.verdict = v1::VERDICT_MISSING;
      o.sub = 10;
      o.reason = "level-basic";
    }
    return o;
  }
  if (claim > 0) {
    o.ev.push_back(claim_ev);
    o.verdict = claim >= 3 ? v1::VERDICT_PARTIAL : v1::VERDICT_MISSING;
    o.sub = claim >= 3 ? 50 : 10;
    o.level = claim;
    o.reason = "claim";
    return o;
  }
  // A substantive résumé written in the language shows a working command of
  // it: met for a requirement up to B2, partial above (a stated level is
  // needed for C1/C2).
  if (cx.n > 0 && cx.sources[0].kind == SourceKind::kResume && cx.resume_substantive) {
    const AnalyzedSource& r = cx.sources[0];
    int votes = 0;
    const size_t n = std::min<size_t>(r.tokens.size(), 400);
    for (size_t i = 0; i < n; ++i) votes += r.tokens.tokens()[i].stop_lang == static_cast<uint8_t>(r.lang) + 1;
    int term = cx.tax.Find(absl::StrCat("lang_", AV(LangCode(r.lang))));
    if (votes >= 8 && term >= 0 && k.lang_accept[term]) {
      // Quote the first line of prose (four words or more).
      for (uint32_t line = 0; line < r.tokens.line_count(); ++line) {
        uint32_t tb = r.tokens.FirstTokenOfLine(line), te = r.tokens.FirstTokenOfLine(line + 1);
        if (te - tb < 6 || r.lines[line].header || r.lines[line].section == Section::kPersonal) continue;
        o.ev.push_back(QuoteTokens(cx, 0, tb, te));
        break;
      }
      bool enough = k.min_level <= 4;
      o.verdict = enough ? v1::VERDICT_MET : v1::VERDICT_PARTIAL;
      o.sub = enough ? 100 : 50;
      o.level = 4;
      o.reason = "written-in";
      return o;
    }
  }
  o.verdict = v1::VERDICT_UNKNOWN;
  o.absent = true;
  o.reason = "absent";
  return o;
}

// ---- Licences -----------------------------------------------------------

Outcome EvaluateLicence(const Cx& cx, const Crit& k) {
  Outcome o;
  // The class scheme (data/licences.tsv) of the required family: held
  // classes count with everything they imply (CE -> C, BE -> B), a different
  // class of the same scheme is not the required one (M2 is not M3, a
  // pallet-truck certificate is no forklift licence).
  int scheme = -1;
  for (const auto& l : k.licences) {
    if (scheme < 0) scheme = LicenceSchemeOf(cx.tax.term(l.family).id);
  }
  LicenceCodes required = 0;
  ClassSet letters = 0;
  bool any_class = false;
  for (const auto& l : k.licences) {
    if (l.cls) {
      letters |= ClassBit(l.cls);
      required |= LicenceCode(scheme, std::string(1, l.cls));
    } else {
      any_class = true;
    }
  }
  // The rubric term keeps a class letter ("lic_car:C"); the requirement's
  // own words say which class ("CE-körkort", "kompetansebevis M3").
  if (letters != 0 && scheme >= 0) {
    const std::string& label = cx.rubric.rubric().criteria(k.index).label();
    TokenizedText lt;
    lt.Reset(label);
    std::vector<TermMatch> lm;
    cx.tax.FindMatches(lt, Lang::kEn, &lm);
    LicenceCodes named = 0;
    for (const TermMatch& m : lm) {
      if (cx.tax.term(m.term).kind != TermKind::kLicence) continue;
      if (LicenceSchemeOf(cx.tax.term(m.term).id) != scheme) continue;
      named |= CodesNear(lt, m.begin, m.end, scheme);
    }
    std::string names = LicenceCodesToString(scheme, named);
    // Only when the words name the same classes as the terms (an edited
    // rubric's terms win).
    if (named != 0) {
      ClassSet first_letters = 0;
      for (std::string_view code : Split(names, '+')) {
        if (!code.empty() && code[0] >= 'A' && code[0] <= 'Z') {
          first_letters |= ClassBit(static_cast<char>(code[0] + 32));
        }
      }
      if (first_letters == letters) required = named;
    }
  }
  LicenceCodes held = 0, claimed = 0;
  bool generic = false, negated = false;
  EvRef held_ev, other_ev, neg_ev, claim_ev, generic_ev;
  // A licence of the same scheme counts whatever its keyword ("Körkort CE"
  // for a truck licence requirement).
  auto family_ok = [&](int term) {
    for (const auto& l : k.licences) {
      if (cx.tax.IsA(term, l.family)) return true;
    }
    return scheme >= 0 && LicenceSchemeOf(cx.tax.term(term).id) == scheme;
  };
  LicenceCodes generic_codes = 0;
  bool generic_family = false;  // a classless mention of a required family
  for (const auto& l : k.licences) {
    generic_codes |= GenericCodes(cx.tax.term(l.family).id);
  }
  auto satisfies = [&](LicenceCodes h) {
    LicenceCodes implied = ImpliedCodes(scheme, h);
    return required != 0 ? (implied & required) != 0 : (implied & generic_codes) != 0;
  };
  for (size_t si = 0; si < cx.n; ++si) {
    const AnalyzedSource& s = cx.sources[si];
    bool resume = s.kind == SourceKind::kResume;
    int src = static_cast<int>(si);
    for (const Mention& m : s.mentions) {
      if (cx.tax.term(m.term).kind != TermKind::kLicence || !family_ok(m.term)) continue;
      if (m.context == Context::kIgnored) continue;
      if (m.negated) {
        negated = true;
        if (neg_ev.src < 0) neg_ev = QuoteTokens(cx, src, m.begin, m.end);
        continue;
      }
      if (m.cues & (kCueCourse | kCueFuture)) continue;
      int ms = LicenceSchemeOf(cx.tax.term(m.term).id);
      LicenceCodes cls = ms == scheme ? CodesNear(s.tokens, m.begin, m.end, scheme) : 0;
      if (resume) {
        if (cls) {
          EvRef& ev = satisfies(cls) ? held_ev : other_ev;
          if (ev.src < 0) ev = QuoteTokens(cx, src, m.begin, m.end);
          held |= cls;
        } else {
          generic = true;
          for (const auto& l : k.licences) {
            generic_family |= cx.tax.IsA(m.term, l.family);
          }
          if (generic_ev.src < 0) generic_ev = QuoteTokens(cx, src, m.begin, m.end);
        }
      } else {
        claimed |= cls;
        if (claim_ev.src < 0) claim_ev = QuoteTokens(cx, src, m.begin, m.end);
      }
    }
    // Keyword-less lines under a licence header ("Klasse B, BE").
    if (resume) {
      // Only for driving licences, the kind the header names.
      bool car = scheme >= 0 && scheme == LicenceSchemeOf("lic_car");
      for (uint32_t l = 0; car && l < s.tokens.line_count(); ++l) {
        if (s.lines[l].section != Section::kLicences || s.lines[l].header) continue;
        uint32_t a = s.tokens.FirstTokenOfLine(l);
        if (a >= s.tokens.size() || s.tokens.tokens()[a].line != l) continue;
        LicenceCodes cls = CodesOnLine(s.tokens, l, scheme);
        if (!cls) continue;
        if (LineNegated(s.tokens, s.cues, a)) {
          negated = true;
          if (neg_ev.src < 0) neg_ev = QuoteTokens(cx, src, a, a + 1);
          continue;
        }
        EvRef& ev = satisfies(cls) ? held_ev : other_ev;
        if (ev.src < 0) ev = QuoteTokens(cx, src, a, a + 1);
        held |= cls;
      }
    }
  }
  LicenceCodes implied = ImpliedCodes(scheme, held);
  if (required != 0 && (implied & required) == required) {
    o.verdict = v1::VERDICT_MET;
    o.sub = 100;
    o.ev.push_back(held_ev);
    o.reason = "licence";
    return o;
  }
  if (required == 0 && any_class &&
      (generic_family || (implied & generic_codes) != 0)) {
    o.verdict = v1::VERDICT_MET;
    o.sub = 100;
    o.ev.push_back(held_ev.src >= 0 ? held_ev : generic_ev);
    o.reason = "licence";
    return o;
  }
  // Some of the required classes, or only another class of the same kind
  // (B against C, truck class A against a forklift licence).
  if (held != 0) {
    o.verdict = v1::VERDICT_PARTIAL;
    o.sub = 50;
    o.ev.push_back(held_ev.src >= 0 ? held_ev : other_ev);
    o.reason = "licence-some";
    return o;
  }
  if (negated) {
    o.verdict = v1::VERDICT_MISSING;
    o.sub = 0;
    o.ev.push_back(neg_ev);
    o.reason = "negated";
    return o;
  }
  if (generic || (claimed & required) || claim_ev.src >= 0) {
    o.verdict = v1::VERDICT_PARTIAL;
    o.sub = 50;
    o.ev.push_back(generic ? generic_ev : claim_ev);
    o.reason = "claim";
    return o;
  }
  o.verdict = v1::VERDICT_UNKNOWN;
  o.absent = true;
  o.reason = "absent";
  return o;
}

// ---- Education ----------------------------------------------------------

Outcome EvaluateEducation(const Cx& cx, const Crit& k) {
  Outcome o;
  EvRef strong, weak, claim, other;
  for (size_t si = 0; si < cx.n; ++si) {
    const AnalyzedSource& s = cx.sources[si];
    int src = static_cast<int>(si);
    bool resume = s.kind == SourceKind::kResume;
    for (const Mention& m : s.mentions) {
      if (m.context == Context::kIgnored) continue;
      bool match = k.accept[m.term] != 0;
      TermKind kind = cx.tax.term(m.term).kind;
      if (!resume) {
        if (match && !m.negated && claim.src < 0) {
          claim = QuoteTokens(cx, src, m.begin, m.end);
        }
        continue;
      }
      Section sec = s.lines[s.tokens.tokens()[m.begin].line].section;
      bool formal = m.in_title || m.context == Context::kCourse ||
                    sec == Section::kSummary;
      if (!match) {
        // Another trade/degree stated as the candidate's qualification.
        bool training_title = m.in_title && m.entry >= 0 &&
                              s.entries[m.entry].training;
        if ((kind == TermKind::kRole || kind == TermKind::kEducation) &&
            (training_title || (m.context == Context::kCourse &&
                                kind == TermKind::kEducation)) &&
            other.src < 0) {
          other = QuoteTokens(cx, src, m.begin, m.end);
        }
        continue;
      }
      if (m.negated) continue;
      // A qualification line that says it is in progress or planned
      // ("… – in progress, 4 of 7 courses done, exam June 2027") is not
      // held, wherever on the line the status stands.
      if ((m.cues & (kCueFuture | kCueInterest)) ||
          (formal && !s.cues.empty() && LineNegated(s.tokens, s.cues, m.begin))) {
        if (weak.src < 0) weak = QuoteTokens(cx, src, m.begin, m.end);
        continue;
      }
      if (formal) {
        if (strong.src < 0) strong = QuoteTokens(cx, src, m.begin, m.end);
      } else if (weak.src < 0) {
        weak = QuoteTokens(cx, src, m.begin, m.end);
      }
    }
  }
  if (strong.src >= 0) {
    o.verdict = v1::VERDICT_MET;
    o.sub = 100;
    o.ev.push_back(strong);
    o.reason = "qualification";
  } else if (other.src >= 0) {
    o.verdict = v1::VERDICT_MISSING;
    o.sub = 0;
    o.ev.push_back(other);
    o.reason = "other-qualification";
  } else if (weak.src >= 0 || claim.src >= 0) {
    o.verdict = v1::VERDICT_PARTIAL;
    o.sub = 50;
    o.ev.push_back(weak.src >= 0 ? weak : claim);
    o.reason = "claim";
  } else {
    o.verdict = v1::VERDICT_UNKNOWN;
    o.absent = true;
    o.reason = "absent";
  }
  return o;
}

Outcome Worse(Outcome a, const Outcome& b) {
  if (Rank(b.verdict) < Rank(a.verdict)) {
    Outcome r = b;
    for (const EvRef& e : a.ev) {
      if (r.ev.size() < 3) r.ev.push_back(e);
    }
    if (r.months < 0) r.months = a.months;
    return r;
  }
  for (const EvRef& e : b.ev) {
    if (a.ev.size() < 3) a.ev.push_back(e);
  }
  if (b.months >= 0) a.months = b.months;
  return a;
}

// The candidate's answer to this criterion's follow-up question, used when
// the rest of the evidence leaves the criterion unknown. False (and `o`
// untouched) when there is no answer or its value is of the wrong kind for
// the criterion (text; choices for years or yes/no criteria; a range for a
// language or a yes/no criterion; an unrecognised level).
bool ApplyFollowUp(const Cx& cx, const Crit& k, v1::CriterionKind kind,
                   Outcome* o) {
  const v1::CandidateAnswer* a = FindAnswer(cx.evidence, k.follow_up_id);
  if (a == nullptr) return false;
  Outcome r;
  r.reason = "follow-up";
  auto decide = [&r](v1::Verdict v) {
    r.verdict = v;
    r.sub = v == v1::VERDICT_MET ? 100 : v == v1::VERDICT_PARTIAL ? 50 : 0;
  };
  switch (a->value_case()) {
    case v1::CandidateAnswer::kBoolean:
      // "Yes" confirms what a candidate can confirm; a skill, degree or
      // certificate is only claimed.
      if (k.verbatim) {
        // The knock-out question as written: the recruiter's rule decides.
        decide(a->boolean() == k.expect_boolean ? v1::VERDICT_MET : v1::VERDICT_MISSING);
      } else {
        decide(!a->boolean()            ? v1::VERDICT_MISSING
               : DeclarativeKind(kind) ? v1::VERDICT_MET
                                       : v1::VERDICT_PARTIAL);
      }
      break;
    case v1::CandidateAnswer::kRange: {
      double years = a->range();
      if (!(years >= 0) || years > 200) return false;  // NaN, negative, absurd
      int months = static_cast<int>(years * 12 + 0.5);
      r.months = months;
      if (kind == v1::CRITERION_KIND_EXPERIENCE_YEARS) {
        r.reason = "follow-up-years";
        if (k.min_months == 0 ? months > 0 : months >= k.min_months) {
          decide(v1::VERDICT_MET);
        } else if (k.min_months > 0 && months * 2 >= k.min_months) {
          decide(v1::VERDICT_PARTIAL);
        } else {
          decide(v1::VERDICT_MISSING);
        }
      } else if (SkillLikeKind(kind)) {
        // Years with a skill are a claim; far below a required minimum
        // ("SQL 2 years") they are missing.
        bool enough = k.min_months > 0 ? months * 2 >= k.min_months : months > 0;
        decide(enough ? v1::VERDICT_PARTIAL : v1::VERDICT_MISSING);
      } else {
        return false;
      }
      break;
    }
    case v1::CandidateAnswer::kChoices: {
      const auto& chosen = a->choices().values();
      if (chosen.empty()) return false;
      if (kind == v1::CRITERION_KIND_LANGUAGE) {
        int level = 0;
        for (const std::string& ch : chosen) level = std::max(level, FollowUpLevel(ch));
        if (level == 0) return false;
        r.level = level;
        r.reason = "follow-up-level";
        decide(level >= k.min_level       ? v1::VERDICT_MET
               : level == k.min_level - 1 ? v1::VERDICT_PARTIAL
                                          : v1::VERDICT_MISSING);
      } else if (SkillLikeKind(kind) && !k.term_labels.empty()) {
        bool none = false;
        std::vector<uint8_t> picked(k.term_labels.size(), 0);
        for (const std::string& ch : chosen) {
          if (IsNoneAlternative(ch)) none = true;
          std::string folded = FoldForMatch(ch);
          for (size_t i = 0; i < picked.size(); ++i) {
            if (!folded.empty() && folded == k.folded_term_labels[i]) picked[i] = 1;
          }
        }
        size_t n = static_cast<size_t>(std::count(picked.begin(), picked.end(), 1));
        bool enough = !none && n > 0 && (!k.all || n == picked.size());
        decide(enough ? v1::VERDICT_PARTIAL : v1::VERDICT_MISSING);
      } else {
        return false;
      }
      break;
    }
    default:  // text, video, unset
      return false;
  }
  EvRef ev = QuoteAnswer(cx, k.follow_up_id);
  if (ev.src >= 0) r.ev.push_back(ev);
  *o = std::move(r);
  return true;
}

// ---- Generic criteria -----------------------------------------------------

// A requirement the taxonomy does not know: its content words (stems) on one
// line of the candidate's own text. At least half of them (all of one or
// two) must stand on the line; a stem matches a word it begins, or, from six
// letters on, a word it stands inside (compounds: "immobilienverwalt" in
// "Immobilienverwaltungen"). Experience prose → met; a skills list, a course,
// the pitch or an answer → partial; a negated line → missing; else unknown.
Outcome EvaluateGeneric(const Cx& cx, const Crit& k) {
  Outcome o;
  const size_t n = k.generic.size();
  // Weights: a distinctive word 2, a common one 1; a line needs 3 (two
  // distinctive words, or one and a common one), or all when they weigh less.
  int total = 0;
  for (size_t g = 0; g < n && g < 64; ++g) total += k.generic_weight[g];
  const int need = std::min(total, 3);
  EvRef strong, weak, claim, negated;
  for (size_t si = 0; si < cx.n; ++si) {
    const AnalyzedSource& s = cx.sources[si];
    if (s.kind == SourceKind::kAnswer && s.mentions.empty() && s.tokens.size() <= 2) continue;
    const uint32_t lines = s.tokens.line_count();
    for (uint32_t line = 0; line < lines; ++line) {
      uint32_t tb = s.tokens.FirstTokenOfLine(line), te = s.tokens.FirstTokenOfLine(line + 1);
      if (tb >= te) continue;
      uint64_t seen = 0;
      bool named_hit = false;
      uint32_t first = te, last = tb;
      bool neg = false, plan = false;
      for (uint32_t i = tb; i < te; ++i) {
        std::string_view w = s.tokens.folded(i);
        for (size_t g = 0; g < n && g < 64; ++g) {
          const std::string& st = k.generic[g];
          bool hit = k.generic_named[g]
                         ? w == st
                         : StartsWith(w, st) || (st.size() >= 6 && w.size() > st.size() + 2 &&
                                                 w.find(st) != std::string_view::npos);
          if (!hit) continue;
          if (k.generic_named[g]) named_hit = true;
          seen |= uint64_t{1} << g;
          first = std::min(first, i);
          last = std::max(last, i + 1);
        }
      }
      // One distinctive word (nine letters or more) is enough on a line that
      // states a held qualification (a course, certificate or licence line).
      bool long_hit = false;
      if (s.kind == SourceKind::kResume && line < s.lines.size()) {
        Section sec = s.lines[line].section;
        if (sec == Section::kCourses || sec == Section::kLicences || sec == Section::kEducation) {
          for (size_t g = 0; g < n && g < 64; ++g) {
            if ((seen >> g & 1) && k.generic[g].size() >= 9) long_hit = true;
          }
        }
      }
      int weight = 0;
      for (size_t g = 0; g < n && g < 64; ++g) weight += (seen >> g & 1) ? k.generic_weight[g] : 0;
      if (weight < need && !named_hit && !long_hit) continue;
      // A negation earlier in the clause ("I haven't worked a pastry
      // section"), or a plan or wish around the words.
      if (!s.cues.empty()) {
        if (IsNegated(s.tokens, s.cues, first)) neg = true;
        if (SegmentCues(s.tokens, s.cues, first, last) & (kCueFuture | kCueInterest)) plan = true;
      }
      int src = static_cast<int>(si);
      if (neg) {
        if (negated.src < 0) negated = QuoteTokens(cx, src, first, last);
        continue;
      }
      const LineInfo& li = s.lines[line < s.lines.size() ? line : 0];
      if (s.kind != SourceKind::kResume) {
        if (!plan && claim.src < 0) claim = QuoteTokens(cx, src, first, last);
        continue;
      }
      if (li.section == Section::kInterests || li.section == Section::kPersonal) continue;
      // A held qualification (courses, education, licences) meets a
      // requirement that asks for no experience.
      // A line that states something held (a course, certificate, licence,
      // check or registration: the résumé's courses, education, licences,
      // other or unnamed sections) meets a requirement that asks for no
      // experience; a skills list does not.
      bool held = li.section == Section::kCourses || li.section == Section::kEducation ||
                  li.section == Section::kLicences ||
                  (!k.generic_experience && !li.list_like &&
                   (li.section == Section::kOther || li.section == Section::kUnknown));
      bool prose = !plan && !li.stuffed &&
                   ((held && !k.generic_experience) ||
                    (!li.list_like && li.section != Section::kSkills && !held &&
                     (li.entry >= 0 || li.section == Section::kExperience ||
                      li.section == Section::kSummary || li.section == Section::kProjects)));
      if (prose && li.entry >= 0 && s.entries[li.entry].training && k.generic_experience) prose = false;
      if (prose) {
        if (strong.src < 0) strong = QuoteTokens(cx, src, first, last);
      } else if (weak.src < 0 && !li.stuffed) {
        weak = QuoteTokens(cx, src, first, last);
      }
    }
  }
  if (strong.src >= 0) {
    o.verdict = v1::VERDICT_MET;
    o.sub = 100;
    o.ev.push_back(strong);
    o.reason = "generic";
  } else if (weak.src >= 0 || (claim.src >= 0 && !cx.stuffing)) {
    o.verdict = v1::VERDICT_PARTIAL;
    o.sub = 50;
    o.ev.push_back(weak.src >= 0 ? weak : claim);
    o.reason = "generic-weak";
  } else if (negated.src >= 0) {
    o.verdict = v1::VERDICT_MISSING;
    o.sub = 0;
    o.ev.push_back(negated);
    o.reason = "negated";
  } else {
    o.verdict = v1::VERDICT_UNKNOWN;
    o.absent = true;
    o.reason = "absent";
  }
  return o;
}

Outcome EvaluateCriterion(const Cx& cx, const Crit& k,
                          const v1::Criterion& c) {
  Outcome o;
  KnockoutOutcome ko = KnockoutOutcome::kUnanswered;
  if (k.has_knockout) {
    ko = EvaluateKnockout(c.knockout(), FindAnswer(cx.evidence, c.question_id()));
  }
  EvRef answer_ev = k.has_knockout ? QuoteAnswer(cx, c.question_id()) : EvRef{};
  if (ko == KnockoutOutcome::kFail) {
    o.verdict = v1::VERDICT_MISSING;
    o.sub = 0;
    o.knockout_failed = true;
    o.reason = "knockout-failed";
    if (answer_ev.src >= 0) o.ev.push_back(answer_ev);
    return o;
  }
  switch (c.kind()) {
    case v1::CRITERION_KIND_KNOCKOUT_QUESTION:
    case v1::CRITERION_KIND_WORK_AUTHORIZATION:
    case v1::CRITERION_KIND_LOCATION:
    case v1::CRITERION_KIND_CUSTOM:
      if (ko == KnockoutOutcome::kPass) {
        o.verdict = v1::VERDICT_MET;
        o.sub = 100;
        o.reason = "answer";
        if (answer_ev.src >= 0) o.ev.push_back(answer_ev);
        return o;
      }
      if (!k.terms.empty()) {
        o = EvaluateSkill(cx, k);
      } else if (!k.generic.empty()) {
        o = EvaluateGeneric(cx, k);
      } else {
        o.verdict = v1::VERDICT_UNKNOWN;
        o.absent = true;
        o.reason = "absent";
      }
      break;
    case v1::CRITERION_KIND_LANGUAGE:
      o = EvaluateLanguage(cx, k);
      break;
    case v1::CRITERION_KIND_LICENCE:
      o = EvaluateLicence(cx, k);
      break;
    case v1::CRITERION_KIND_EDUCATION:
      o = EvaluateEducation(cx, k);
      break;
    case v1::CRITERION_KIND_EXPERIENCE_YEARS:
      o = EvaluateYears(cx, k);
      break;
    default:
      o = k.terms.empty() && !k.generic.empty() ? EvaluateGeneric(cx, k) : EvaluateSkill(cx, k);
      if (k.min_months > 0) o = Worse(o, EvaluateYears(cx, k));
      break;
  }
  // A passed knock-out answer alone is a claim: at most partial.
  if (ko == KnockoutOutcome::kPass && o.absent) {
    o.verdict = v1::VERDICT_PARTIAL;
    o.sub = 50;
    o.absent = false;
    o.reason = "answer-only";
  }
  if (ko == KnockoutOutcome::kPass && answer_ev.src >= 0 && o.ev.size() < 3) {
    o.ev.push_back(answer_ev);
  }
  // Nothing else decides: the candidate's answer to the follow-up question.
  if (o.verdict == v1::VERDICT_UNKNOWN) ApplyFollowUp(cx, k, c.kind(), &o);
  return o;
}

}  // namespace

v1::ScreeningResult ScoreEvidence(const ClaraCompiledRubric& rubric,
                                  const v1::CandidateEvidence& evidence,
                                  absl::CivilDay today,
                                  const ScoreOptions& options,
                                  std::string_view engine_version) {
  const Taxonomy& tax = rubric.taxonomy();
  const int today_month = MonthIndex(today);

  // Sources: résumé first, then pitch, cover letter, answers, custom fields.
  thread_local std::vector<AnalyzedSource> sources;
  thread_local std::vector<std::string> answer_texts;
  thread_local std::vector<std::vector<uint8_t>> lang_tok;
  size_t n_sources = 3 + evidence.answers_size() + evidence.custom_fields_size();
  if (sources.size() < n_sources) sources.resize(n_sources);
  answer_texts.resize(evidence.answers_size());
  size_t used = 0;
  sources[used++].Analyze(SourceKind::kResume, "", evidence.resume_text(), tax,
                          today_month);
  if (!evidence.pitch().empty()) {
    sources[used++].Analyze(SourceKind::kPitch, "", evidence.pitch(), tax,
                            today_month);
  }
  if (!evidence.cover_letter().empty()) {
    sources[used++].Analyze(SourceKind::kCoverLetter, "",
                            evidence.cover_letter(), tax, today_month);
  }
  for (int i = 0; i < evidence.answers_size(); ++i) {
    answer_texts[i] = AnswerSourceText(evidence.answers(i));
    const auto& a = evidence.answers(i);
    if (a.value_case() == v1::CandidateAnswer::kBoolean ||
        a.value_case() == v1::CandidateAnswer::kRange ||
        StartsWith(a.question_id(), kFollowUpAnswerPrefix)) {
      // Not scanned for terms, but quotable. A follow-up answer counts only
      // for its own criterion, by the rules of ApplyFollowUp.
      sources[used].kind = SourceKind::kAnswer;
      sources[used].Analyze(SourceKind::kAnswer, a.question_id(), answer_texts[i],
                            tax, today_month);
      sources[used].mentions.clear();
      ++used;
      continue;
    }
    sources[used++].Analyze(SourceKind::kAnswer, a.question_id(), answer_texts[i],
                            tax, today_month);
  }
  // Custom fields in key order (map iteration order is unspecified).
  std::vector<std::pair<std::string, std::string>> custom(
      evidence.custom_fields().begin(), evidence.custom_fields().end());
  std::sort(custom.begin(), custom.end());
  thread_local std::vector<std::string> custom_texts;
  custom_texts.clear();
  for (auto& kv : custom) custom_texts.push_back(kv.second);
  for (size_t i = 0; i < custom.size(); ++i) {
    sources[used++].Analyze(SourceKind::kCustom, "", custom_texts[i], tax,
                            today_month);
  }
  std::vector<AnalyzedSource>& all = sources;
  lang_tok.resize(used);
  for (size_t si = 0; si < used; ++si) {
    lang_tok[si].assign(all[si].tokens.size(), 0);
    for (const Mention& m : all[si].mentions) {
      if (tax.term(m.term).kind == TermKind::kLanguage) {
        for (uint32_t i = m.begin; i < m.end; ++i) lang_tok[si][i] = 1;
      }
    }
  }

  const AnalyzedSource& resume = sources[0];
  bool has_entries = false;
  for (const ResumeEntry& e : resume.entries) {
    if (!e.training && ExperienceSection(e.section)) has_entries = true;
  }
  Cx cx{rubric,
             tax,
             evidence,
             sources,
             used,
             lang_tok,
             today_month,
             resume.tokens.size() >= 60,
             has_entries,
             resume.has_stuffing};

  const auto& crits = rubric.crits();
  std::vector<Outcome> outcomes(crits.size());
  for (size_t i = 0; i < crits.size(); ++i) {
    outcomes[i] = EvaluateCriterion(cx, crits[i], rubric.rubric().criteria(crits[i].index));
  }
  // Alternatives: a requirement is as good as its best alternative, and the
  // alternatives report that outcome too (they do not count on their own).
  for (size_t i = 0; i < crits.size(); ++i) {
    int p = crits[i].alt_of;
    if (p < 0 || crits[p].alt_of >= 0) continue;
    if (Rank(outcomes[i].verdict) > Rank(outcomes[p].verdict)) outcomes[p] = outcomes[i];
  }
  for (size_t i = 0; i < crits.size(); ++i) {
    int p = crits[i].alt_of;
    if (p >= 0 && crits[p].alt_of < 0) outcomes[i] = outcomes[p];
  }
  // Sub-requirements of a requirement that is clearly missing are missing.
  for (size_t i = 0; i < crits.size(); ++i) {
    int rel = crits[i].related;
    if (rel >= 0 && outcomes[i].absent &&
        outcomes[rel].verdict == v1::VERDICT_MISSING) {
      outcomes[i].verdict = v1::VERDICT_MISSING;
      outcomes[i].reason = "parent-missing";
      outcomes[i].absent = false;
    }
    if (!crits[i].must && !crits[i].trait && outcomes[i].verdict == v1::VERDICT_UNKNOWN) {
      outcomes[i].verdict = v1::VERDICT_MISSING;
      outcomes[i].sub = 0;
    }
  }

  // Aggregate.
  int64_t must_w = 0, must_s = 0, nice_w = 0, nice_s = 0;
  int must_n = 0, must_met = 0, must_unknown = 0, must_partial = 0;
  bool must_missing = false, knockout_failed = false;
  for (size_t i = 0; i < crits.size(); ++i) {
    const Outcome& o = outcomes[i];
    int sub = o.verdict == v1::VERDICT_UNKNOWN ? 40 : o.sub;
    // A must-have the engine cannot evaluate is left to the recruiter.
    if (crits[i].must && !crits[i].gating && o.verdict == v1::VERDICT_UNKNOWN) continue;
    // So is a disposition nobody wrote down, wanted or merely welcome.
    if (crits[i].trait && o.verdict == v1::VERDICT_UNKNOWN) continue;
    // An alternative counts through the requirement it is an alternative of.
    if (crits[i].alt_of >= 0) continue;
    if (crits[i].must) {
      must_w += crits[i].weight_milli;
      must_s += crits[i].weight_milli * sub;
      ++must_n;
      if (o.verdict == v1::VERDICT_MET) ++must_met;
      if (o.verdict == v1::VERDICT_UNKNOWN) ++must_unknown;
      if (o.verdict == v1::VERDICT_PARTIAL) ++must_partial;
      if (o.verdict == v1::VERDICT_MISSING) must_missing = true;
    } else {
      nice_w += crits[i].weight_milli;
      nice_s += crits[i].weight_milli * o.sub;
    }
    if (o.knockout_failed) knockout_failed = true;
  }
  // Scores in per-mille to stay in integer arithmetic.
  int64_t must_avg = must_w > 0 ? must_s * 10 / must_w : 0;    // 0..1000
  int64_t nice_avg = nice_w > 0 ? nice_s * 10 / nice_w : must_avg;
  if (must_w == 0) must_avg = nice_avg;
  int64_t raw = (must_avg * 55 + nice_avg * 45) / 100;  // 0..1000
  int score = static_cast<int>((raw + 5) / 10);
  bool insufficient = must_n > 0 && must_unknown * 2 >= must_n;
  if (must_missing || knockout_failed || insufficient) {
    score = std::min((score + 1) / 2, options.might_be_fit_threshold - 1);
  } else if (must_partial + must_unknown > 0) {
    // Unproven must-haves: compress the upper half into the might_be_fit
    // range instead of piling everyone up at its ceiling.
    int floor = options.might_be_fit_threshold;
    if (score > floor) score = floor + (score - floor) / 2;
    score = std::min(score, options.top_fit_threshold - 1);
  }
  score = std::clamp(score, 0, 100);

  v1::ScreeningResult result;
  result.set_score(score);
  v1::Grade grade;
  if (must_n > 0 && must_unknown == must_n) {
    grade = v1::GRADE_UNKNOWN;
  } else if (score >= options.top_fit_threshold) {
    grade = v1::GRADE_TOP_FIT;
  } else if (score >= options.might_be_fit_threshold) {
    grade = v1::GRADE_MIGHT_BE_FIT;
  } else {
    grade = v1::GRADE_MIGHT_NOT_BE_FIT;
  }
  result.set_grade(grade);
  int prequalify = options.prequalify_threshold.value_or(options.top_fit_threshold);
  v1::QualificationLevel q;
  // A rubric without one evaluable must-have decides nothing on its own: a
  // recruiter reviews (the summary says why).
  const bool no_must = must_n == 0;
  if (must_missing || knockout_failed || must_unknown > 0 || no_must) {
    q = v1::QUALIFICATION_LEVEL_NEEDS_REVIEW;
  } else if (score >= prequalify) {
    q = v1::QUALIFICATION_LEVEL_PRE_QUALIFIED;
  } else {
    q = v1::QUALIFICATION_LEVEL_NOT_QUALIFIED;
  }
  result.set_qualification(q);

  std::vector<CriterionFacts> facts(crits.size());
  // Follow-up questions in the integration's chosen language, else the job's.
  const std::string& lang = options.follow_up_language.empty() ? rubric.rubric().language_code()
                                                               : options.follow_up_language;
  for (size_t i = 0; i < crits.size(); ++i) {
    const Crit& k = crits[i];
    const v1::Criterion& c = rubric.rubric().criteria(k.index);
    const Outcome& o = outcomes[i];
    CriterionFacts& f = facts[i];
    f.short_label = k.short_label;
    f.label = c.label();
    f.kind = c.kind();
    f.must = k.must;
    f.verdict = o.verdict;
    f.months = o.months;
    f.min_months = k.min_months;
    f.level = o.level;
    f.min_level = k.min_level;
    f.reason = o.reason;
    f.term_labels = &k.term_labels;
    f.verbatim = k.verbatim;
    v1::CriterionResult* cr = result.add_criteria();
    cr->set_criterion_id(c.id());
    cr->set_label(c.label());
    cr->set_requirement(c.requirement());
    cr->set_verdict(o.verdict);
    cr->set_sub_score(o.verdict == v1::VERDICT_UNKNOWN ? 0 : o.sub);
    std::vector<std::pair<int, uint32_t>> seen;
    for (const EvRef& e : o.ev) {
      if (e.src < 0 || e.end <= e.begin) continue;
      if (std::find(seen.begin(), seen.end(), std::make_pair(e.src, e.begin)) != seen.end()) continue;
      seen.push_back({e.src, e.begin});
      const AnalyzedSource& s = sources[e.src];
      v1::Evidence* ev = cr->add_evidence();
      switch (s.kind) {
        case SourceKind::kResume:
          ev->set_source(common::v1::EVIDENCE_SOURCE_RESUME);
          break;
        case SourceKind::kPitch:
          ev->set_source(common::v1::EVIDENCE_SOURCE_PITCH);
          break;
        case SourceKind::kCoverLetter:
          ev->set_source(common::v1::EVIDENCE_SOURCE_COVER_LETTER);
          break;
        case SourceKind::kAnswer:
          ev->set_source(common::v1::EVIDENCE_SOURCE_ANSWER);
          ev->set_source_id(std::string(s.id));
          break;
        case SourceKind::kCustom:
          ev->set_source(common::v1::EVIDENCE_SOURCE_CUSTOM_FIELD);
          break;
      }
      ev->set_begin(e.begin);
      ev->set_end(e.end);
      ev->set_quote(std::string(s.text.substr(e.begin, e.end - e.begin)));
    }
    cr->set_explanation(Explanation(f));
    if (k.must && o.verdict == v1::VERDICT_UNKNOWN && k.alt_of < 0) {
      *result.add_follow_up_questions() = FollowUp(c.id(), f, lang);
    }
  }
  result.set_summary(Summary(q, knockout_failed, facts));
  switch (grade) {
    case v1::GRADE_TOP_FIT:
      result.add_tags("clara-top-fit");
      break;
    case v1::GRADE_MIGHT_BE_FIT:
      result.add_tags("clara-might-be-fit");
      break;
    case v1::GRADE_MIGHT_NOT_BE_FIT:
      result.add_tags("clara-might-not-be-fit");
      break;
    default:
      result.add_tags("clara-grade-unknown");
  }
  if (knockout_failed) result.add_tags("clara-knockout-failed");
  if (no_must) result.add_tags("clara-no-evaluable-must-have");
  if (q == v1::QUALIFICATION_LEVEL_NEEDS_REVIEW) result.add_tags("clara-needs-review");
  if (q == v1::QUALIFICATION_LEVEL_PRE_QUALIFIED) result.add_tags("clara-pre-qualified");
  if (result.follow_up_questions_size() > 0) result.add_tags("clara-follow-up");
  result.set_engine_version(std::string(engine_version));
  result.set_rubric_hash(rubric.rubric().content_hash().empty()
                             ? rubric.rubric_hash()
                             : rubric.rubric().content_hash());
  result.set_input_hash(EvidenceHash(evidence));
  return result;
}

}  // namespace clara::screening::engine
