// The whole write-back through the real binaries: Map Actions stored for the
// integration, candidates triggered in the simulator, and what Teamtailor
// (the simulator) holds afterwards — tags, the "CLARA score" custom field,
// one note with CLARA's marker, the stage move, the completed partner result
// with its Re-screen button — and that running the write-back again writes
// nothing twice.
#include <regex>
#include <set>

#include "clara/writeback/v1/writeback.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/stack.h"

namespace clara::integration {
namespace {

namespace iv1 = ::clara::integrations::v1;
namespace wv1 = ::clara::writeback::v1;

constexpr char kTriggerStage[] = "CLARA screening";
constexpr char kReportBase[] = "https://app.clara.example/screenings";
// The backend job's candidates (see tools/teamtailor-sim/README.md).
const std::vector<int64_t> kBackendCandidates = {54321, 54322, 54323, 54324, 54325, 54326};

bool HasCompletedResult(const nlohmann::json& candidate) {
  if (!candidate.is_object()) return false;
  for (const auto& r : candidate["partner_results"]) {
    if (r["status"] == "completed") return true;
  }
  return false;
}

bool WorkDone(Stack& s) { return s.Count("SELECT count(*) FROM work_items WHERE state <> 'done'") == 0; }

double MetricValue(const std::string& page, const std::string& series) {
  std::regex re("^" + std::regex_replace(series, std::regex(R"([{}\[\]().*+?^$|\\])"), R"(\$&)") + R"( ([0-9.e+-]+)$)",
                std::regex::multiline);
  std::smatch m;
  return std::regex_search(page, m, re) ? std::stod(m[1]) : 0;
}

struct ScreeningRow {
  std::string id;
  std::string qualification;
  int score = 0;
};

std::map<int64_t, ScreeningRow> Screenings(Stack& s) {
  std::map<int64_t, ScreeningRow> out;
  pqxx::nontransaction tx(s.Db());
  for (const auto& row : tx.exec("SELECT candidate_id, id::text, qualification, score FROM screenings")) {
    out[row[0].as<int64_t>()] = {row[1].as<std::string>(), row[2].as<std::string>(), row[3].as<int>()};
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

std::string Marker(const std::string& screening_id) { return "\xE2\x80\x94 CLARA screening " + screening_id; }

// Notes of a candidate that carry the screening's marker line.
std::vector<nlohmann::json> MarkedNotes(const nlohmann::json& candidate, const std::string& screening_id) {
  std::vector<nlohmann::json> out;
  for (const auto& n : candidate["notes"]) {
    if (n["note"].get<std::string>().find(Marker(screening_id)) != std::string::npos) out.push_back(n);
  }
  return out;
}

// Puts every writeback work item back to ready (as a re-drive would) and
// waits until each has run again.
void RerunWriteback(Stack& s) {
  {
    pqxx::work tx(s.Db());
    tx.exec("UPDATE work_items SET state = 'ready', run_at = now(), attempts = 0, locked_by = NULL,"
            " locked_until = NULL WHERE queue = 'writeback'");
    tx.exec("SELECT pg_notify('clara_work', 'writeback')");
    tx.commit();
  }
  ASSERT_TRUE(s.Eventually([&] {
    return s.Count("SELECT count(*) FROM work_items WHERE queue = 'writeback' AND (state <> 'done' OR attempts = 0)") == 0;
  })) << s.Logs();
}

class WritebackFlowTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    StackOptions options;
    options.extra_writeback_args = {std::string("--report_base_url=") + kReportBase};
    stack_ = new Stack(options);
    ASSERT_TRUE(stack_->Start());  // selects every open job
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }
  static Stack* stack_;
};
Stack* WritebackFlowTest::stack_ = nullptr;

TEST_F(WritebackFlowTest, MapActionsTagsScoreNoteAndResultAreWrittenOnce) {
  ASSERT_NE(stack_, nullptr);
  Stack& s = *stack_;
  // pre-qualified → move to "Phone screen" (by name, any case) + a tag;
  // not qualified → a tag and a rejection that stays a human's decision.
  iv1::MapActionConfig config;
  auto* pre = config.add_rules();
  pre->set_outcome(iv1::OUTCOME_PRE_QUALIFIED);
  pre->add_actions()->mutable_move_to_stage()->set_stage_name("phone screen");
  pre->add_actions()->mutable_add_tags()->add_tags("fast-track");
  auto* not_qualified = config.add_rules();
  not_qualified->set_outcome(iv1::OUTCOME_NOT_QUALIFIED);
  not_qualified->add_actions()->mutable_add_tags()->add_tags("screened-out");
  not_qualified->add_actions()->mutable_reject()->set_reject_reason_id(52);
  s.SetMapActions(config);

  std::map<int64_t, std::vector<std::string>> tags_before;
  for (int64_t id : kBackendCandidates) {
    tags_before[id] = s.SimCandidate(id)["tags"].get<std::vector<std::string>>();
    auto moved = s.MoveCandidate(id, kTriggerStage);
    ASSERT_TRUE(moved.value("fired", false)) << moved.dump();
  }
  ASSERT_TRUE(s.Eventually(
      [&] {
        for (int64_t id : kBackendCandidates) {
          if (!HasCompletedResult(s.SimCandidate(id))) return false;
        }
        return WorkDone(s);
      },
      absl::Seconds(180)))
      << s.SimState().dump(1) << "\n" << s.Logs();

  const auto screenings = Screenings(s);
  ASSERT_EQ(screenings.size(), kBackendCandidates.size());
  int pre_qualified = 0;
  std::map<int64_t, nlohmann::json> first;
  for (int64_t id : kBackendCandidates) {
    SCOPED_TRACE(id);
    const ScreeningRow& row = screenings.at(id);
    const nlohmann::json c = s.SimCandidate(id);
    first[id] = c;

    // Every operation ended: delivered, in the order and states expected.
    const wv1::Delivery d = Delivery(s, row.id);
    EXPECT_EQ(d.state(), "delivered") << d.DebugString();
    EXPECT_EQ(d.operations_size(), 5);
    for (auto kind : {wv1::OPERATION_KIND_TAGS, wv1::OPERATION_KIND_CUSTOM_FIELD, wv1::OPERATION_KIND_NOTE,
                      wv1::OPERATION_KIND_PARTNER_RESULT}) {
      const wv1::Operation* op = Op(d, kind);
      ASSERT_NE(op, nullptr) << wv1::OperationKind_Name(kind);
      EXPECT_EQ(op->state(), wv1::OPERATION_STATE_DONE) << op->DebugString();
      EXPECT_FALSE(op->remote_id().empty());
    }

    // Tags: CLARA's merged in, the recruiter's kept.
    const auto tags = c["tags"].get<std::vector<std::string>>();
    for (const auto& t : tags_before[id]) EXPECT_NE(std::find(tags.begin(), tags.end(), t), tags.end()) << t;
    EXPECT_TRUE(std::any_of(tags.begin(), tags.end(), [](const std::string& t) { return t.rfind("clara-", 0) == 0; }));

    // The score custom field holds the score; its value id is recorded.
    ASSERT_TRUE(c["custom_fields"].contains("clara-score")) << c.dump(1);
    EXPECT_EQ(c["custom_fields"]["clara-score"]["value"].get<double>(), row.score);
    EXPECT_EQ(std::to_string(c["custom_fields"]["clara-score"]["id"].get<int64_t>()),
              Op(d, wv1::OPERATION_KIND_CUSTOM_FIELD)->remote_id());

    // One note with the explanation and the marker; its id is recorded.
    const auto notes = MarkedNotes(c, row.id);
    ASSERT_EQ(notes.size(), 1u) << c["notes"].dump(1);
    const std::string text = notes[0]["note"];
    EXPECT_EQ(text.rfind("CLARA screening: " + std::to_string(row.score) + "/100", 0), 0u) << text;
    EXPECT_NE(text.find(std::string("Full report: ") + kReportBase + "/" + row.id), std::string::npos) << text;
    EXPECT_EQ(std::to_string(notes[0]["id"].get<int64_t>()), Op(d, wv1::OPERATION_KIND_NOTE)->remote_id());

    // The completed partner result with the Re-screen button and the link.
    ASSERT_TRUE(HasCompletedResult(c));
    const auto& attributes = c["partner_results"][0]["attributes"];
    EXPECT_EQ(attributes["actions"], nlohmann::json::parse(R"([{"buttonText":"Re-screen","endpoint":"rescreen"}])"));
    EXPECT_EQ(attributes["url"], std::string(kReportBase) + "/" + row.id);

    // Map Actions by outcome.
    const wv1::Operation* move = Op(d, wv1::OPERATION_KIND_STAGE_MOVE);
    ASSERT_NE(move, nullptr);
    if (row.qualification == "pre_qualified") {
      ++pre_qualified;
      EXPECT_EQ(c["stage"]["name"], "Phone screen");
      EXPECT_NE(std::find(tags.begin(), tags.end(), "fast-track"), tags.end());
      EXPECT_EQ(move->state(), wv1::OPERATION_STATE_DONE) << move->DebugString();
      EXPECT_EQ(move->remote_id(), std::to_string(c["job_application_id"].get<int64_t>()));
    } else {
      EXPECT_EQ(c["stage"]["name"], kTriggerStage);
      EXPECT_EQ(std::find(tags.begin(), tags.end(), "fast-track"), tags.end());
      EXPECT_FALSE(c["rejected"].get<bool>()) << "automatic rejection is not enabled";
      if (row.qualification == "not_qualified") {
        // The tag is added; the rejection is skipped, and the record says why.
        EXPECT_NE(std::find(tags.begin(), tags.end(), "screened-out"), tags.end());
        EXPECT_EQ(move->state(), wv1::OPERATION_STATE_DONE) << move->DebugString();
        EXPECT_NE(move->last_error().find("automatic rejection is not enabled"), std::string::npos);
      } else {
        EXPECT_EQ(move->state(), wv1::OPERATION_STATE_SKIPPED) << move->DebugString();
      }
    }
  }
  EXPECT_GE(pre_qualified, 1);

  // Running every write-back again writes nothing: all operations are done.
  const std::string before = s.HttpGet(s.writeback_metrics_port(), "/metrics");
  RerunWriteback(s);
  const std::string after = s.HttpGet(s.writeback_metrics_port(), "/metrics");
  for (const char* kind : {"OPERATION_KIND_TAGS", "OPERATION_KIND_CUSTOM_FIELD", "OPERATION_KIND_NOTE",
                           "OPERATION_KIND_STAGE_MOVE", "OPERATION_KIND_PARTNER_RESULT"}) {
    const std::string series =
        std::string("clara_writeback_operations_total{kind=\"") + kind + "\",outcome=\"already_done\"}";
    EXPECT_EQ(MetricValue(after, series) - MetricValue(before, series), kBackendCandidates.size()) << series;
  }
  for (int64_t id : kBackendCandidates) {
    SCOPED_TRACE(id);
    const nlohmann::json c = s.SimCandidate(id);
    EXPECT_EQ(c["notes"], first[id]["notes"]);
    EXPECT_EQ(c["custom_fields"], first[id]["custom_fields"]);
    EXPECT_EQ(c["tags"], first[id]["tags"]);
    EXPECT_EQ(c["partner_results"][0]["history_count"], first[id]["partner_results"][0]["history_count"]);
  }

  // An unknown outcome: the note and the score value were created, but their
  // ids were never recorded (the answers were lost). The retry finds the
  // note by its marker and the value through Teamtailor's 422 — no duplicates.
  {
    pqxx::work tx(s.Db());
    tx.exec("UPDATE writeback_operations SET state = 'pending', remote_id = NULL"
            " WHERE kind IN ('OPERATION_KIND_NOTE', 'OPERATION_KIND_CUSTOM_FIELD')");
    tx.commit();
  }
  RerunWriteback(s);
  for (int64_t id : kBackendCandidates) {
    SCOPED_TRACE(id);
    const nlohmann::json c = s.SimCandidate(id);
    const std::string screening_id = screenings.at(id).id;
    EXPECT_EQ(c["notes"], first[id]["notes"]);
    EXPECT_EQ(c["custom_fields"]["clara-score"]["id"], first[id]["custom_fields"]["clara-score"]["id"]);
    const wv1::Delivery d = Delivery(s, screening_id);
    EXPECT_EQ(d.state(), "delivered");
    EXPECT_EQ(Op(d, wv1::OPERATION_KIND_NOTE)->remote_id(),
              std::to_string(MarkedNotes(c, screening_id).at(0)["id"].get<int64_t>()));
    EXPECT_EQ(Op(d, wv1::OPERATION_KIND_CUSTOM_FIELD)->remote_id(),
              std::to_string(c["custom_fields"]["clara-score"]["id"].get<int64_t>()));
  }
}

// A Teamtailor without the score field: that operation fails with a clear
// error, every other one is still written, and the work item is done (no
// retries that can't help).
class MissingScoreFieldTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    StackOptions options;
    options.extra_writeback_args = {"--score_field_api_name=clara-fit-score"};
    stack_ = new Stack(options);
    ASSERT_TRUE(stack_->Start());  // selects every open job
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }
  static Stack* stack_;
};
Stack* MissingScoreFieldTest::stack_ = nullptr;

TEST_F(MissingScoreFieldTest, FailsThatOperationClearlyAndWritesTheRest) {
  ASSERT_NE(stack_, nullptr);
  Stack& s = *stack_;
  constexpr int64_t kCandidate = 54321;
  ASSERT_TRUE(s.MoveCandidate(kCandidate, kTriggerStage).value("fired", false));
  ASSERT_TRUE(s.Eventually([&] { return HasCompletedResult(s.SimCandidate(kCandidate)) && WorkDone(s); },
                           absl::Seconds(120)))
      << s.Logs();

  const auto screenings = Screenings(s);
  ASSERT_EQ(screenings.size(), 1u);
  const std::string screening_id = screenings.at(kCandidate).id;
  const wv1::Delivery d = Delivery(s, screening_id);
  EXPECT_EQ(d.state(), "failed") << d.DebugString();
  const wv1::Operation* field = Op(d, wv1::OPERATION_KIND_CUSTOM_FIELD);
  ASSERT_NE(field, nullptr);
  EXPECT_EQ(field->state(), wv1::OPERATION_STATE_FAILED);
  EXPECT_NE(field->last_error().find("Teamtailor has no custom field with api-name clara-fit-score; create a Number field"),
            std::string::npos)
      << field->last_error();
  EXPECT_EQ(field->attempts(), 1);
  for (auto kind : {wv1::OPERATION_KIND_TAGS, wv1::OPERATION_KIND_NOTE, wv1::OPERATION_KIND_PARTNER_RESULT}) {
    const wv1::Operation* op = Op(d, kind);
    ASSERT_NE(op, nullptr) << wv1::OperationKind_Name(kind);
    EXPECT_EQ(op->state(), wv1::OPERATION_STATE_DONE) << op->DebugString();
  }
  // No Map Actions configured: nothing to do.
  ASSERT_NE(Op(d, wv1::OPERATION_KIND_STAGE_MOVE), nullptr);
  EXPECT_EQ(Op(d, wv1::OPERATION_KIND_STAGE_MOVE)->state(), wv1::OPERATION_STATE_SKIPPED);

  const nlohmann::json c = s.SimCandidate(kCandidate);
  EXPECT_FALSE(c["custom_fields"].contains("clara-score"));
  EXPECT_EQ(MarkedNotes(c, screening_id).size(), 1u);
  // The work item is done, not dead or retrying.
  EXPECT_EQ(s.Count("SELECT count(*) FROM work_items WHERE queue = 'writeback' AND state = 'done' AND attempts = 1"), 1);
  const std::string page = s.HttpGet(s.writeback_metrics_port(), "/metrics");
  EXPECT_EQ(MetricValue(page, R"(clara_writeback_operations_total{kind="OPERATION_KIND_CUSTOM_FIELD",outcome="failed"})"),
            1)
      << page;
}

}  // namespace
}  // namespace clara::integration
