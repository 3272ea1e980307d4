// claractl: the admin CLI over the suite's gRPC APIs.
//
//   claractl connect --api_key K --integration_key K [--company NAME] [--region eu|na|au]
//   claractl integration --integration ID
//   claractl disconnect --integration ID
//   claractl screenings --integration ID [--job N] [--page_size N]
//   claractl explain --integration ID --screening ID
//   claractl delivery --integration ID --screening ID
//   claractl pending-follow-ups --integration ID [--job N] [--state open|all|pending|sent|…]
//   claractl follow-up --integration ID --follow_up ID
//   claractl answer --integration ID --follow_up ID --answer q1=yes --answer q2=B2,C1 --answer q3=4
//   claractl opt-out --integration ID --follow_up ID
//   claractl rubric --integration ID --job N [--version V]
//   claractl set-knockout --integration ID --job N --question Q --expect yes|no | --min X | --any "A,B"
//   claractl clear-knockout --integration ID --job N --question Q
//
// Addresses: --ingest (CLARA_INGEST_ADDR, default localhost:50051),
// --screening (CLARA_SCREENING_ADDR, localhost:50052), --writeback
// (CLARA_WRITEBACK_ADDR, localhost:50053). Keys may come from the
// environment (CLARA_API_KEY, CLARA_INTEGRATION_KEY) to keep them out of
// shell history.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <vector>
#include <string>

#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clara/followups/v1/followups.grpc.pb.h"
#include "clara/integrations/v1/integrations.grpc.pb.h"
#include "clara/screening/v1/screening.grpc.pb.h"
#include "clara/writeback/v1/writeback.grpc.pb.h"

namespace {

constexpr char kUsage[] =
    "usage: claractl <command> [--flag=value ...]\n"
    "  connect      --api_key K --integration_key K [--company NAME] [--region eu|na|au]\n"
    "  integration  --integration ID\n"
    "  disconnect   --integration ID [--retention_days 30]\n"
    "  reconnect    --integration ID --api_key K --integration_key K\n"
    "  jobs         --integration ID                 every Teamtailor job, with [x] for selected\n"
    "  select-jobs  --integration ID --jobs 1,2,3\n"
    "  unselect-jobs --integration ID --jobs 1,2\n"
    "  sync-jobs    --integration ID [--full]\n"
    "  map-actions  --integration ID --rule OUTCOME:ACTION[,ACTION] ... [--allow_rejection]\n"
    "               OUTCOME: pre_qualified | not_qualified | needs_review | awaiting_follow_up\n"
    "               ACTION:  move=<stage name> | tag=<tag> | reject\n"
    "  preview      --integration ID [--rule ...]    what the mapping would do to past screenings\n"
    "  follow-ups   --integration ID --when unknown_must_have|grey_zone|never [--grey 50-75]\n"
    "               [--max_questions 3] [--timeout_hours 72] [--language sv] [--job N] [--stages A,B]\n"
    "  pending-follow-ups --integration ID [--job N] [--state open|all|pending|sent|answered|expired|opted_out]\n"
    "               follow-up questions waiting for candidates, per job (default: open = pending + sent)\n"
    "  follow-up    --integration ID --follow_up ID  one follow-up: state, message and answers\n"
    "  answer       --integration ID --follow_up ID --answer q1=yes --answer q2=B2 ...\n"
    "               record a candidate's answers (yes/no; an option; options a,b; a number)\n"
    "  opt-out      --integration ID --follow_up ID  the candidate asked for a human\n"
    "  rubric       --integration ID --job N [--version V]\n"
    "               criteria, knock-out rules and the rules the engine suggests\n"
    "  set-knockout --integration ID --job N --question Q (--expect yes|no | --min X | --any \"A,B\")\n"
    "               a knock-out rule for a screening question (a new rubric version)\n"
    "  clear-knockout --integration ID --job N --question Q\n"
    "  screenings   --integration ID [--job N] [--page_size N]\n"
    "  explain      --integration ID --screening ID\n"
    "  delivery     --integration ID --screening ID\n"
    "global: --ingest HOST:PORT --screening_addr HOST:PORT --writeback HOST:PORT --json\n";

struct Args {
  std::string command;
  std::map<std::string, std::string> flags;
  std::vector<std::string> rules;  // every --rule
  std::vector<std::string> answers;  // every --answer
  std::string Get(const std::string& name, const char* env = nullptr, const std::string& def = "") const {
    if (auto it = flags.find(name); it != flags.end()) return it->second;
    if (env != nullptr) {
      if (const char* v = std::getenv(env); v != nullptr) return v;
    }
    return def;
  }
};

int Fail(const std::string& message) {
  std::fprintf(stderr, "claractl: %s\n", message.c_str());
  return 2;
}

int RpcFail(const grpc::Status& s) {
  static const char* kNames[] = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
                                 "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
                                 "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
                                 "UNAUTHENTICATED"};
  const int code = static_cast<int>(s.error_code());
  std::fprintf(stderr, "claractl: %s: %s\n", code >= 0 && code <= 16 ? kNames[code] : "ERROR",
               s.error_message().c_str());
  return 1;
}

std::unique_ptr<grpc::ClientContext> Context() {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return ctx;
}

std::shared_ptr<grpc::Channel> Channel(const std::string& addr) {
  return grpc::CreateChannel(addr, grpc::InsecureChannelCredentials());
}

std::string Json(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions o;
  o.add_whitespace = true;
  o.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(m, &out, o);
  return out;
}

void PrintIntegration(const clara::integrations::v1::Integration& i) {
  std::printf("integration  %s\ncompany      %s\nstatus       %s\nevents       %lld\nscreenings   %lld\n",
              i.id().c_str(), i.company_name().c_str(),
              clara::integrations::v1::IntegrationStatus_Name(i.status()).c_str(),
              static_cast<long long>(i.event_count()), static_cast<long long>(i.screening_count()));
}

std::string GradeShort(clara::screening::v1::Grade g) {
  std::string n = clara::screening::v1::Grade_Name(g);
  return n.substr(std::string("GRADE_").size());
}

std::vector<int64_t> ParseIds(const std::string& text) {
  std::vector<int64_t> ids;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!part.empty()) ids.push_back(std::atoll(part.c_str()));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return ids;
}

// "pre_qualified:move=Phone screen,tag=shortlist" → a rule.
bool ParseRule(const std::string& text, clara::integrations::v1::MapActionConfig* config, std::string* error) {
  namespace iv1 = clara::integrations::v1;
  const auto colon = text.find(':');
  if (colon == std::string::npos) {
    *error = "a rule is OUTCOME:ACTION[,ACTION]";
    return false;
  }
  iv1::Outcome outcome;
  std::string name = "OUTCOME_" + text.substr(0, colon);
  for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!iv1::Outcome_Parse(name, &outcome)) {
    *error = "unknown outcome \"" + text.substr(0, colon) + "\"";
    return false;
  }
  auto* rule = config->add_rules();
  rule->set_outcome(outcome);
  std::string rest = text.substr(colon + 1);
  size_t start = 0;
  while (start < rest.size()) {
    size_t comma = rest.find(',', start);
    std::string action = rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? rest.size() : comma + 1;
    if (action.rfind("move=", 0) == 0) {
      rule->add_actions()->mutable_move_to_stage()->set_stage_name(action.substr(5));
    } else if (action.rfind("tag=", 0) == 0) {
      rule->add_actions()->mutable_add_tags()->add_tags(action.substr(4));
    } else if (action == "reject") {
      rule->add_actions()->mutable_reject();
    } else {
      *error = "unknown action \"" + action + "\" (move=<stage>, tag=<tag>, reject)";
      return false;
    }
  }
  return true;
}

std::string StateShort(clara::followups::v1::FollowUpState s) {
  std::string n = clara::followups::v1::FollowUpState_Name(s).substr(std::string("FOLLOW_UP_STATE_").size());
  for (auto& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return n;
}

std::string Time(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "-";
  std::string s = google::protobuf::util::TimeUtil::ToString(t);
  if (auto dot = s.find('.'); dot != std::string::npos) s = s.substr(0, dot) + "Z";
  return s;
}

std::string RuleText(const clara::screening::v1::Knockout& k) {
  switch (k.rule_case()) {
    case clara::screening::v1::Knockout::kExpectBoolean: return k.expect_boolean() ? "expect yes" : "expect no";
    case clara::screening::v1::Knockout::kExpectMin:
      return absl::StrFormat("at least %g%s", k.expect_min(), k.unit().empty() ? "" : " " + k.unit());
    case clara::screening::v1::Knockout::kExpectAnyOf: {
      std::string out = "any of ";
      for (const auto& v : k.expect_any_of().values()) out += (out == "any of " ? "" : ", ") + v;
      return out;
    }
    default: return "-";
  }
}

void PrintRubric(const clara::screening::v1::GetRubricResponse& resp) {
  namespace sv1 = clara::screening::v1;
  const sv1::Rubric& r = resp.rubric();
  std::printf("JOB %lld  rubric version %d (%s)  language %s  hash %.12s\n", static_cast<long long>(r.job_id()),
              r.version(), r.origin().c_str(), r.language_code().c_str(), r.content_hash().c_str());
  std::printf("  %-32s  %-4s  %-18s  %6s  %s\n", "CRITERION", "REQ", "KIND", "WEIGHT", "LABEL");
  for (const auto& c : r.criteria()) {
    std::string kind = sv1::CriterionKind_Name(c.kind()).substr(std::string("CRITERION_KIND_").size());
    std::printf("  %-32s  %-4s  %-18s  %6.2f  %s%s\n", c.id().c_str(),
                c.requirement() == sv1::REQUIREMENT_MUST ? "must" : "nice", kind.c_str(), c.weight(), c.label().c_str(),
                c.question_id().empty() ? ""
                                        : absl::StrCat("  [knock-out: question ", c.question_id(), ", ",
                                                       RuleText(c.knockout()), "]").c_str());
  }
  std::printf("Knock-out rules:%s\n", r.knockout_rules().empty() ? " none" : "");
  for (const auto& k : r.knockout_rules()) {
    std::printf("  question %-10s %s\n", k.question_id().c_str(), RuleText(k.rule()).c_str());
  }
  std::printf("Suggested knock-out rules:%s\n", resp.suggested_knockout_rules().empty() ? " none" : "");
  for (const auto& k : resp.suggested_knockout_rules()) {
    std::printf("  question %-10s %s   (claractl set-knockout --job %lld --question %s ...)\n", k.question_id().c_str(),
                RuleText(k.rule()).c_str(), static_cast<long long>(r.job_id()), k.question_id().c_str());
  }
  for (const auto& w : r.warnings()) std::printf("warning: %s\n", w.c_str());
}

std::string AnswerText(const clara::followups::v1::Answer& a) {
  switch (a.value_case()) {
    case clara::followups::v1::Answer::kYes: return a.yes() ? "yes" : "no";
    case clara::followups::v1::Answer::kNumber: return absl::StrFormat("%g", a.number());
    case clara::followups::v1::Answer::kChoices: {
      std::string out;
      for (const auto& v : a.choices().values()) out += (out.empty() ? "" : ", ") + v;
      return out;
    }
    default: return "";
  }
}

}  // namespace

int main(int argc, char** argv) {
  namespace iv1 = clara::integrations::v1;
  namespace sv1 = clara::screening::v1;
  namespace wv1 = clara::writeback::v1;
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "help") {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  Args args;
  args.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0) return Fail(absl::StrCat("unexpected argument \"", a, "\"\n", kUsage));
    a = a.substr(2);
    auto eq = a.find('=');
    if (eq != std::string::npos && a.substr(0, eq) == "rule") args.rules.push_back(a.substr(eq + 1));
    else if (eq != std::string::npos && a.substr(0, eq) == "answer") args.answers.push_back(a.substr(eq + 1));
    else if (a == "answer" && i + 1 < argc) args.answers.push_back(argv[++i]);
    else if (eq != std::string::npos) args.flags[a.substr(0, eq)] = a.substr(eq + 1);
    else if (a == "json" || a == "full" || a == "allow_rejection") args.flags[a] = "true";
    else if (a == "rule" && i + 1 < argc) args.rules.push_back(argv[++i]);
    else if (i + 1 < argc) args.flags[a] = argv[++i];
    else return Fail(absl::StrCat("--", a, " needs a value"));
  }
  const bool json = args.Get("json") == "true";
  const std::string ingest = args.Get("ingest", "CLARA_INGEST_ADDR", "localhost:50051");
  const std::string screening = args.Get("screening_addr", "CLARA_SCREENING_ADDR", "localhost:50052");
  const std::string writeback = args.Get("writeback", "CLARA_WRITEBACK_ADDR", "localhost:50053");
  const std::string integration = args.Get("integration", "CLARA_INTEGRATION_ID");

  if (args.command == "connect") {
    iv1::ConnectRequest req;
    req.set_api_key(args.Get("api_key", "CLARA_API_KEY"));
    req.set_integration_key(args.Get("integration_key", "CLARA_INTEGRATION_KEY"));
    req.set_company_name(args.Get("company"));
    const std::string region = args.Get("region", nullptr, "eu");
    req.set_region(region == "na" ? clara::common::v1::REGION_NA
                   : region == "au" ? clara::common::v1::REGION_AU
                                    : clara::common::v1::REGION_EU);
    iv1::ConnectResponse resp;
    auto s = iv1::IntegrationService::NewStub(Channel(ingest))->Connect(Context().get(), req, &resp);
    if (!s.ok()) return RpcFail(s);
    if (json) std::puts(Json(resp).c_str());
    else {
      std::puts("Connected. Teamtailor accepted the API key (Admin, read+write).");
      PrintIntegration(resp.integration());
    }
    return 0;
  }
  if (integration.empty()) return Fail("--integration ID is required (printed by `claractl connect`)");
  if (args.command == "integration" || args.command == "disconnect") {
    iv1::Integration out;
    grpc::Status s;
    auto stub = iv1::IntegrationService::NewStub(Channel(ingest));
    if (args.command == "integration") {
      iv1::GetIntegrationRequest req;
      req.set_integration_id(integration);
      iv1::GetIntegrationResponse resp;
      s = stub->GetIntegration(Context().get(), req, &resp);
      out = resp.integration();
    } else {
      iv1::DisconnectRequest req;
      req.set_integration_id(integration);
      if (const std::string days = args.Get("retention_days"); !days.empty()) {
        req.mutable_retention()->set_seconds(std::atoll(days.c_str()) * 24 * 3600);
      }
      iv1::DisconnectResponse resp;
      s = stub->Disconnect(Context().get(), req, &resp);
      out = resp.integration();
    }
    if (!s.ok()) return RpcFail(s);
    if (json) std::puts(Json(out).c_str());
    else PrintIntegration(out);
    return 0;
  }
  auto admin = iv1::IntegrationService::NewStub(Channel(ingest));
  auto print_jobs = [&](const google::protobuf::RepeatedPtrField<iv1::RemoteJob>& jobs) {
    std::printf("%-3s %8s  %-9s %-4s  %s\n", "SEL", "JOB", "STATUS", "LANG", "TITLE");
    for (const auto& j : jobs) {
      std::printf("%-3s %8lld  %-9s %-4s  %s\n", j.selected() ? "[x]" : "[ ]", static_cast<long long>(j.job_id()),
                  j.status().c_str(), j.language_code().c_str(), j.title().c_str());
    }
  };
  if (args.command == "reconnect") {
    iv1::ReconnectRequest req;
    req.set_integration_id(integration);
    req.set_api_key(args.Get("api_key", "CLARA_API_KEY"));
    req.set_integration_key(args.Get("integration_key", "CLARA_INTEGRATION_KEY"));
    iv1::ReconnectResponse resp;
    auto s = admin->Reconnect(Context().get(), req, &resp);
    if (!s.ok()) return RpcFail(s);
    if (json) std::puts(Json(resp).c_str());
    else PrintIntegration(resp.integration());
    return 0;
  }
  if (args.command == "jobs") {
    iv1::ListRemoteJobsRequest req;
    req.set_integration_id(integration);
    iv1::ListRemoteJobsResponse resp;
    auto s = admin->ListRemoteJobs(Context().get(), req, &resp);
    if (!s.ok()) return RpcFail(s);
    if (json) std::puts(Json(resp).c_str());
    else print_jobs(resp.jobs());
    return 0;
  }
  if (args.command == "select-jobs" || args.command == "unselect-jobs") {
    const auto ids = ParseIds(args.Get("jobs"));
    if (ids.empty()) return Fail("--jobs 1,2,3 is required (see `claractl jobs`)");
    grpc::Status s;
    google::protobuf::RepeatedPtrField<iv1::RemoteJob> jobs;
    if (args.command == "select-jobs") {
      iv1::SelectJobsRequest req;
      req.set_integration_id(integration);
      for (auto id : ids) req.add_job_ids(id);
      iv1::SelectJobsResponse resp;
      s = admin->SelectJobs(Context().get(), req, &resp);
      jobs = resp.jobs();
    } else {
      iv1::UnselectJobsRequest req;
      req.set_integration_id(integration);
      for (auto id : ids) req.add_job_ids(id);
      iv1::UnselectJobsResponse resp;
      s = admin->UnselectJobs(Context().get(), req, &resp);
      jobs = resp.jobs();
    }
    if (!s.ok()) return RpcFail(s);
    std::puts("CLARA now screens:");
    print_jobs(jobs);
    return 0;
  }
  if (args.command == "sync-jobs") {
    iv1::SyncJobsRequest req;
    req.set_integration_id(integration);
    req.set_full(args.Get("full") == "true");
    iv1::SyncJobsResponse resp;
    auto s = admin->SyncJobs(Context().get(), req, &resp);
    if (!s.ok()) return RpcFail(s);
    std::printf("%d job(s) synced\n", resp.jobs_synced());
    return 0;
  }
  if (args.command == "map-actions" || args.command == "preview") {
    iv1::MapActionConfig config;
    config.set_allow_automatic_rejection(args.Get("allow_rejection") == "true");
    for (const auto& r : args.rules) {
      std::string error;
      if (!ParseRule(r, &config, &error)) return Fail(error);
    }
    if (args.command == "map-actions") {
      if (args.rules.empty()) return Fail("give at least one --rule OUTCOME:ACTION");
      iv1::ConfigureMapActionsRequest req;
      req.set_integration_id(integration);
      *req.mutable_config() = config;
      iv1::ConfigureMapActionsResponse resp;
      auto s = admin->ConfigureMapActions(Context().get(), req, &resp);
      if (!s.ok()) return RpcFail(s);
      std::puts(json ? Json(resp).c_str() : "Map Actions saved.");
      return 0;
    }
    iv1::PreviewMapActionsRequest req;
    req.set_integration_id(integration);
    if (!args.rules.empty()) *req.mutable_config() = config;
    iv1::PreviewMapActionsResponse resp;
    auto s = admin->PreviewMapActions(Context().get(), req, &resp);
    if (!s.ok()) return RpcFail(s);
    if (json) {
      std::puts(Json(resp).c_str());
      return 0;
    }
    for (const auto& r : resp.rows()) {
      std::string actions;
      for (const auto& a : r.actions()) actions += (actions.empty() ? "" : "; ") + a;
      std::printf("candidate %-8lld job %-6lld %-28s %s\n", static_cast<long long>(r.candidate_id()),
                  static_cast<long long>(r.job_id()), iv1::Outcome_Name(r.outcome()).c_str(),
                  actions.empty() ? "(nothing)" : actions.c_str());
    }
    std::printf("would move %d, tag %d, reject %d of %d screened candidates\n", resp.would_move(), resp.would_tag(),
                resp.would_reject(), resp.rows_size());
    return 0;
  }
  if (args.command == "follow-ups") {
    iv1::ConfigureFollowUpsRequest req;
    req.set_integration_id(integration);
    auto* p = req.mutable_policy();
    std::string when = "FOLLOW_UP_WHEN_" + args.Get("when");
    for (auto& c : when) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    iv1::FollowUpWhen w;
    if (!iv1::FollowUpWhen_Parse(when, &w)) return Fail("--when is unknown_must_have, grey_zone or never");
    p->set_when(w);
    const std::string grey = args.Get("grey");
    if (auto dash = grey.find('-'); dash != std::string::npos) {
      p->set_grey_zone_low(std::atoi(grey.substr(0, dash).c_str()));
      p->set_grey_zone_high(std::atoi(grey.substr(dash + 1).c_str()));
    }
    p->set_max_questions(std::atoi(args.Get("max_questions", nullptr, "0").c_str()));
    if (const std::string h = args.Get("timeout_hours"); !h.empty()) {
      p->mutable_answer_timeout()->set_seconds(std::atoll(h.c_str()) * 3600);
    }
    p->set_language_code(args.Get("language"));
    p->set_job_id(std::atoll(args.Get("job", nullptr, "0").c_str()));
    const std::string stages = args.Get("stages");
    size_t start = 0;
    while (!stages.empty() && start <= stages.size()) {
      size_t comma = stages.find(',', start);
      p->add_trigger_stage_names(stages.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    iv1::ConfigureFollowUpsResponse resp;
    auto s = admin->ConfigureFollowUps(Context().get(), req, &resp);
    if (!s.ok()) return RpcFail(s);
    std::puts(Json(resp).c_str());
    return 0;
  }
  if (args.command == "pending-follow-ups") {
    namespace fv1 = clara::followups::v1;
    fv1::ListFollowUpsRequest req;
    req.set_integration_id(integration);
    req.set_job_id(std::atoll(args.Get("job", nullptr, "0").c_str()));
    req.set_page_size(100);
    const std::string state = args.Get("state", nullptr, "open");
    if (state == "all") {
      for (int s = fv1::FOLLOW_UP_STATE_PENDING; s <= fv1::FOLLOW_UP_STATE_OPTED_OUT; ++s) {
        req.add_states(static_cast<fv1::FollowUpState>(s));
      }
    } else if (state != "open") {
      std::string name = "FOLLOW_UP_STATE_" + state;
      for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      fv1::FollowUpState s;
      if (!fv1::FollowUpState_Parse(name, &s)) {
        return Fail("--state is open, all, pending, sent, answered, expired or opted_out");
      }
      req.add_states(s);
    }
    auto stub = fv1::FollowUpService::NewStub(Channel(screening));
    std::map<int64_t, std::vector<fv1::FollowUp>> by_job;
    fv1::ListFollowUpsResponse all;
    for (int page = 0; page < 100; ++page) {
      fv1::ListFollowUpsResponse resp;
      auto s = stub->ListFollowUps(Context().get(), req, &resp);
      if (!s.ok()) return RpcFail(s);
      for (const auto& f : resp.follow_ups()) {
        by_job[f.job_id()].push_back(f);
        *all.add_follow_ups() = f;
      }
      if (resp.next_page_token().empty()) break;
      req.set_page_token(resp.next_page_token());
    }
    if (json) {
      std::puts(Json(all).c_str());
      return 0;
    }
    if (by_job.empty()) {
      std::printf("no %s follow-ups\n", state.c_str());
      return 0;
    }
    for (const auto& [job, list] : by_job) {
      std::printf("JOB %lld: %zu %s\n", static_cast<long long>(job), list.size(), state.c_str());
      std::printf("  %-36s  %9s  %-9s  %-20s  %s\n", "FOLLOW-UP", "CANDIDATE", "STATE", "EXPIRES", "WAITING FOR");
      for (const auto& f : list) {
        std::string labels;
        for (const auto& q : f.questions()) labels += (labels.empty() ? "" : "; ") + q.criterion_label();
        std::printf("  %-36s  %9lld  %-9s  %-20s  %s\n", f.id().c_str(), static_cast<long long>(f.candidate_id()),
                    StateShort(f.state()).c_str(), Time(f.expires_at()).c_str(), labels.c_str());
      }
    }
    return 0;
  }
  if (args.command == "follow-up") {
    namespace fv1 = clara::followups::v1;
    fv1::GetFollowUpRequest req;
    req.set_integration_id(integration);
    req.set_follow_up_id(args.Get("follow_up"));
    if (req.follow_up_id().empty()) return Fail("--follow_up ID is required (see `claractl pending-follow-ups`)");
    fv1::GetFollowUpResponse resp;
    auto s = fv1::FollowUpService::NewStub(Channel(screening))->GetFollowUp(Context().get(), req, &resp);
    if (!s.ok()) return RpcFail(s);
    if (json) {
      std::puts(Json(resp).c_str());
      return 0;
    }
    const auto& f = resp.follow_up();
    std::printf("follow-up  %s\ncandidate  %lld\njob        %lld\nstate      %s\nlanguage   %s\ncreated    %s\n"
                "expires    %s\nsent       %s\nclosed     %s\n\n%s\n",
                f.id().c_str(), static_cast<long long>(f.candidate_id()), static_cast<long long>(f.job_id()),
                StateShort(f.state()).c_str(), f.language_code().c_str(), Time(f.created_at()).c_str(),
                Time(f.expires_at()).c_str(), Time(f.sent_at()).c_str(), Time(f.closed_at()).c_str(),
                f.message().c_str());
    for (const auto& a : f.answers()) std::printf("answer %s: %s\n", a.question_id().c_str(), AnswerText(a).c_str());
    return 0;
  }
  if (args.command == "answer" || args.command == "opt-out") {
    namespace fv1 = clara::followups::v1;
    auto stub = fv1::FollowUpService::NewStub(Channel(screening));
    const std::string id = args.Get("follow_up");
    if (id.empty()) return Fail("--follow_up ID is required (see `claractl pending-follow-ups`)");
    if (args.command == "opt-out") {
      fv1::OptOutRequest req;
      req.set_integration_id(integration);
      req.set_follow_up_id(id);
      fv1::OptOutResponse resp;
      auto s = stub->OptOut(Context().get(), req, &resp);
      if (!s.ok()) return RpcFail(s);
      std::printf("follow-up %s: %s; the result is finalised for a recruiter's review\n", id.c_str(),
                  StateShort(resp.follow_up().state()).c_str());
      return 0;
    }
    // The question types decide how "q1=…" is read.
    fv1::GetFollowUpRequest get;
    get.set_integration_id(integration);
    get.set_follow_up_id(id);
    fv1::GetFollowUpResponse current;
    auto s = stub->GetFollowUp(Context().get(), get, &current);
    if (!s.ok()) return RpcFail(s);
    fv1::SubmitAnswersRequest req;
    req.set_integration_id(integration);
    req.set_follow_up_id(id);
    for (const std::string& text : args.answers) {
      const auto eq = text.find('=');
      if (eq == std::string::npos) return Fail("an answer is QUESTION_ID=VALUE, e.g. q1=yes");
      auto* a = req.add_answers();
      a->set_question_id(text.substr(0, eq));
      const std::string value = text.substr(eq + 1);
      fv1::QuestionType type = fv1::QUESTION_TYPE_UNSPECIFIED;
      for (const auto& q : current.follow_up().questions()) {
        if (q.id() == a->question_id()) type = q.type();
      }
      std::string lower = value;
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      switch (type) {
        case fv1::QUESTION_TYPE_YES_NO:
          if (lower == "yes" || lower == "y" || lower == "true" || lower == "ja" || lower == "j") a->set_yes(true);
          else if (lower == "no" || lower == "n" || lower == "false" || lower == "nej" || lower == "nein") a->set_yes(false);
          else return Fail(absl::StrCat(a->question_id(), " is yes/no; \"", value, "\" is neither"));
          break;
        case fv1::QUESTION_TYPE_SCALE: {
          char* end = nullptr;
          const double v = std::strtod(value.c_str(), &end);
          if (value.empty() || end == nullptr || *end != '\0') {
            return Fail(absl::StrCat(a->question_id(), " is a number; \"", value, "\" is not"));
          }
          a->set_number(v);
          break;
        }
        case fv1::QUESTION_TYPE_MULTI_SELECT: {
          size_t start = 0;
          while (start <= value.size()) {
            size_t comma = value.find(',', start);
            a->mutable_choices()->add_values(value.substr(start, comma == std::string::npos ? std::string::npos
                                                                                              : comma - start));
            if (comma == std::string::npos) break;
            start = comma + 1;
          }
          break;
        }
        default:  // single-select, or an unknown question (the service says which)
          a->mutable_choices()->add_values(value);
      }
    }
    fv1::SubmitAnswersResponse resp;
    s = stub->SubmitAnswers(Context().get(), req, &resp);
    if (!s.ok()) return RpcFail(s);
    std::printf("follow-up %s: %s; the candidate is screened again with the answers\n", id.c_str(),
                StateShort(resp.follow_up().state()).c_str());
    return 0;
  }
  if (args.command == "screenings") {
    sv1::ListScreeningsRequest req;
    req.set_integration_id(integration);
    req.set_job_id(std::atoll(args.Get("job", nullptr, "0").c_str()));
    req.set_page_size(std::atoi(args.Get("page_size", nullptr, "50").c_str()));
    req.set_page_token(args.Get("page_token"));
    sv1::ListScreeningsResponse resp;
    auto s = sv1::ScreeningService::NewStub(Channel(screening))->ListScreenings(Context().get(), req, &resp);
    if (!s.ok()) return RpcFail(s);
    if (json) {
      std::puts(Json(resp).c_str());
      return 0;
    }
    std::printf("%-36s  %9s  %6s  %5s  %-16s  %s\n", "SCREENING", "CANDIDATE", "JOB", "SCORE", "GRADE", "SUMMARY");
    for (const auto& sc : resp.screenings()) {
      std::printf("%-36s  %9lld  %6lld  %5d  %-16s  %s\n", sc.id().c_str(), static_cast<long long>(sc.candidate_id()),
                  static_cast<long long>(sc.job_id()), sc.result().score(), GradeShort(sc.result().grade()).c_str(),
                  (std::string(sc.follow_up_id().empty() ? "" : "[awaiting answers] ") +
                   (sc.basis().empty() || sc.basis() == "engine" ? "" : "[" + sc.basis() + "] ") + sc.result().summary())
                      .c_str());
    }
    if (!resp.next_page_token().empty()) std::printf("more: --page_token=%s\n", resp.next_page_token().c_str());
    return 0;
  }
  if (args.command == "rubric" || args.command == "set-knockout" || args.command == "clear-knockout") {
    const int64_t job = std::atoll(args.Get("job").c_str());
    if (job <= 0) return Fail("--job N is required");
    auto stub = sv1::ScreeningService::NewStub(Channel(screening));
    sv1::GetRubricRequest get;
    get.set_integration_id(integration);
    get.set_job_id(job);
    get.set_version(args.command == "rubric" ? std::atoi(args.Get("version", nullptr, "0").c_str()) : 0);
    sv1::GetRubricResponse current;
    auto s = stub->GetRubric(Context().get(), get, &current);
    if (!s.ok()) return RpcFail(s);
    if (args.command == "rubric") {
      if (json) std::puts(Json(current).c_str());
      else PrintRubric(current);
      return 0;
    }
    const std::string question = args.Get("question");
    if (question.empty()) return Fail("--question ID is required (see `claractl rubric`)");
    sv1::UpdateRubricRequest update;
    update.set_integration_id(integration);
    *update.mutable_rubric() = current.rubric();
    auto* rules = update.mutable_rubric()->mutable_knockout_rules();
    for (int i = rules->size() - 1; i >= 0; --i) {
      if ((*rules)[i].question_id() == question) rules->DeleteSubrange(i, 1);
    }
    if (args.command == "set-knockout") {
      sv1::KnockoutRule rule;
      rule.set_question_id(question);
      const std::string expect = args.Get("expect"), min = args.Get("min"), any = args.Get("any");
      if (static_cast<int>(!expect.empty()) + !min.empty() + !any.empty() != 1) {
        return Fail("give one of --expect yes|no, --min X, --any \"A,B\"");
      }
      if (expect == "yes" || expect == "no") {
        rule.mutable_rule()->set_expect_boolean(expect == "yes");
      } else if (!expect.empty()) {
        return Fail("--expect is yes or no");
      } else if (!min.empty()) {
        char* end = nullptr;
        const double v = std::strtod(min.c_str(), &end);
        if (end == min.c_str() || *end != '\0') return Fail("--min is a number");
        rule.mutable_rule()->set_expect_min(v);
      } else {
        size_t start = 0;
        while (start <= any.size()) {
          size_t comma = any.find(',', start);
          std::string v = any.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
          while (!v.empty() && v.front() == ' ') v.erase(0, 1);
          while (!v.empty() && v.back() == ' ') v.pop_back();
          if (!v.empty()) rule.mutable_rule()->mutable_expect_any_of()->add_values(v);
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
      }
      *rules->Add() = std::move(rule);
    }
    sv1::UpdateRubricResponse updated;
    s = stub->UpdateRubric(Context().get(), update, &updated);
    if (!s.ok()) return RpcFail(s);
    if (json) {
      std::puts(Json(updated).c_str());
      return 0;
    }
    std::printf("job %lld: rubric version %d, %d knock-out rule(s)\n", static_cast<long long>(job),
                updated.rubric().version(), updated.rubric().knockout_rules_size());
    return 0;
  }
  const std::string screening_id = args.Get("screening");
  if (screening_id.empty()) return Fail("--screening ID is required (see `claractl screenings`)");
  if (args.command == "explain") {
    sv1::ExplainScreeningRequest req;
    req.set_integration_id(integration);
    req.set_screening_id(screening_id);
    sv1::ExplainScreeningResponse resp;
    auto s = sv1::ScreeningService::NewStub(Channel(screening))->ExplainScreening(Context().get(), req, &resp);
    if (!s.ok()) return RpcFail(s);
    std::fputs(json ? Json(resp).c_str() : resp.explanation().c_str(), stdout);
    return 0;
  }
  if (args.command == "delivery") {
    wv1::GetDeliveryRequest req;
    req.set_integration_id(integration);
    req.set_screening_id(screening_id);
    wv1::GetDeliveryResponse resp;
    auto s = wv1::WritebackService::NewStub(Channel(writeback))->GetDelivery(Context().get(), req, &resp);
    if (!s.ok()) return RpcFail(s);
    if (json) {
      std::puts(Json(resp).c_str());
      return 0;
    }
    std::printf("delivery %s: %s\n", screening_id.c_str(), resp.delivery().state().c_str());
    for (const auto& op : resp.delivery().operations()) {
      std::printf("  %-30s %-24s attempts=%d %s\n", wv1::OperationKind_Name(op.kind()).c_str(),
                  wv1::OperationState_Name(op.state()).c_str(), op.attempts(), op.last_error().c_str());
    }
    return 0;
  }
  return Fail(absl::StrCat("unknown command \"", args.command, "\"\n", kUsage));
}
