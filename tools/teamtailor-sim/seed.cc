// Builds the demo company of seed.h. Texts live in seed_data.cc.
#include "tools/teamtailor-sim/seed.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "tools/teamtailor-sim/resume_pdf.h"
#include "tools/teamtailor-sim/seed_data.h"

namespace clara::ttsim {
namespace {

// All seeded timestamps count from here, so they are the same on every run.
absl::Time Base() { return absl::FromUnixSeconds(1740988800); }  // 2025-03-03T08:00:00Z

struct AnswerSeed {
  int64_t question_id;
  std::optional<bool> boolean;
  std::vector<int64_t> choices;
  std::optional<int> range;
  std::optional<std::string> text;
};

AnswerSeed Bool(int64_t q, bool v) { return {q, v, {}, std::nullopt, std::nullopt}; }
AnswerSeed Choices(int64_t q, std::vector<int64_t> v) {
  return {q, std::nullopt, std::move(v), std::nullopt, std::nullopt};
}
AnswerSeed Range(int64_t q, int v) { return {q, std::nullopt, {}, v, std::nullopt}; }
AnswerSeed Text(int64_t q, std::string v) { return {q, std::nullopt, {}, std::nullopt, v}; }

struct CandidateSeed {
  std::string first_name, last_name, email, phone, pitch, linkedin_url;
  std::vector<std::string> tags;
  int64_t job_id;
  const char* resume;  // nullptr: the candidate uploaded no resume
  std::string resume_file_name;
  std::vector<AnswerSeed> answers;
  std::vector<std::pair<int64_t, Json>> custom_values;  // custom field id → value
  std::string cover_letter;
};

}  // namespace

void AddJobStages(Company& c, int job_index, int64_t job_id, absl::Time at) {
  static constexpr struct {
    const char* name;
    const char* type;
  } kStages[] = {{"Inbox", "Inbox"},           {"CLARA screening", "In process"},
                 {"Phone screen", "In process"}, {"Interview", "In process"},
                 {"Offer", "In process"},        {"Hired", "Hired"}};
  for (int k = 0; k < 6; ++k) {
    Stage s;
    s.id = StageId(job_index, k);
    s.job_id = job_id;
    s.name = kStages[k].name;
    s.stage_type = kStages[k].type;
    s.row_order = k;
    s.trigger_id = k == kTriggerStageIndex ? job_index + 1 : 0;
    if (s.trigger_id != 0) s.webhook_data = c.default_webhook_data;
    s.created_at = at;
    c.stages[s.id] = s;
  }
}

absl::StatusOr<Company> BuildDemoCompany() {
  Company c;
  c.uuid = "nRsUnD7qLx2";
  c.name = "Norrsund Logistics AB";
  c.url = "https://norrsund.example.com";
  c.integration_key = kIntegrationKey;
  c.api_keys = {
      {"admin-read-write", kAdminReadWriteKey, KeyLevel::kAdmin, true, true},
      {"admin-read-only", kAdminReadOnlyKey, KeyLevel::kAdmin, true, false},
      {"public", kPublicKey, KeyLevel::kPublic, true, false},
      {"internal", kInternalKey, KeyLevel::kInternal, true, true},
  };

  c.users[7] = {7, "Sofia Lindholm", "sofia.lindholm@norrsund.example.com",
                "Talent Acquisition Lead", "admin", "070-174 06 01"};
  c.users[8] = {8, "Erik Sandberg", "erik.sandberg@norrsund.example.com", "Recruiter",
                "recruiter", "070-174 06 02"};
  c.users[9] = {9, "Katrin Hoffmann", "katrin.hoffmann@norrsund.example.com",
                "Recruiterin", "recruiter", "07700 900 901"};
  c.users[10] = {10, "Jonas Ek", "jonas.ek@norrsund.example.com", "Head of Engineering",
                 "user", "070-174 06 04"};

  c.departments[31] = {31, "Engineering"};
  c.departments[32] = {32, "Warehouse Operations"};
  c.departments[33] = {33, "Transport & Dispatch"};
  c.departments[34] = {34, "Customer Service"};
  c.roles[41] = {41, "Backend Engineer", 31};
  c.roles[42] = {42, "Warehouse Manager", 32};
  c.roles[43] = {43, "Dispatcher", 33};
  c.roles[44] = {44, "Product Designer", 31};
  c.roles[45] = {45, "Customer Service Agent", 34};

  c.locations[21] = {21, "Stockholm HQ", "Stockholm", "Sweden", "Hornsgatan 110", "117 26"};
  c.locations[22] = {22, "Jönköping Logistikcenter", "Jönköping", "Sweden",
                     "Torsviksvägen 8", "556 52"};
  c.locations[23] = {23, "Hamburg-Billbrook", "Hamburg", "Germany", "Billbrookdeich 210",
                     "22113"};

  c.reject_reasons[51] = {51, "Not qualified"};
  c.reject_reasons[52] = {52, "Position filled"};
  c.reject_reasons[53] = {53, "Candidate withdrew"};
  c.reject_reasons[54] = {54, "Failed knock-out question"};

  c.custom_fields[1] = {1, "Has driver license", "has-driver-license", "CustomField::Checkbox",
                        "Candidate"};
  c.custom_fields[2] = {2, "Notice period (weeks)", "notice-period-weeks", "CustomField::Number",
                        "Candidate"};
  c.custom_fields[3] = {3, "Remote friendly", "is-remote", "CustomField::Checkbox", "Job"};
  c.custom_fields[kClaraScoreFieldId] = {kClaraScoreFieldId, "CLARA score", "clara-score",
                                         "CustomField::Number", "Candidate"};

  // Questions. Alternative ids are unique across the company, as in Teamtailor.
  auto q = [&](int64_t id, std::string title, std::string type) -> Question& {
    Question& x = c.questions[id];
    x.id = id;
    x.title = std::move(title);
    x.question_type = std::move(type);
    return x;
  };
  q(301, "Do you have a valid permit to work in the EU/EEA?", "Boolean");
  {
    Question& x = q(302, "How many years of professional backend development experience do you have?",
                    "Range");
    x.unit = "years", x.start_with = 0, x.end_with = 30;
  }
  {
    Question& x = q(303, "Which of these languages have you used in production?", "Choice");
    x.multiple = true;
    x.alternatives = {{1, "C++"}, {2, "Go"}, {3, "Rust"}, {4, "Java"}, {5, "Python"}};
  }
  q(304, "Describe a system you helped scale and what you learned.", "Text");
  q(311, "Har du truckkort A och B?", "Boolean");
  {
    Question& x = q(312, "Hur många års erfarenhet har du av personalansvar?", "Range");
    x.unit = "år", x.start_with = 0, x.end_with = 40;
  }
  {
    Question& x = q(313, "Vilka lagersystem (WMS) har du arbetat i?", "Choice");
    x.multiple = true;
    x.alternatives = {{11, "SAP EWM"}, {12, "Astro WMS"}, {13, "Consafe Logistics"},
                      {14, "Annat"}, {15, "Inget"}};
  }
  q(321,
    "Haben Sie eine abgeschlossene Ausbildung als Kaufmann/-frau für Spedition und "
    "Logistikdienstleistung?",
    "Boolean");
  {
    Question& x = q(322, "Wie viele Jahre Erfahrung haben Sie in der Disposition?", "Range");
    x.unit = "Jahre", x.start_with = 0, x.end_with = 40;
  }
  {
    Question& x = q(323, "Welche Sprachen sprechen Sie verhandlungssicher?", "Choice");
    x.multiple = true;
    x.alternatives = {{21, "Deutsch"}, {22, "Englisch"}, {23, "Polnisch"}, {24, "Schwedisch"}};
  }
  q(324, "Wann könnten Sie frühestens bei uns anfangen?", "Text");
  q(331, "Link to your portfolio", "Text");

  struct JobSeed {
    int64_t id;
    std::string title, pitch;
    const char* body;
    std::string status, remote_status, language_code, currency, slug;
    std::vector<std::string> tags;
    int64_t user_id, department_id, role_id;
    std::vector<int64_t> location_ids;
    std::vector<std::pair<int64_t, bool>> questions;  // question id, mandatory
    int created_days_ago;
  };
  const JobSeed kJobs[] = {
      {kBackendJobId, "Senior Backend Engineer – Route Optimization Platform",
       "Help us route 40,000 parcels a day across the Nordics with C++ and Go services that never "
       "sleep.",
       seed_text::kBackendJobBody, "open", "hybrid", "en", "SEK",
       "senior-backend-engineer-route-optimization-platform",
       {"engineering", "backend", "c++", "go"}, 7, 31, 41, {21},
       {{301, true}, {302, true}, {303, false}, {304, false}}, 20},
      {kWarehouseJobId, "Lagerchef till vårt logistikcenter i Jönköping",
       "Led 45 medarbetare i ett av Nordens modernaste e-handelslager.",
       seed_text::kWarehouseJobBody, "open", "none", "sv", "SEK",
       "lagerchef-till-vart-logistikcenter-i-jonkoping",
       {"lager", "ledarskap", "jönköping"}, 8, 32, 42, {22},
       {{311, true}, {312, true}, {313, false}}, 15},
      {kDispatcherJobId, "Disponent (m/w/d) im Straßengüterverkehr",
       "Planen Sie Touren für 60 Lkw zwischen Hamburg, Skandinavien und Osteuropa.",
       seed_text::kDispatcherJobBody, "open", "hybrid", "de", "EUR",
       "disponent-m-w-d-im-strassengueterverkehr",
       {"disposition", "hamburg", "transport"}, 9, 33, 43, {23},
       {{321, true}, {322, true}, {323, false}, {324, false}}, 10},
      {kDesignerJobId, "Product Designer, Shipper Portal",
       "Design the portal thousands of shippers use every day.", seed_text::kDesignerJobBody,
       "draft", "fully", "en", "SEK", "product-designer-shipper-portal", {"design"}, 7, 31, 44,
       {21}, {{331, true}}, 3},
      {kSupportJobId, "Kundtjänstmedarbetare", "Hjälp våra kunder med bokningar och spårning.",
       seed_text::kSupportJobBody, "archived", "none", "sv", "SEK", "kundtjanstmedarbetare",
       {"kundtjänst"}, 8, 34, 45, {22}, {}, 200},
  };
  int64_t picked_id = 401;
  for (size_t j = 0; j < std::size(kJobs); ++j) {
    const JobSeed& s = kJobs[j];
    Job job;
    job.id = s.id;
    job.title = s.title;
    job.pitch = s.pitch;
    job.body = s.body;
    job.status = s.status;
    job.remote_status = s.remote_status;
    job.language_code = s.language_code;
    job.currency = s.currency;
    job.slug = s.slug;
    job.tags = s.tags;
    job.user_id = s.user_id;
    job.department_id = s.department_id;
    job.role_id = s.role_id;
    job.location_ids = s.location_ids;
    job.created_at = Base() - absl::Hours(24 * s.created_days_ago);
    job.updated_at = Base() - absl::Hours(24 * s.created_days_ago) + absl::Hours(2 + j);
    c.jobs[job.id] = job;
    AddJobStages(c, static_cast<int>(j), job.id, job.created_at);
    int row = 0;
    for (const auto& [question_id, mandatory] : s.questions) {
      c.picked_questions[picked_id] = {picked_id, job.id, question_id, mandatory, row++};
      ++picked_id;
    }
  }
  // Job-owned custom field values ("Remote friendly").
  int64_t cfv_id = 60001;
  for (auto [job_id, remote] : {std::pair{kBackendJobId, true}, std::pair{kWarehouseJobId, false},
                                std::pair{kDispatcherJobId, true}}) {
    c.custom_field_values[cfv_id] = {cfv_id, 3, "jobs", job_id, remote, Base(), Base()};
    ++cfv_id;
  }

  const CandidateSeed kCandidates[] = {
      // Senior Backend Engineer (en).
      {"Elin", "Bergström", "elin.bergstrom@example.com", "070-174 06 11",
       "Backend engineer with eight years of C++ and Go in logistics. I would love to work on "
       "routing at scale.",
       "https://www.linkedin.com/in/example-elin-bergstrom", {"referral"}, kBackendJobId,
       seed_text::kResumeElin, "Elin_Bergstrom_CV.pdf",
       {Bool(301, true), Range(302, 8), Choices(303, {1, 2, 5}),
        Text(304, "At Fraktlinjen I scaled our ETA service from 200 to 9,000 requests per second "
                  "by moving hot paths to C++ and partitioning PostgreSQL by region.")},
       {{2, 12}}, ""},
      {"Rahul", "Menon", "rahul.menon@example.com", "07700 900 123",
       "Java and Python backend developer moving into Go, keen to learn C++.", "", {},
       kBackendJobId, seed_text::kResumeRahul, "Rahul Menon - Resume.pdf",
       {Bool(301, true), Range(302, 4), Choices(303, {2, 4, 5}),
        Text(304, "I moved our shipment tracking batch jobs to AWS Lambda.")},
       {}, "I am applying because logistics software is where I want to grow."},
      {"Oskar", "Nyberg", "oskar.nyberg@example.com", "070-174 06 23",
       "Frontend developer who wants to try backend.", "", {}, kBackendJobId,
       seed_text::kResumeOskar, "oskar_nyberg_cv.pdf",
       {Bool(301, true), Range(302, 2), Choices(303, {})}, {}, ""},
      {"Daniel", "Okafor", "daniel.okafor@example.com", "07700 900 456",
       "C++ engineer from low-latency trading and freight tech, relocating to Stockholm.",
       "https://www.linkedin.com/in/example-daniel-okafor", {"career-fair-2025"}, kBackendJobId,
       seed_text::kResumeDaniel, "Daniel_Okafor_CV.pdf",
       {Bool(301, false), Range(302, 7), Choices(303, {1, 2}),
        Text(304, "Our route-costing engine went from 40k to 1.5M priced pallets a month.")},
       {{2, 8}}, ""},
      {"Sam", "Lee", "sam.lee@example.com", "07700 900 789", "", "", {}, kBackendJobId,
       seed_text::kResumeSam, "cv.pdf", {Bool(301, true), Range(302, 5), Choices(303, {})}, {},
       ""},
      {"Johanna", "Virtanen", "johanna.virtanen@example.com", "070-174 06 31",
       "Go and Rust engineer from vehicle telematics, ready to move to Stockholm.",
       "https://www.linkedin.com/in/example-johanna-virtanen", {}, kBackendJobId,
       seed_text::kResumeJohanna, "Johanna_Virtanen_CV.pdf",
       {Bool(301, true), Range(302, 6), Choices(303, {2, 3}),
        Text(304, "We grew telemetry ingestion from 2,000 to 30,000 vehicles on Kafka.")},
       {}, ""},
      // Lagerchef (sv).
      {"Maria", "Åkesson", "maria.akesson@example.com", "070-174 06 42",
       "Lagerchef med sju års personalansvar och erfarenhet av SAP EWM.", "", {"intern-rekrytering"},
       kWarehouseJobId, seed_text::kResumeMaria, "CV_Maria_Akesson.pdf",
       {Bool(311, true), Range(312, 7), Choices(313, {11, 12})}, {{1, true}, {2, 12}}, ""},
      {"Ahmed", "Yusuf", "ahmed.yusuf@example.com", "070-174 06 53",
       "Lagerarbetare och teamledare som vill ta nästa steg.", "", {}, kWarehouseJobId,
       seed_text::kResumeAhmed, "Ahmed_Yusuf_CV.pdf",
       {Bool(311, true), Range(312, 1), Choices(313, {12})}, {{1, true}}, ""},
      {"Linnea", "Sjöö", "linnea.sjoo@example.com", "070-174 06 64",
       "Säljare som söker nya utmaningar.", "", {}, kWarehouseJobId, seed_text::kResumeLinnea,
       "linnea-sjoo.pdf", {Bool(311, false), Range(312, 0), Choices(313, {15})}, {}, ""},
      {"Tomasz", "Kowalski", "tomasz.kowalski@example.com", "070-174 06 75",
       "Shift supervisor in cold-chain logistics, improving my Swedish every day.", "", {},
       kWarehouseJobId, seed_text::kResumeTomasz, "Tomasz_Kowalski_CV.pdf",
       {Bool(311, true), Range(312, 4), Choices(313, {13, 14})}, {{1, true}}, ""},
      // Disponent (de).
      {"Jana", "Müller", "jana.mueller@example.com", "07700 900 345",
       "Disponentin mit fünf Jahren Erfahrung im internationalen Fernverkehr.",
       "https://www.linkedin.com/in/example-jana-mueller", {}, kDispatcherJobId,
       seed_text::kResumeJana, "Lebenslauf_Jana_Mueller.pdf",
       {Bool(321, true), Range(322, 5), Choices(323, {21, 22, 23}),
        Text(324, "Zum Ersten des übernächsten Monats.")},
       {{1, true}}, ""},
      {"Lukas", "Schäfer", "lukas.schaefer@example.com", "07700 900 567",
       "Berufskraftfahrer mit Dispo-Erfahrung als Springer.", "", {}, kDispatcherJobId,
       seed_text::kResumeLukas, "Lebenslauf Lukas Schaefer.pdf",
       {Bool(321, false), Range(322, 1), Choices(323, {21}), Text(324, "Sofort.")},
       {{1, true}}, ""},
      {"Chloé", "Dubois", "chloe.dubois@example.com", "07700 900 678",
       "Marketing coordinator looking for a new start in Hamburg.", "", {}, kDispatcherJobId,
       seed_text::kResumeChloe, "CV_Chloe_Dubois.pdf",
       {Bool(321, false), Range(322, 0), Choices(323, {22})}, {}, ""},
      {"Felix", "Weber", "felix.weber@example.com", "07700 900 890",
       "Speditionskaufmann mit drei Jahren Dispo-Erfahrung. Lebenslauf reiche ich nach.", "", {},
       kDispatcherJobId, nullptr, "",
       {Bool(321, true), Range(322, 3), Choices(323, {21, 22})}, {}, ""},
  };

  int64_t answer_id = 7001;
  for (size_t i = 0; i < std::size(kCandidates); ++i) {
    const CandidateSeed& s = kCandidates[i];
    Candidate cand;
    cand.id = kFirstCandidateId + static_cast<int64_t>(i);
    cand.uuid = absl::StrCat("c0ffee00-5eed-4000-8000-", absl::Dec(cand.id, absl::kZeroPad12));
    cand.first_name = s.first_name;
    cand.last_name = s.last_name;
    cand.email = s.email;
    cand.phone = s.phone;
    cand.pitch = s.pitch;
    cand.linkedin_url = s.linkedin_url;
    cand.tags = s.tags;
    cand.created_at = Base() + absl::Hours(static_cast<int64_t>(i) + 1);
    cand.updated_at = cand.created_at + absl::Minutes(5);
    if (s.resume != nullptr) {
      absl::StatusOr<std::string> pdf =
          RenderResumePdf(s.resume, absl::StrCat(s.first_name, " ", s.last_name, " – CV"));
      if (!pdf.ok()) return pdf.status();
      cand.resume_file_name = s.resume_file_name;
      cand.resume_pdf = std::make_shared<const std::string>(*std::move(pdf));
    }
    c.candidates[cand.id] = cand;

    int job_index = static_cast<int>(s.job_id - kBackendJobId);
    JobApplication app;
    app.id = 9001 + static_cast<int64_t>(i);
    app.candidate_id = cand.id;
    app.job_id = s.job_id;
    app.stage_id = StageId(job_index, 0);
    app.cover_letter = s.cover_letter;
    app.created_at = cand.created_at;
    app.updated_at = cand.created_at;
    app.changed_stage_at = cand.created_at;
    c.job_applications[app.id] = app;

    for (const AnswerSeed& a : s.answers) {
      c.answers[answer_id] = {answer_id, cand.id, a.question_id, a.boolean, a.choices,
                              a.range, a.text, cand.created_at};
      ++answer_id;
    }
    for (const auto& [field_id, value] : s.custom_values) {
      c.custom_field_values[cfv_id] = {cfv_id,        field_id,     "candidates", cand.id, value,
                                       cand.created_at, cand.created_at};
      ++cfv_id;
    }
  }
  c.next_custom_field_value_id = cfv_id;
  c.next_job_id = c.jobs.rbegin()->first + 1;
  c.next_job_index = static_cast<int>(c.jobs.size());
  c.next_question_id = c.questions.rbegin()->first + 10;
  int64_t max_alternative = 0;
  for (const auto& [id, question] : c.questions) {
    for (const Alternative& a : question.alternatives) max_alternative = std::max(max_alternative, a.id);
  }
  c.next_alternative_id = max_alternative + 1;
  c.next_picked_question_id = c.picked_questions.rbegin()->first + 1;
  c.next_candidate_id = c.candidates.rbegin()->first + 1;
  c.next_job_application_id = c.job_applications.rbegin()->first + 1;
  c.next_answer_id = c.answers.rbegin()->first + 1;
  return c;
}

}  // namespace clara::ttsim
