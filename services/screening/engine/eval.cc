#include "services/screening/engine/eval.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/text_format.h"
#include "common/teamtailor_json.h"
#include "services/screening/engine/clara_engine.h"
#include "services/screening/engine/hashing.h"
#include "services/screening/engine/knockouts.h"
#include "services/screening/engine/requirements.h"
#include "services/screening/engine/rubric_derivation.h"
#include "services/screening/engine/taxonomy.h"
#include "services/screening/engine/text.h"
#include "services/screening/raw_candidate.h"

namespace clara::screening::engine {
namespace {

using nlohmann::json;

absl::StatusOr<std::vector<json>> ReadJsonl(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::vector<json> out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      out.push_back(json::parse(line));
    } catch (const std::exception& e) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", n, ": ", e.what()));
    }
  }
  return out;
}

std::string Str(const json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_string()) return "";
  return j[key].get<std::string>();
}

// A golden job line → the `GET /v1/jobs/{id}?include=questions,
// picked-questions,locations` document Teamtailor would send: the job as
// `data` with its relationships, the questions, picked-questions and
// locations in `included`. The golden `knockout` field is not Teamtailor's
// (KnockoutRulesOf reads it).
json JobDocument(const json& line) {
  const std::string id = line.contains("id") && line["id"].is_string() ? line["id"].get<std::string>()
                                                                        : (line.contains("id") ? line["id"].dump() : "0");
  json data = {{"id", id}, {"type", "jobs"},
               {"attributes", line.value("attributes", json::object())}};
  json included = json::array();
  json question_refs = json::array(), picked_refs = json::array(), location_refs = json::array();
  if (line.contains("questions") && line["questions"].is_array()) {
    int n = 0;
    for (const json& q : line["questions"]) {
      const std::string qid = Str(q, "id");
      json attributes = json::object();
      for (const char* key : {"question-type", "title", "alternatives", "unit", "multiple"}) {
        if (q.contains(key) && !q[key].is_null()) attributes[key] = q[key];
      }
      included.push_back({{"id", qid}, {"type", "questions"}, {"attributes", attributes}});
      const std::string pid = absl::StrCat("picked-", id, "-", ++n);
      // The golden set does not say which questions are mandatory.
      included.push_back({{"id", pid}, {"type", "picked-questions"},
                          {"attributes", {{"mandatory", false}, {"row-order", n}}},
                          {"relationships", {{"job", {{"data", {{"id", id}, {"type", "jobs"}}}}},
                                             {"question", {{"data", {{"id", qid}, {"type", "questions"}}}}}}}});
      question_refs.push_back({{"id", qid}, {"type", "questions"}});
      picked_refs.push_back({{"id", pid}, {"type", "picked-questions"}});
    }
  }
  if (line.contains("locations") && line["locations"].is_array()) {
    int n = 0;
    for (const json& l : line["locations"]) {
      const std::string lid = absl::StrCat("location-", id, "-", ++n);
      included.push_back({{"id", lid}, {"type", "locations"}, {"attributes", l}});
      location_refs.push_back({{"id", lid}, {"type", "locations"}});
    }
  }
  data["relationships"] = {{"questions", {{"data", question_refs}}},
                           {"picked-questions", {{"data", picked_refs}}},
                           {"locations", {{"data", location_refs}}}};
  return {{"data", data}, {"included", included}};
}

// The golden `knockout` fields as the knock-out rules an admin configures
// for the job (the UpdateRubric path checks and applies them the same way).
v1::Rubric KnockoutRulesOf(const json& line) {
  v1::Rubric holder;
  if (!line.contains("questions") || !line["questions"].is_array()) return holder;
  for (const json& q : line["questions"]) {
    if (!q.contains("knockout") || !q["knockout"].is_object() || !q["knockout"].contains("expect")) continue;
    v1::KnockoutRule rule;
    rule.set_question_id(Str(q, "id"));
    const json& e = q["knockout"]["expect"];
    if (e.is_boolean()) {
      rule.mutable_rule()->set_expect_boolean(e.get<bool>());
    } else if (e.is_array()) {
      auto* list = rule.mutable_rule()->mutable_expect_any_of();
      for (const auto& v : e) {
        if (v.is_string()) list->add_values(v.get<std::string>());
      }
    } else if (e.is_object() && e.contains("min") && e["min"].is_number()) {
      rule.mutable_rule()->set_expect_min(e["min"].get<double>());
    } else {
      continue;
    }
    *holder.add_knockout_rules() = std::move(rule);
  }
  return holder;
}

// A golden case → what the screening worker loads for it: the partner event
// parsed from the webhook body Teamtailor would send (the candidate as in
// the case, without `resume-text`), the evidence ingest stores (the résumé
// text standing for the PDF's extracted text; pitch and cover letter from
// the candidate's API document) and the job.
absl::StatusOr<ScreeningInputs> InputsFor(const std::string& case_id, const json& candidate,
                                          const v1::Job& job) {
  json cand = candidate;
  cand.erase("resume-text");
  if (!cand.contains("job")) cand["job"] = {{"id", job.id()}, {"title", job.title()}};
  json body = {{"partner-event",
                {{"id", absl::StrCat("eval-", case_id)},
                 {"partner-result", {{"id", absl::StrCat("eval-", case_id)}, {"status", "sending"},
                                     {"update-url", "https://eval.invalid/partner-results"}}},
                 {"candidate", cand}}}};
  auto hook = teamtailor::ParsePartnerWebhook(body.dump());
  if (!hook.ok()) return absl::InvalidArgumentError(absl::StrCat(case_id, ": ", hook.status().message()));
  json candidate_doc = {{"data", {{"id", std::to_string(hook->partner_event().candidate().id())},
                                  {"type", "candidates"},
                                  {"attributes", {{"pitch", Str(candidate, "pitch")}}}}}};
  // The golden case has no applications of its own: an empty list, as the
  // candidate's /job-applications read gives for an application without a
  // cover letter.
  auto details = teamtailor::CandidateFromJsonApi(candidate_doc, json::array(), job.id());
  if (!details.ok()) return details.status();
  ScreeningInputs in;
  in.event = hook->partner_event();
  in.evidence = teamtailor::StoredEvidenceFor(in.event, *details, Str(candidate, "resume-text"), "");
  in.job = job;
  return in;
}

std::string GradeName(v1::Grade g) {
  switch (g) {
    case v1::GRADE_TOP_FIT:
      return "top_fit";
    case v1::GRADE_MIGHT_BE_FIT:
      return "might_be_fit";
    case v1::GRADE_MIGHT_NOT_BE_FIT:
      return "might_not_be_fit";
    case v1::GRADE_UNKNOWN:
      return "unknown";
    default:
      return "unspecified";
  }
}

std::string VerdictName(v1::Verdict v) {
  switch (v) {
    case v1::VERDICT_MET:
      return "met";
    case v1::VERDICT_PARTIAL:
      return "partial";
    case v1::VERDICT_MISSING:
      return "missing";
    case v1::VERDICT_UNKNOWN:
      return "unknown";
    default:
      return "unspecified";
  }
}

std::vector<double> Ranks(const std::vector<double>& v) {
  std::vector<size_t> idx(v.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
    return v[a] != v[b] ? v[a] < v[b] : a < b;
  });
  std::vector<double> r(v.size());
  size_t i = 0;
  while (i < idx.size()) {
    size_t j = i;
    while (j + 1 < idx.size() && v[idx[j + 1]] == v[idx[i]]) ++j;
    double avg = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (size_t k = i; k <= j; ++k) r[idx[k]] = avg;
    i = j + 1;
  }
  return r;
}

double Pearson(const std::vector<double>& a, const std::vector<double>& b) {
  size_t n = a.size();
  if (n < 2) return 0;
  double ma = 0, mb = 0;
  for (size_t i = 0; i < n; ++i) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  double num = 0, da = 0, db = 0;
  for (size_t i = 0; i < n; ++i) {
    num += (a[i] - ma) * (b[i] - mb);
    da += (a[i] - ma) * (a[i] - ma);
    db += (b[i] - mb) * (b[i] - mb);
  }
  if (da == 0 || db == 0) return 0;
  return num / std::sqrt(da * db);
}

// Text describing a criterion for key mapping: its label and its terms'
// taxonomy labels.
std::string CriterionText(const v1::Criterion& c, const Taxonomy& tax) {
  std::string s = c.label();
  for (const std::string& t : c.terms()) {
    int id = tax.Find(t.substr(0, t.find(':')));
    if (id >= 0) absl::StrAppend(&s, " ", tax.term(id).label);
  }
  return s;
}

int FirstNumber(std::string_view s) {
  double d;
  if (!ParseNumber(s, &d)) return -1;
  return static_cast<int>(d);
}

// Maps label keys to criterion indices (one-to-one, greedy; must-haves
// preferred).
std::map<std::string, int> MapKeys(const std::vector<std::string>& keys,
                                   const v1::Rubric& rubric,
                                   const Taxonomy& tax) {
  struct Cand {
    int score;
    size_t key;
    int crit;
  };
  std::vector<Cand> cands;
  for (size_t k = 0; k < keys.size(); ++k) {
    std::string fk = FoldForMatch(keys[k]);
    int num = FirstNumber(keys[k]);
    bool years_word = fk.find("year") != std::string::npos ||
                      fk.find(" ar") != std::string::npos ||
                      fk.find("jahr") != std::string::npos;
    for (int i = 0; i < rubric.criteria_size(); ++i) {
      const v1::Criterion& c = rubric.criteria(i);
      int s = TextSimilarity(tax, keys[k], CriterionText(c, tax));
      // Must-haves first; a nice-to-have only if the ad was read that way.
      if (c.requirement() != v1::REQUIREMENT_MUST) s -= 3;
      if (num > 0 && c.min_value() == num) s += 2;
      if (years_word && c.kind() == v1::CRITERION_KIND_EXPERIENCE_YEARS) s += 2;
      if (s > 0) cands.push_back({s, k, i});
    }
  }
  std::sort(cands.begin(), cands.end(), [](const Cand& a, const Cand& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.key != b.key) return a.key < b.key;
    return a.crit < b.crit;
  });
  std::map<std::string, int> out;
  std::vector<bool> used(rubric.criteria_size(), false);
  for (const Cand& c : cands) {
    if (out.contains(keys[c.key]) || used[c.crit]) continue;
    out[keys[c.key]] = c.crit;
    used[c.crit] = true;
  }
  return out;
}

std::string EvidenceSourceText(const v1::CandidateEvidence& ev,
                               const v1::Evidence& e, bool* found) {
  *found = true;
  switch (e.source()) {
    case common::v1::EVIDENCE_SOURCE_RESUME:
      return ev.resume_text();
    case common::v1::EVIDENCE_SOURCE_PITCH:
      return ev.pitch();
    case common::v1::EVIDENCE_SOURCE_COVER_LETTER:
      return ev.cover_letter();
    case common::v1::EVIDENCE_SOURCE_ANSWER:
      for (const auto& a : ev.answers()) {
        if (a.question_id() == e.source_id()) return AnswerSourceText(a);
      }
      break;
    default:
      break;
  }
  *found = false;
  return "";
}

}  // namespace

absl::StatusOr<EvalReport> RunEval(const std::string& dir) {
  std::ifstream meta_in(dir + "/meta.json");
  if (!meta_in) return absl::NotFoundError(absl::StrCat("cannot open ", dir, "/meta.json"));
  json meta;
  try {
    meta = json::parse(meta_in);
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("meta.json: ", e.what()));
  }
  absl::CivilDay today;
  if (!absl::ParseCivilTime(Str(meta, "as_of"), &today)) {
    return absl::InvalidArgumentError("meta.json: as_of is not YYYY-MM-DD");
  }
  auto jobs_j = ReadJsonl(dir + "/jobs.jsonl");
  if (!jobs_j.ok()) return jobs_j.status();
  auto cases_j = ReadJsonl(dir + "/cases.jsonl");
  if (!cases_j.ok()) return cases_j.status();
  auto labels_j = ReadJsonl(dir + "/labels.jsonl");
  if (!labels_j.ok()) return labels_j.status();

  auto engine = NewClaraEngine();
  const Taxonomy& tax = Taxonomy::Default();
  std::map<std::string, v1::Job> jobs;
  std::map<std::string, v1::Rubric> rubrics;
  std::map<std::string, std::shared_ptr<const CompiledRubric>> compiled;
  EvalReport report;
  for (const json& j : *jobs_j) {
    std::string id = j.contains("id") && j["id"].is_string() ? j["id"].get<std::string>()
                                                             : j["id"].dump();
    // The production conversion (ingest's job sync) of the document
    // Teamtailor would send, and the admin's knock-out rules applied as
    // UpdateRubric applies them.
    auto job = teamtailor::JobFromJsonApi(JobDocument(j));
    if (!job.ok()) return absl::InvalidArgumentError(absl::StrCat("job ", id, ": ", job.status().message()));
    auto rubric = engine->DeriveRubric(*job, KnockoutRulesOf(j).knockout_rules());
    if (!rubric.ok()) return rubric.status();
    auto comp = engine->Compile(*rubric);
    if (!comp.ok()) return comp.status();
    jobs[id] = *job;
    rubrics[id] = *rubric;
    compiled[id] = *comp;
    json rj;
    rj["job"] = id;
    rj["criteria"] = json::array();
    for (const auto& c : rubric->criteria()) {
      json cj;
      cj["id"] = c.id();
      cj["label"] = c.label();
      cj["kind"] = v1::CriterionKind_Name(c.kind());
      cj["must"] = c.requirement() == v1::REQUIREMENT_MUST;
      cj["terms"] = std::vector<std::string>(c.terms().begin(), c.terms().end());
      cj["min_value"] = c.min_value();
      cj["question_id"] = c.question_id();
      rj["criteria"].push_back(cj);
    }
    rj["knockout_rules"] = json::array();
    for (const auto& k : rubric->knockout_rules()) {
      rj["knockout_rules"].push_back({{"question_id", k.question_id()}, {"rule", k.rule().ShortDebugString()}});
    }
    rj["warnings"] = std::vector<std::string>(rubric->warnings().begin(), rubric->warnings().end());
    // Coverage: the ad's requirement lines, and how many of them the engine
    // could not turn into an evaluable criterion (the rubric lint).
    int lines = static_cast<int>(ExtractRequirements(job->body_html()).size());
    int unevaluable = 0, musts = 0;
    for (const auto& w : rubric->warnings()) unevaluable += absl::StartsWith(w, kNotEvaluableWarning);
    for (const auto& c : rubric->criteria()) musts += c.requirement() == v1::REQUIREMENT_MUST;
    report.jobs_without_must += musts == 0;
    json& bj = report.by_job[id];
    bj["language"] = job->language_code();
    bj["title"] = job->title();
    bj["requirement_lines"] = lines;
    bj["lines_to_criteria"] = lines - unevaluable;
    bj["must_haves"] = musts;
    rj["content_hash"] = rubric->content_hash();
    report.rubrics.push_back(rj);
  }
  std::map<std::string, json> labels;
  for (const json& l : *labels_j) labels[Str(l, "case")] = l;

  // Label keys per job (same keys for every case of a job).
  std::map<std::string, std::vector<std::string>> keys_by_job;
  for (const json& c : *cases_j) {
    std::string job = Str(c, "job");
    auto it = labels.find(Str(c, "case"));
    if (it == labels.end() || !it->second.contains("must_haves")) continue;
    for (auto& [k, v] : it->second["must_haves"].items()) {
      auto& ks = keys_by_job[job];
      if (std::find(ks.begin(), ks.end(), k) == ks.end()) ks.push_back(k);
    }
  }
  std::map<std::string, std::map<std::string, int>> key_map;
  for (auto& [job, ks] : keys_by_job) {
    if (rubrics.contains(job)) key_map[job] = MapKeys(ks, rubrics[job], tax);
  }

  std::vector<double> scores, centres;
  std::map<std::string, std::vector<std::string>> pair_results;
  for (const json& c : *cases_j) {
    std::string case_id = Str(c, "case");
    std::string job_id = Str(c, "job");
    if (!jobs.contains(job_id)) {
      return absl::InvalidArgumentError(absl::StrCat(case_id, ": unknown job ", job_id));
    }
    const json cand = c.contains("candidate") ? c["candidate"] : json::object();
    auto inputs = InputsFor(case_id, cand, jobs[job_id]);
    if (!inputs.ok()) return inputs.status();
    // The screening worker's conversion (services/screening/raw_candidate.h).
    RawCandidate raw = BuildRawCandidate(*inputs);
    v1::CandidateEvidence ev = engine->Deidentify(raw);
    v1::ScreeningResult res = engine->Score(*compiled[job_id], ev, today, ScoreOptions());
    std::string bytes = DeterministicBytes(res);
    report.serialized.push_back(bytes);
    report.case_ids.push_back(case_id);
    ++report.cases;
    json d;
    d["case"] = case_id;
    d["job"] = job_id;
    d["score"] = res.score();
    d["grade"] = GradeName(res.grade());
    d["summary"] = res.summary();
    d["result_sha256"] = Sha256Hex(bytes);
    d["input_hash"] = res.input_hash();
    // Evidence integrity.
    int ev_total = 0, ev_ok = 0;
    for (const auto& cr : res.criteria()) {
      for (const auto& e : cr.evidence()) {
        ++ev_total;
        bool found;
        std::string src = EvidenceSourceText(ev, e, &found);
        if (found && e.end() >= e.begin() && e.end() <= src.size() &&
            src.substr(e.begin(), e.end() - e.begin()) == e.quote()) {
          ++ev_ok;
        }
      }
    }
    report.evidence_total += ev_total;
    report.evidence_ok += ev_ok;
    d["evidence_refound"] = absl::StrCat(ev_ok, "/", ev_total);
    if (c.contains("pair") && c["pair"].is_string()) {
      pair_results[c["pair"].get<std::string>()].push_back(bytes);
      d["pair"] = c["pair"];
    }
    auto lit = labels.find(case_id);
    if (lit != labels.end()) {
      const json& l = lit->second;
      std::string lg = Str(l, "grade");
      d["label_grade"] = lg;
      bool ok = lg == GradeName(res.grade());
      report.grade_correct += ok ? 1 : 0;
      d["grade_ok"] = ok;
      if (l.contains("score_band") && l["score_band"].is_array() &&
          l["score_band"].size() == 2) {
        double lo = l["score_band"][0].get<double>(), hi = l["score_band"][1].get<double>();
        scores.push_back(res.score());
        centres.push_back((lo + hi) / 2);
        bool in = res.score() >= lo && res.score() <= hi;
        report.in_band += in ? 1 : 0;
        d["band"] = l["score_band"];
        d["in_band"] = in;
      }
      json mh = json::object();
      if (l.contains("must_haves")) {
        for (auto& [k, v] : l["must_haves"].items()) {
          std::string label_v = v.get<std::string>();
          json m;
          m["label"] = label_v;
          auto km = key_map[job_id].find(k);
          std::string engine_v = "none";
          if (km != key_map[job_id].end()) {
            const auto& cr = res.criteria(km->second);
            engine_v = VerdictName(cr.verdict());
            m["criterion_id"] = cr.criterion_id();
          }
          m["engine"] = engine_v;
          bool mok = (label_v == "met" && engine_v == "met") ||
                     (label_v == "missing" && engine_v == "missing") ||
                     (label_v == "unclear" &&
                      (engine_v == "partial" || engine_v == "unknown"));
          m["ok"] = mok;
          ++report.must_total;
          report.must_correct += mok ? 1 : 0;
          mh[k] = m;
        }
      }
      d["must_haves"] = mh;
    }
    json crit = json::array();
    for (const auto& cr : res.criteria()) {
      json x;
      x["id"] = cr.criterion_id();
      x["verdict"] = VerdictName(cr.verdict());
      x["sub_score"] = cr.sub_score();
      x["explanation"] = cr.explanation();
      if (cr.evidence_size() > 0) x["quote"] = cr.evidence(0).quote();
      crit.push_back(x);
    }
    d["criteria"] = crit;
    report.case_details.push_back(d);
  }
  for (auto& [pair, results] : pair_results) {
    if (results.size() < 2) continue;
    ++report.pairs;
    bool same = std::all_of(results.begin(), results.end(),
                            [&](const std::string& r) { return r == results[0]; });
    report.pairs_identical += same ? 1 : 0;
  }
  // Per job and per language.
  struct Group {
    int cases = 0, grade_ok = 0, in_band = 0, must_total = 0, must_ok = 0;
    std::vector<double> scores, centres;
  };
  std::map<std::string, Group> job_groups, lang_groups;
  for (const json& d : report.case_details) {
    const std::string job = d["job"].get<std::string>();
    const std::string lang = report.by_job[job].value("language", std::string("?"));
    for (Group* g : {&job_groups[job], &lang_groups[lang]}) {
      ++g->cases;
      g->grade_ok += d.value("grade_ok", false);
      g->in_band += d.value("in_band", false);
      if (d.contains("band")) {
        g->scores.push_back(d["score"].get<double>());
        g->centres.push_back((d["band"][0].get<double>() + d["band"][1].get<double>()) / 2);
      }
      if (d.contains("must_haves")) {
        for (auto& [k, m] : d["must_haves"].items()) {
          ++g->must_total;
          g->must_ok += m["ok"].get<bool>();
        }
      }
    }
  }
  auto stats = [](const Group& g, json* out) {
    (*out)["cases"] = g.cases;
    (*out)["grade_accuracy"] = g.cases ? double(g.grade_ok) / g.cases : 0.0;
    (*out)["spearman"] = g.scores.size() > 1 ? Pearson(Ranks(g.scores), Ranks(g.centres)) : 0.0;
    (*out)["must_have_accuracy"] = g.must_total ? double(g.must_ok) / g.must_total : 0.0;
    (*out)["score_in_band"] = g.cases ? double(g.in_band) / g.cases : 0.0;
  };
  for (auto& [job, g] : job_groups) stats(g, &report.by_job[job]);
  for (auto& [lang, g] : lang_groups) stats(g, &report.by_language[lang]);
  report.grade_accuracy = report.cases ? static_cast<double>(report.grade_correct) / report.cases : 0;
  report.spearman = Pearson(Ranks(scores), Ranks(centres));
  report.must_have_accuracy =
      report.must_total ? static_cast<double>(report.must_correct) / report.must_total : 0;
  report.counterfactual_identical =
      report.pairs ? static_cast<double>(report.pairs_identical) / report.pairs : 1.0;
  report.evidence_refound = report.evidence_total
                                ? static_cast<double>(report.evidence_ok) / report.evidence_total
                                : 1.0;
  return report;
}

std::string CaseResultText(const EvalReport& r, const std::string& case_id) {
  for (size_t i = 0; i < r.case_ids.size(); ++i) {
    if (r.case_ids[i] != case_id) continue;
    v1::ScreeningResult res;
    if (!res.ParseFromString(r.serialized[i])) return "";
    google::protobuf::TextFormat::Printer printer;
    printer.SetUseUtf8StringEscaping(true);
    std::string out;
    printer.PrintToString(res, &out);
    return out;
  }
  return "";
}

json ReportToJson(const EvalReport& r) {
  json j;
  j["grade_accuracy"] = r.grade_accuracy;
  j["spearman"] = r.spearman;
  j["must_have_accuracy"] = r.must_have_accuracy;
  j["counterfactual_identical"] = r.counterfactual_identical;
  j["evidence_refound"] = r.evidence_refound;
  j["score_in_band"] = r.cases ? static_cast<double>(r.in_band) / r.cases : 0;
  j["cases"] = r.case_details;
  j["by_job"] = r.by_job;
  j["by_language"] = r.by_language;
  j["jobs_without_must_have"] = r.jobs_without_must;
  return j;
}

std::string ReportToText(const EvalReport& r, bool verbose) {
  std::string out;
  if (verbose) {
    for (const json& d : r.case_details) {
      std::string band = d.contains("band")
                             ? absl::StrCat(d["band"][0].get<int>(), "-", d["band"][1].get<int>())
                             : "?";
      absl::StrAppend(&out, absl::StrFormat(
          "%-7s %s score %3d %-16s label %-16s %-5s %s\n",
          d["case"].get<std::string>(), d["grade_ok"].get<bool>() ? "OK " : "BAD",
          d["score"].get<int>(), d["grade"].get<std::string>(),
          d.value("label_grade", std::string("?")), band,
          d["summary"].get<std::string>()));
      if (d.contains("must_haves")) {
        for (auto& [k, m] : d["must_haves"].items()) {
          absl::StrAppend(&out, absl::StrFormat(
              "          %s %-40s label=%-7s engine=%-7s (%s)\n",
              m["ok"].get<bool>() ? " " : "x", k, m["label"].get<std::string>(),
              m["engine"].get<std::string>(), m.value("criterion_id", std::string("-"))));
        }
      }
    }
    absl::StrAppend(&out, "\n");
  }
  absl::StrAppend(&out, absl::StrFormat("cases                     %d\n", r.cases));
  absl::StrAppend(&out, absl::StrFormat("grade accuracy            %.3f (%d/%d)\n",
                                        r.grade_accuracy, r.grade_correct, r.cases));
  absl::StrAppend(&out, absl::StrFormat("spearman (score vs band)  %.3f\n", r.spearman));
  absl::StrAppend(&out, absl::StrFormat("score inside band         %.3f (%d/%d)\n",
                                        r.cases ? double(r.in_band) / r.cases : 0.0,
                                        r.in_band, r.cases));
  absl::StrAppend(&out, absl::StrFormat("must-have accuracy        %.3f (%d/%d)\n",
                                        r.must_have_accuracy, r.must_correct, r.must_total));
  absl::StrAppend(&out, absl::StrFormat("counterfactual identical  %.3f (%d/%d pairs)\n",
                                        r.counterfactual_identical, r.pairs_identical, r.pairs));
  absl::StrAppend(&out, absl::StrFormat("evidence re-found         %.3f (%d/%d quotes)\n",
                                        r.evidence_refound, r.evidence_ok, r.evidence_total));
  absl::StrAppend(&out, absl::StrFormat("jobs without a must-have  %d\n", r.jobs_without_must));
  auto row = [&](const std::string& name, const json& g, const std::string& extra) {
    absl::StrAppend(&out, absl::StrFormat("  %-8s %3d cases  grade %.3f  spearman %6.3f  must-have %.3f  in band %.3f%s\n",
                                          name, g.value("cases", 0), g.value("grade_accuracy", 0.0),
                                          g.value("spearman", 0.0), g.value("must_have_accuracy", 0.0),
                                          g.value("score_in_band", 0.0), extra));
  };
  absl::StrAppend(&out, "per language\n");
  for (auto& [lang, g] : r.by_language.items()) row(lang, g, "");
  absl::StrAppend(&out, "per job (requirement lines -> evaluable criteria)\n");
  for (auto& [job, g] : r.by_job.items()) {
    row(job, g, absl::StrFormat("  lines %d->%d  %s %s", g.value("requirement_lines", 0),
                                g.value("lines_to_criteria", 0), g.value("language", std::string("?")),
                                g.value("title", std::string()).substr(0, 40)));
  }
  return out;
}

}  // namespace clara::screening::engine
