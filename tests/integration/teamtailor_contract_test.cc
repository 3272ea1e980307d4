// Write-back against a Teamtailor that allows only what teamtailor-contract.md
// lists (the simulator answers every other filter, include and parameter with
// 400 and sends relationships.X.data only for included relations), through
// the real binaries:
//
//   - a Map Action stage move lands (the application is found through the
//     candidate's job-applications relationship, not an undocumented filter);
//   - a score value that already exists in Teamtailor (POST answers 422) is
//     PATCHed to the new score instead of being left stale;
//   - with 30 % of write answers lost after the write was applied, no note is
//     posted twice and no key goes beyond its request budget.
#include <httplib.h>

#include <set>

#include "clara/writeback/v1/writeback.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/stack.h"

namespace clara::integration {
namespace {

namespace iv1 = ::clara::integrations::v1;
namespace wv1 = ::clara::writeback::v1;

constexpr char kTriggerStage[] = "CLARA screening";
constexpr char kScoreFieldId[] = "4";  // clara-score in the simulator's seed

bool HasCompletedResult(const nlohmann::json& candidate) {
  if (!candidate.is_object()) return false;
  for (const auto& r : candidate["partner_results"]) {
    if (r["status"] == "completed") return true;
  }
  return false;
}

bool WorkDone(Stack& s) { return s.Count("SELECT count(*) FROM work_items WHERE state <> 'done'") == 0; }

// candidate id → (screening id, score) of every screening.
std::map<int64_t, std::pair<std::string, int>> Screenings(Stack& s) {
  std::map<int64_t, std::pair<std::string, int>> out;
  pqxx::nontransaction tx(s.Db());
  for (const auto& row : tx.exec("SELECT candidate_id, id::text, score FROM screenings")) {
    out[row[0].as<int64_t>()] = {row[1].as<std::string>(), row[2].as<int>()};
  }
  return out;
}

wv1::Delivery Delivery(Stack& s, const std::string& screening_id) {
  auto stub = wv1::WritebackService::NewStub(s.WritebackChannel());
  wv1::GetDeliveryRequest req;
  req.set_integration_id(s.integration_id());
  req.set_screening_id(screening_id);
  wv1::GetDeliveryResponse resp;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Status status = stub->GetDelivery(&ctx, req, &resp);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return resp.delivery();
}

const wv1::Operation* Op(const wv1::Delivery& d, wv1::OperationKind kind) {
  for (const auto& op : d.operations()) {
    if (op.kind() == kind) return &op;
  }
  return nullptr;
}

// A /v1 request to the simulator with the company's Admin key, as a
// recruiter's own tooling would make it.
httplib::Result V1(Stack& s, const std::string& method, const std::string& path, const nlohmann::json& body) {
  httplib::Client c(s.sim_url());
  httplib::Headers h = {{"Authorization", "Token token=" + s.admin_api_key()}, {"X-Api-Version", "20240404"}};
  if (method == "POST") return c.Post(path.c_str(), h, body.dump(), "application/vnd.api+json");
  return c.Get(path.c_str(), h);
}

// A GET of the company key that waits out the key's rate limit (the
// services may have spent the window): the parsed body of the 200.
nlohmann::json V1Get(Stack& s, const std::string& path) {
  nlohmann::json out;
  EXPECT_TRUE(s.Eventually(
      [&] {
        auto r = V1(s, "GET", path, nullptr);
        if (!r || r->status == 429) return false;
        EXPECT_EQ(r->status, 200) << path << ": " << r->body;
        out = nlohmann::json::parse(r->body, nullptr, false);
        return true;
      },
      absl::Seconds(30)))
      << path;
  return out;
}

nlohmann::json KeyStats(Stack& s, const std::string& name) {
  const nlohmann::json state = s.SimState();
  for (const auto& k : state["api_keys"]) {
    if (k["name"] == name) return k;
  }
  return nlohmann::json::object();
}

class TeamtailorContractTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(stack_.Start()); }  // selects every open job
  Stack stack_;
};

TEST_F(TeamtailorContractTest, StrictSimulatorRefusesTheFiltersTheOldCodeUsed) {
  Stack& s = stack_;
  // What write-back used to send: a strict Teamtailor answers 400.
  for (const char* path : {"/v1/job-applications?filter%5Bcandidate%5D=54321&filter%5Bjob%5D=12345&include=stage",
                           "/v1/custom-field-values?filter%5Bowner%5D=54321&filter%5Bcustom-field%5D=4",
                           "/v1/notes?filter%5Bcandidate%5D=54321", "/v1/custom-fields?filter%5Bapi-name%5D=clara-score"}) {
    SCOPED_TRACE(path);
    auto r = V1(s, "GET", path, nullptr);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << r->body;
  }
}

// (a) The Map Action's stage move changes the application's stage in Teamtailor.
TEST_F(TeamtailorContractTest, MapActionStageMoveLands) {
  Stack& s = stack_;
  constexpr int64_t kCandidate = 54321;
  iv1::MapActionConfig config;
  for (auto outcome : {iv1::OUTCOME_PRE_QUALIFIED, iv1::OUTCOME_NEEDS_REVIEW, iv1::OUTCOME_NOT_QUALIFIED}) {
    auto* rule = config.add_rules();
    rule->set_outcome(outcome);
    rule->add_actions()->mutable_move_to_stage()->set_stage_name("Interview");
  }
  s.SetMapActions(config);
  ASSERT_EQ(s.SimCandidate(kCandidate)["stage"]["name"], "Inbox");
  ASSERT_TRUE(s.MoveCandidate(kCandidate, kTriggerStage).value("fired", false));
  ASSERT_TRUE(s.Eventually([&] { return HasCompletedResult(s.SimCandidate(kCandidate)) && WorkDone(s); },
                           absl::Seconds(120)))
      << s.Logs();

  const nlohmann::json c = s.SimCandidate(kCandidate);
  EXPECT_EQ(c["stage"]["name"], "Interview") << c.dump(1);
  ASSERT_EQ(c["applications"].size(), 1u);
  EXPECT_EQ(c["applications"][0]["stage"], "Interview");
  const auto screenings = Screenings(s);
  ASSERT_EQ(screenings.count(kCandidate), 1u);
  const wv1::Delivery d = Delivery(s, screenings.at(kCandidate).first);
  const wv1::Operation* move = Op(d, wv1::OPERATION_KIND_STAGE_MOVE);
  ASSERT_NE(move, nullptr) << d.DebugString();
  EXPECT_EQ(move->state(), wv1::OPERATION_STATE_DONE) << move->DebugString();
  EXPECT_EQ(move->remote_id(), std::to_string(c["job_application_id"].get<int64_t>()));
}

// (b) A score value that already exists (a recruiter's, or one whose creation
// answer was lost) is updated to the new score, not left stale.
TEST_F(TeamtailorContractTest, PreExistingScoreValueIsPatched) {
  Stack& s = stack_;
  constexpr int64_t kCandidate = 54322;
  // 999 is no score CLARA can give (0–100), so a stale value cannot pass.
  const nlohmann::json body = {
      {"data",
       {{"type", "custom-field-values"},
        {"attributes", {{"value", "999"}}},
        {"relationships",
         {{"custom-field", {{"data", {{"type", "custom-fields"}, {"id", kScoreFieldId}}}}},
          {"owner", {{"data", {{"type", "candidates"}, {"id", std::to_string(kCandidate)}}}}}}}}}};
  auto created = V1(s, "POST", "/v1/custom-field-values", body);
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string value_id = nlohmann::json::parse(created->body)["data"]["id"];

  ASSERT_TRUE(s.MoveCandidate(kCandidate, kTriggerStage).value("fired", false));
  ASSERT_TRUE(s.Eventually([&] { return HasCompletedResult(s.SimCandidate(kCandidate)) && WorkDone(s); },
                           absl::Seconds(120)))
      << s.Logs();

  const auto screenings = Screenings(s);
  ASSERT_EQ(screenings.count(kCandidate), 1u);
  const auto& [screening_id, score] = screenings.at(kCandidate);
  const nlohmann::json c = s.SimCandidate(kCandidate);
  ASSERT_TRUE(c["custom_fields"].contains("clara-score")) << c.dump(1);
  EXPECT_EQ(c["custom_fields"]["clara-score"]["value"].get<double>(), score) << c.dump(1);
  EXPECT_EQ(std::to_string(c["custom_fields"]["clara-score"]["id"].get<int64_t>()), value_id);
  const wv1::Delivery d = Delivery(s, screening_id);
  const wv1::Operation* field = Op(d, wv1::OPERATION_KIND_CUSTOM_FIELD);
  ASSERT_NE(field, nullptr);
  EXPECT_EQ(field->state(), wv1::OPERATION_STATE_DONE) << field->DebugString();
  EXPECT_EQ(field->remote_id(), value_id);
  // Still exactly one value of the field for the candidate.
  const nlohmann::json values = V1Get(s, "/v1/candidates/54322/custom-field-values?include=custom-field");
  int score_values = 0;
  for (const auto& v : values["data"]) {
    if (v["relationships"]["custom-field"]["data"]["id"] == kScoreFieldId) ++score_values;
  }
  EXPECT_EQ(score_values, 1);
}

// (c) 30 % of write answers lost after the write was applied: every candidate
// still ends with one note per screening, one score value and its tags once,
// and no key went beyond its budget (libcurl's hidden re-sends would add
// both duplicates and uncounted requests).
TEST_F(TeamtailorContractTest, LostWriteAnswersMakeNoDuplicates) {
  Stack& s = stack_;
  const nlohmann::json faults = s.SimPost("/_sim/faults", {{"lost_answer_rate", 0.3}, {"seed", 11}});
  ASSERT_EQ(faults.value("lost_answer_rate", 0.0), 0.3) << faults.dump();
  const nlohmann::json moved = s.SimPost("/_sim/move-all", {{"stage", kTriggerStage}});
  const int fired = moved.value("fired", 0);
  ASSERT_EQ(fired, 14) << moved.dump();
  std::vector<int64_t> ids;
  for (const auto& r : moved["results"]) ids.push_back(r["candidate_id"]);
  ASSERT_TRUE(s.Eventually(
      [&] {
        for (int64_t id : ids) {
          if (!HasCompletedResult(s.SimCandidate(id))) return false;
        }
        return WorkDone(s);
      },
      absl::Seconds(400)))
      << s.SimState().dump(1) << "\n" << s.Logs();
  const nlohmann::json after = s.SimPost("/_sim/faults", nlohmann::json::object());  // off; counts what was injected
  EXPECT_GT(after["injected"]["lost_answers"].get<int>(), 0) << after.dump();
  const nlohmann::json state = s.SimState();
  for (const char* key : {"admin-read-write", "partner"}) {
    SCOPED_TRACE(key);
    const nlohmann::json k = KeyStats(s, key);
    EXPECT_LE(k.value("max_requests_in_window", 999), state["rate_limit"]["limit"].get<int>()) << k.dump();
    EXPECT_EQ(k.value("rate_limited", -1), 0) << k.dump();
  }

  const auto screenings = Screenings(s);
  ASSERT_EQ(screenings.size(), ids.size());
  for (int64_t id : ids) {
    SCOPED_TRACE(id);
    const nlohmann::json c = s.SimCandidate(id);
    const std::string& screening_id = screenings.at(id).first;
    int clara_notes = 0, marked = 0;
    for (const auto& n : c["notes"]) {
      const std::string text = n["note"];
      if (text.find("CLARA screening") != std::string::npos) ++clara_notes;
      if (text.find(screening_id) != std::string::npos) ++marked;
    }
    EXPECT_EQ(marked, 1) << c["notes"].dump(1);
    EXPECT_EQ(clara_notes, 1) << c["notes"].dump(1);
    // The simulator refuses a second value of a field (422), so one value at most.
    ASSERT_TRUE(c["custom_fields"].contains("clara-score")) << c.dump(1);
    EXPECT_EQ(c["custom_fields"]["clara-score"]["value"].get<double>(), screenings.at(id).second);
    const auto tags = c["tags"].get<std::vector<std::string>>();
    EXPECT_EQ(std::set<std::string>(tags.begin(), tags.end()).size(), tags.size());
    EXPECT_EQ(c["partner_results"].size(), 1u);
  }
}

}  // namespace
}  // namespace clara::integration
