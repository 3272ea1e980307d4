// Partner events on a real PostgreSQL and through the real HTTP server:
// event ids are unique per tenant (the same id under two integrations is two
// events, each with its own résumé fetch; a repeat under one is a duplicate),
// and the webhook refuses before it reads, inflates or parses: a wrong key
// before the body, a gzip bomb at 1 MiB inflated, 50,000-deep JSON and a NUL
// in an id with a 400 that says why.
#include "services/ingest/ingest_store.h"

#include <unistd.h>

#include <fstream>
#include <memory>

#include <httplib.h>
#include <prometheus/registry.h>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/queue.h"
#include "common/testing/pg_fixture.h"
#include "gtest/gtest.h"
#include "services/ingest/http_server.h"
#include "services/ingest/jobs_store.h"
#include "services/ingest/metrics.h"
#include "services/ingest/webhook.h"

namespace clara::ingest {
namespace {

constexpr char kSecret[] = "partner-webhook-secret";

std::string EventBody(const std::string& id_json, int64_t candidate_id) {
  return absl::StrCat(R"({"partner-event":{"id":)", id_json,
                      R"(,"partner-result":{"id":"pr-1","status":"sending","update-url":"https://api.teamtailor.com/partner/v1/partner-results/pr-1"},)",
                      R"("candidate":{"id":)", candidate_id, R"(,"first-name":"Test"}},"company":{"uuid":"c"}})");
}

v1::PartnerEvent Event(const std::string& id, int64_t candidate_id) {
  auto hook = ParsePartnerWebhook(EventBody(absl::StrCat("\"", id, "\""), candidate_id));
  EXPECT_TRUE(hook.ok()) << hook.status();
  return hook->partner_event();
}

// Resident memory of this process (bytes).
int64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

class IngestStorePgTest : public testing::PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    ASSERT_FALSE(dsn_.empty());
    db::Statements st = queue::Statements();
    for (const auto& s : IngestStore::Statements()) st.push_back(s);
    for (const auto& s : JobsStore::Statements()) st.push_back(s);
    auto pool = db::Pool::Create({.dsn = dsn_, .size = 4, .statements = st});
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = std::move(*pool);
    auto box = crypto::SecretBox::FromBase64Key(absl::Base64Escape(std::string(32, 'k')));
    ASSERT_TRUE(box.ok()) << box.status();
    box_ = std::make_unique<crypto::SecretBox>(*std::move(box));
    store_ = std::make_unique<IngestStore>(pool_.get(), box_.get());
    jobs_ = std::make_unique<JobsStore>(pool_.get());
    auto a = store_->Connect("api-key-a", "integration-key-a", "Tenant A", "eu");
    auto b = store_->Connect("api-key-b", "integration-key-b", "Tenant B", "eu");
    ASSERT_TRUE(a.ok()) << a.status();
    ASSERT_TRUE(b.ok()) << b.status();
    tenant_a_ = a->id();
    tenant_b_ = b->id();
  }
  void TearDown() override {
    if (server_) server_->Stop();
    server_.reset();
    metrics_.reset();
    jobs_.reset();
    store_.reset();
    pool_.reset();
    PgTest::TearDown();
  }

  int64_t Count(const std::string& sql) {
    int64_t n = -1;
    EXPECT_TRUE(pool_->WithConnection([&](pqxx::connection& conn) -> absl::Status {
      pqxx::nontransaction tx(conn);
      n = tx.exec1(sql)[0].as<int64_t>();
      return absl::OkStatus();
    }).ok());
    return n;
  }

  void StartServer() {
    metrics_ = std::make_unique<IngestMetrics>(registry_);
    HttpOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.partner_webhook_secret = kSecret;
    server_ = std::make_unique<HttpServer>(options, store_.get(), jobs_.get(), /*sync=*/nullptr, pool_.get(),
                                           metrics_.get());
    ASSERT_TRUE(server_->Start().ok());
  }

  httplib::Headers Signed(const std::string& event_id, const std::string& key = "integration-key-a") {
    return {{"Authorization", "Bearer " + key}, {"Teamtailor-Signature", SignPartnerEvent(event_id, kSecret, absl::Now())}};
  }

  double Outcomes(const std::string& outcome) {
    for (const auto& family : registry_.Collect()) {
      if (family.name != "clara_ingest_webhooks_total") continue;
      for (const auto& m : family.metric) {
        for (const auto& l : m.label) {
          if (l.name == "outcome" && l.value == outcome) return m.counter.value;
        }
      }
    }
    return 0;
  }

  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<crypto::SecretBox> box_;
  std::unique_ptr<IngestStore> store_;
  std::unique_ptr<JobsStore> jobs_;
  prometheus::Registry registry_;
  std::unique_ptr<IngestMetrics> metrics_;
  std::unique_ptr<HttpServer> server_;
  std::string tenant_a_, tenant_b_;
};

TEST_F(IngestStorePgTest, SameEventIdUnderTwoIntegrationsIsStoredTwice) {
  const v1::PartnerEvent event = Event("evt-shared", 7);
  auto a = store_->AcceptEvent(tenant_a_, event);
  auto b = store_->AcceptEvent(tenant_b_, event);
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_TRUE(*a);
  EXPECT_TRUE(*b) << "the other tenant's event with the same id is another event";
  EXPECT_EQ(Count("SELECT count(*) FROM partner_events WHERE event_id = 'evt-shared'"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM work_items WHERE queue = 'ingest.resume'"), 2) << "one résumé fetch each";

  // A repeat under the same tenant is still a duplicate delivery.
  auto again = store_->AcceptEvent(tenant_a_, event);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(*again);
  EXPECT_EQ(Count("SELECT count(*) FROM partner_events"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM work_items WHERE queue = 'ingest.resume'"), 2);

  // Evidence and screening work are per tenant too.
  v1::StoredEvidence evidence;
  evidence.set_event_id(event.id());
  evidence.set_resume_text("same text");
  auto ea = store_->StoreEvidence(tenant_a_, event, 0, evidence);
  auto eb = store_->StoreEvidence(tenant_b_, event, 0, evidence);
  ASSERT_TRUE(ea.ok()) << ea.status();
  ASSERT_TRUE(eb.ok()) << eb.status();
  EXPECT_TRUE(*ea);
  EXPECT_TRUE(*eb);
  EXPECT_EQ(Count("SELECT count(*) FROM evidence WHERE event_id = 'evt-shared'"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM work_items WHERE queue = 'screening'"), 2);

  // Each tenant reads its own; erasing A's candidate leaves B's event.
  EXPECT_TRUE(store_->LoadEvent(tenant_b_, "evt-shared").ok());
  auto erased = store_->EraseCandidate(tenant_a_, 7);
  ASSERT_TRUE(erased.ok()) << erased.status();
  EXPECT_EQ(*erased, 1);
  EXPECT_TRUE(store_->LoadEvent(tenant_b_, "evt-shared").ok());
  EXPECT_EQ(store_->LoadEvent(tenant_a_, "evt-shared").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Count("SELECT count(*) FROM evidence"), 1);
}

TEST_F(IngestStorePgTest, SameEventIdUnderTwoIntegrationsOverHttp) {
  StartServer();
  httplib::Client client("127.0.0.1", server_->port());
  const std::string body = EventBody("\"evt-http\"", 9);
  auto a = client.Post("/teamtailor/webhook", Signed("evt-http", "integration-key-a"), body, "application/json");
  auto b = client.Post("/teamtailor/webhook", Signed("evt-http", "integration-key-b"), body, "application/json");
  auto dup = client.Post("/teamtailor/webhook", Signed("evt-http", "integration-key-a"), body, "application/json");
  ASSERT_TRUE(a && b && dup);
  EXPECT_EQ(a->status, 200) << a->body;
  EXPECT_EQ(b->status, 200) << b->body;
  EXPECT_EQ(dup->status, 200) << dup->body;
  EXPECT_EQ(Count("SELECT count(*) FROM partner_events WHERE event_id = 'evt-http'"), 2);
  EXPECT_EQ(Outcomes("accepted"), 2);
  EXPECT_EQ(Outcomes("duplicate"), 1);
}

TEST_F(IngestStorePgTest, BadCredentialsAreRefusedBeforeTheBodyIsParsed) {
  StartServer();
  httplib::Client client("127.0.0.1", server_->port());
  const std::string malformed = "{\"partner-event\": {";
  auto unknown_key = client.Post("/teamtailor/webhook", Signed("x", "not-a-key"), malformed, "application/json");
  ASSERT_TRUE(unknown_key);
  EXPECT_EQ(unknown_key->status, 401) << unknown_key->body;
  auto no_signature = client.Post("/teamtailor/webhook", {{"Authorization", "Bearer integration-key-a"}}, malformed,
                                  "application/json");
  ASSERT_TRUE(no_signature);
  EXPECT_EQ(no_signature->status, 401) << no_signature->body;
  // A deep body with a wrong key: 401, the depth is never looked at.
  const std::string deep = std::string(50000, '[') + std::string(50000, ']');
  auto deep_unknown = client.Post("/teamtailor/webhook", Signed("x", "not-a-key"), deep, "application/json");
  ASSERT_TRUE(deep_unknown);
  EXPECT_EQ(deep_unknown->status, 401) << deep_unknown->body;
  // The signature covers the event id of the body: another id is 401, not 400.
  auto other_id = client.Post("/teamtailor/webhook", Signed("evt-other"), EventBody("\"evt-1\"", 1),
                              "application/json");
  ASSERT_TRUE(other_id);
  EXPECT_EQ(other_id->status, 401) << other_id->body;
  EXPECT_EQ(Outcomes("unauthenticated"), 2);
  EXPECT_EQ(Outcomes("bad_signature"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM partner_events"), 0);
}

TEST_F(IngestStorePgTest, GzipBombIsRefusedAtTheCap) {
  StartServer();
  const std::string zeros(50 << 20, '\0');  // 50 MiB → about 50 KB gzipped
  httplib::Client client("127.0.0.1", server_->port());
  client.set_compress(true);  // Content-Encoding: gzip
  const int64_t before = ResidentBytes();
  const absl::Time start = absl::Now();
  auto r = client.Post("/teamtailor/webhook", Signed("evt-bomb"), zeros, "application/json");
  const absl::Duration took = absl::Now() - start;
  ASSERT_TRUE(r) << "no response";
  EXPECT_EQ(r->status, 413) << r->body;
  EXPECT_TRUE(absl::StrContains(r->body, "1 MiB")) << r->body;
  EXPECT_EQ(Outcomes("too_large"), 1);
  // Inflating it all would add 50 MiB to this process (the server runs in it).
  EXPECT_LT(ResidentBytes() - before, 16 << 20);
  EXPECT_LT(took, absl::Seconds(2));  // mostly the client compressing 50 MiB
  EXPECT_EQ(Count("SELECT count(*) FROM partner_events"), 0);

  // A real event gzipped is still accepted.
  const std::string body = EventBody("\"evt-gzip\"", 3);
  auto ok = client.Post("/teamtailor/webhook", Signed("evt-gzip"), body, "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
}

TEST_F(IngestStorePgTest, DeepJsonIsRefusedQuickly) {
  StartServer();
  httplib::Client client("127.0.0.1", server_->port());
  // 50,000 levels inside webhook-data, with a valid key and signature.
  const std::string deep = absl::StrCat(R"({"partner-event":{"id":"evt-deep","webhook-data":{"a":)",
                                        std::string(50000, '['), std::string(50000, ']'), "}}}");
  const absl::Time start = absl::Now();
  auto r = client.Post("/teamtailor/webhook", Signed("evt-deep"), deep, "application/json");
  const absl::Duration took = absl::Now() - start;
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_TRUE(absl::StrContains(r->body, "nested deeper than 64")) << r->body;
  EXPECT_LT(took, absl::Milliseconds(500));
  EXPECT_EQ(Outcomes("too_deep"), 1);
}

TEST_F(IngestStorePgTest, NulInTheEventIdIsRefused) {
  StartServer();
  httplib::Client client("127.0.0.1", server_->port());
  const std::string id = std::string("evt-a") + '\0' + "b";
  auto r = client.Post("/teamtailor/webhook", Signed(id), EventBody(R"("evt-a\u0000b")", 1), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_TRUE(absl::StrContains(r->body, "NUL")) << r->body;
  EXPECT_EQ(Outcomes("invalid_text"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM partner_events"), 0);
}

}  // namespace
}  // namespace clara::ingest
