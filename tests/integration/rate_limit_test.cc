// Teamtailor's rate limit through the real binaries: two writeback replicas
// and ingest share one budget per API key (through PostgreSQL), so the
// simulator never sees a key exceed its limit; and a 429 storm is waited out
// (Retry-After shared by every replica) instead of hammered.
#include <regex>

#include "clara/writeback/v1/writeback.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/stack.h"

namespace clara::integration {
namespace {

namespace wv1 = ::clara::writeback::v1;

constexpr char kTriggerStage[] = "CLARA screening";

// Every screening delivered: `n` writeback work items, all done.
bool WritebackDone(Stack& s, int n) {
  return s.Count("SELECT count(*) FROM work_items WHERE queue = 'writeback' AND state = 'done'") == n &&
         s.Count("SELECT count(*) FROM work_items WHERE queue = 'writeback'") == n;
}

bool AllCompleted(Stack& s, const std::vector<int64_t>& ids) {
  const nlohmann::json state = s.SimState();
  if (!state.contains("candidates")) return false;
  int completed = 0;
  for (const auto& c : state["candidates"]) {
    if (std::find(ids.begin(), ids.end(), c["id"].get<int64_t>()) == ids.end()) continue;
    for (const auto& r : c["partner_results"]) {
      if (r["status"] == "completed") {
        ++completed;
        break;
      }
    }
  }
  return completed == static_cast<int>(ids.size());
}

std::vector<int64_t> AllCandidates(Stack& s) {
  std::vector<int64_t> ids;
  const nlohmann::json state = s.SimState();
  for (const auto& c : state["candidates"]) ids.push_back(c["id"]);
  return ids;
}

// The simulator's statistics of one key ("admin-read-write", "partner").
nlohmann::json KeyStats(Stack& s, const std::string& name) {
  const nlohmann::json state = s.SimState();
  for (const auto& k : state["api_keys"]) {
    if (k["name"] == name) return k;
  }
  return nlohmann::json::object();
}

double MetricValue(const std::string& page, const std::string& series) {
  std::regex re("^" + std::regex_replace(series, std::regex(R"([{}\[\]().*+?^$|\\])"), R"(\$&)") + R"( ([0-9.e+-]+)$)",
                std::regex::multiline);
  std::smatch m;
  return std::regex_search(page, m, re) ? std::stod(m[1]) : 0;
}

TEST(RateLimitTest, TwoWritebackReplicasAndIngestShareOneBudgetPerKey) {
  // The simulator allows 10 requests per 2 s and key; ingest and both
  // writeback replicas are told the same and keep 2 of them as their margin.
  const std::vector<std::string> kBudget = {"--rate_limit=10", "--rate_window_seconds=2", "--rate_limit_margin=2"};
  StackOptions options;
  options.rate_limit = 10;
  options.rate_window_seconds = 2;
  options.writeback_replicas = 2;
  options.extra_ingest_args = kBudget;
  options.extra_writeback_args = kBudget;
  Stack s(options);
  ASSERT_TRUE(s.Start());  // connecting and selecting the jobs is within the budget too

  const std::vector<int64_t> ids = AllCandidates(s);
  ASSERT_EQ(ids.size(), 14u);
  const nlohmann::json moved = s.SimPost("/_sim/move-all", {{"stage", kTriggerStage}});
  ASSERT_EQ(moved.value("fired", 0), 14) << moved.dump();
  ASSERT_TRUE(s.Eventually([&] { return AllCompleted(s, ids) && WritebackDone(s, 14); }, absl::Seconds(300)))
      << s.SimState()["api_keys"].dump() << "\n" << s.Logs();

  const nlohmann::json state = s.SimState();
  ASSERT_EQ(state["rate_limit"]["limit"], 10);
  // Writeback alone uses the partner key: never over the limit, never refused.
  const nlohmann::json partner = KeyStats(s, "partner");
  EXPECT_EQ(partner.value("requests", 0), 14) << partner.dump();
  EXPECT_LE(partner.value("max_requests_in_window", 99), 10) << partner.dump();
  EXPECT_EQ(partner.value("rate_limited", -1), 0) << partner.dump();
  // The company key is shared by ingest and both writeback replicas.
  const nlohmann::json admin = KeyStats(s, "admin-read-write");
  EXPECT_LE(admin.value("max_requests_in_window", 99), 10) << admin.dump();
  EXPECT_EQ(admin.value("rate_limited", -1), 0) << admin.dump();
  EXPECT_LE(state["rate_limit"]["max_requests_in_window"].get<int>(), 10) << state["api_keys"].dump();
  // What the limiter granted for the company key: at most 10 - 2 in any 2 s.
  std::vector<int64_t> grants;
  {
    pqxx::nontransaction tx(s.Db());
    for (const auto& row : tx.exec_params("SELECT (extract(epoch FROM at) * 1000000)::bigint FROM rate_limit_requests"
                                          " WHERE key_hash = encode(sha256($1::bytea), 'hex') ORDER BY at",
                                          s.admin_api_key())) {
      grants.push_back(row[0].as<int64_t>());
    }
  }
  EXPECT_GT(grants.size(), 14u * 3);
  for (size_t i = 0; i + 8 < grants.size(); ++i) {
    EXPECT_GE(grants[i + 8] - grants[i], 2'000'000) << "grants " << i << " and " << i + 8;
  }

  // Both replicas delivered, and every delivery is complete.
  double delivered = 0;
  for (int r = 0; r < 2; ++r) {
    const double n = MetricValue(s.HttpGet(s.writeback_metrics_port(r), "/metrics"),
                                 R"(clara_writeback_work_items_total{outcome="done",queue="writeback"})");
    EXPECT_GT(n, 0) << "replica " << r;
    delivered += n;
  }
  EXPECT_EQ(delivered, 14);
  EXPECT_EQ(s.Count("SELECT count(*) FROM writeback_operations WHERE kind = 'OPERATION_KIND_PARTNER_RESULT'"
                    " AND state = 'done'"),
            14);
  // The budget lives in PostgreSQL, by key hash only.
  EXPECT_GT(s.Count("SELECT count(DISTINCT key_hash) FROM rate_limit_requests"), 1);
  EXPECT_EQ(s.Count("SELECT count(*) FROM rate_limit_requests WHERE key_hash !~ '^[0-9a-f]{64}$'"), 0);
}

TEST(RateLimitTest, A429StormIsWaitedOutNotHammered) {
  StackOptions options;
  options.writeback_replicas = 2;
  Stack s(options);
  ASSERT_TRUE(s.Start());
  const std::vector<int64_t> ids = {54321, 54322, 54327};

  // The screenings wait for write-back while its replicas are down…
  s.StopWritebacks();
  for (int64_t id : ids) ASSERT_TRUE(s.MoveCandidate(id, kTriggerStage).value("fired", false));
  ASSERT_TRUE(s.Eventually([&] {
    return s.Count("SELECT count(*) FROM work_items WHERE queue = 'writeback' AND state = 'ready'") == 3;
  })) << s.Logs();
  // …then every API request is answered 429 (Retry-After: the seconds left)
  // for 5 s, starting before the replicas come back.
  const nlohmann::json faults = s.SimPost("/_sim/faults", {{"storm_429_seconds", 5}});
  ASSERT_EQ(faults.value("storm_429_seconds", 0), 5) << faults.dump();
  const int64_t limited_before = KeyStats(s, "admin-read-write").value("rate_limited", 0);
  ASSERT_TRUE(s.StartWritebacks());

  ASSERT_TRUE(s.Eventually([&] { return AllCompleted(s, ids) && WritebackDone(s, 3); }, absl::Seconds(120)))
      << s.Logs();
  // The first requests met the storm; the pause they recorded held every
  // other request of both replicas back until it was over: at most one 429
  // per request in flight when the storm began (2 replicas × 4 workers).
  const nlohmann::json admin = KeyStats(s, "admin-read-write");
  const int64_t limited = admin.value("rate_limited", 0) - limited_before;
  EXPECT_GE(limited, 1) << admin.dump();
  EXPECT_LE(limited, 8) << admin.dump();
  EXPECT_EQ(KeyStats(s, "partner").value("rate_limited", -1), 0);
  // And nothing was given up on: every delivery is complete.
  pqxx::nontransaction tx(s.Db());
  for (const auto& row : tx.exec("SELECT id::text FROM screenings")) {
    auto stub = wv1::WritebackService::NewStub(s.WritebackChannel());
    wv1::GetDeliveryRequest req;
    req.set_integration_id(s.integration_id());
    req.set_screening_id(row[0].as<std::string>());
    wv1::GetDeliveryResponse resp;
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    ASSERT_TRUE(stub->GetDelivery(&ctx, req, &resp).ok());
    EXPECT_EQ(resp.delivery().state(), "delivered") << resp.delivery().DebugString();
  }
}

}  // namespace
}  // namespace clara::integration
