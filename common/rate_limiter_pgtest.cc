// The shared Teamtailor request budget against a real PostgreSQL server:
// several pools (standing in for replicas) and threads acquiring at once, the
// pause a 429 records, and the client hook.
#include "common/rate_limiter.h"

#include <atomic>
#include <thread>
#include <vector>

#include <httplib.h>

#include "common/status.h"
#include "common/teamtailor_client.h"
#include "common/testing/pg_fixture.h"
#include "gtest/gtest.h"

namespace clara::ratelimit {
namespace {

class RateLimiterPgTest : public testing::PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    ASSERT_FALSE(dsn_.empty());
    pool_ = NewPool();
    ASSERT_NE(pool_, nullptr);
  }
  void TearDown() override {
    pool_.reset();
    PgTest::TearDown();
  }

  std::unique_ptr<db::Pool> NewPool(int size = 4) {
    auto pool = db::Pool::Create({.dsn = dsn_, .size = size, .statements = PgRateLimiter::Statements()});
    EXPECT_TRUE(pool.ok()) << pool.status();
    return pool.ok() ? std::move(*pool) : nullptr;
  }

  // The recorded grants of a key, oldest first, in microseconds since the epoch.
  std::vector<int64_t> Grants(const std::string& api_key) {
    std::vector<int64_t> out;
    EXPECT_TRUE(pool_->Transact([&](pqxx::work& tx) {
      for (const auto& row : tx.exec_params(
               "SELECT (extract(epoch FROM at) * 1000000)::bigint FROM rate_limit_requests"
               " WHERE key_hash = $1 ORDER BY at",
               KeyHash(api_key))) {
        out.push_back(row[0].as<int64_t>());
      }
      return absl::OkStatus();
    }).ok());
    return out;
  }

  int64_t Scalar(const std::string& sql) {
    int64_t v = -1;
    EXPECT_TRUE(pool_->Transact([&](pqxx::work& tx) {
      v = tx.exec1(sql)[0].as<int64_t>();
      return absl::OkStatus();
    }).ok());
    return v;
  }

  std::unique_ptr<db::Pool> pool_;
};

TEST(RateLimiterOptions, EffectiveLimitKeepsTheMargin) {
  const struct {
    int limit, margin, want;
  } kCases[] = {{50, 5, 45}, {10, 2, 8}, {10, 0, 10}, {3, 5, 1}, {1, 0, 1}};
  for (const auto& c : kCases) {
    SCOPED_TRACE(::testing::Message() << c.limit << " - " << c.margin);
    PgRateLimiter limiter(nullptr, {.limit = c.limit, .margin = c.margin});
    EXPECT_EQ(limiter.effective_limit(), c.want);
  }
}

TEST_F(RateLimiterPgTest, ConcurrentAcquirersNeverExceedTheLimitInAnyWindow) {
  const Options options{.limit = 12, .window = absl::Milliseconds(500), .margin = 2};
  constexpr int kReplicas = 3, kThreads = 3, kEach = 10;
  std::vector<std::unique_ptr<db::Pool>> pools;
  std::vector<std::unique_ptr<PgRateLimiter>> limiters;
  for (int r = 0; r < kReplicas; ++r) {
    pools.push_back(NewPool(kThreads));
    ASSERT_NE(pools.back(), nullptr);
    limiters.push_back(std::make_unique<PgRateLimiter>(pools.back().get(), options));
  }
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int r = 0; r < kReplicas; ++r) {
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, r] {
        for (int i = 0; i < kEach; ++i) {
          if (!limiters[r]->Acquire("company-key").ok()) ++failures;
        }
      });
    }
  }
  // Another key alongside: its own budget, not counted in the first.
  threads.emplace_back([&] {
    for (int i = 0; i < 5; ++i) {
      if (!limiters[0]->Acquire("partner-key").ok()) ++failures;
    }
  });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);

  const std::vector<int64_t> grants = Grants("company-key");
  ASSERT_EQ(grants.size(), static_cast<size_t>(kReplicas * kThreads * kEach));
  EXPECT_EQ(Grants("partner-key").size(), 5u);
  // No window of 500 ms holds more than limit - margin = 10 grants: the
  // (i+10)-th grant is at least a window after the i-th.
  const int64_t window_us = absl::ToInt64Microseconds(options.window);
  const int effective = limiters[0]->effective_limit();
  for (size_t i = 0; i + effective < grants.size(); ++i) {
    EXPECT_GE(grants[i + effective] - grants[i], window_us) << "grants " << i << " and " << i + effective;
  }
}

TEST_F(RateLimiterPgTest, ABlockDelaysEveryReplica) {
  PgRateLimiter a(pool_.get(), {.limit = 50, .window = absl::Seconds(10)});
  auto other_pool = NewPool();
  PgRateLimiter b(other_pool.get(), {.limit = 50, .window = absl::Seconds(10)});
  ASSERT_TRUE(a.Block("company-key", absl::Milliseconds(1500)).ok());
  // A shorter block does not shorten it.
  ASSERT_TRUE(b.Block("company-key", absl::Milliseconds(100)).ok());

  auto wait = b.TryAcquire("company-key");
  ASSERT_TRUE(wait.ok()) << wait.status();
  EXPECT_GT(*wait, absl::Milliseconds(1000));
  EXPECT_LE(*wait, absl::Milliseconds(1500));
  // Another key is not paused.
  auto other = b.TryAcquire("another-key");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(*other, absl::ZeroDuration());

  ASSERT_TRUE(b.Acquire("company-key").ok());
  // The grant was recorded only once the pause was over.
  EXPECT_EQ(Scalar("SELECT count(*) FROM rate_limit_requests r JOIN rate_limit_blocks b USING (key_hash)"
                   " WHERE r.at < b.blocked_until"),
            0);
  EXPECT_EQ(Grants("company-key").size(), 1u);
}

TEST_F(RateLimiterPgTest, AWaitLongerThanMaxWaitIsResourceExhaustedWithRetryAfter) {
  PgRateLimiter limiter(pool_.get(), {.limit = 2, .window = absl::Seconds(10), .margin = 0,
                                      .max_wait = absl::Milliseconds(200)});
  ASSERT_TRUE(limiter.Acquire("k").ok());
  ASSERT_TRUE(limiter.Acquire("k").ok());
  absl::Status s = limiter.Acquire("k");
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted) << s;
  auto retry_after = GetRetryAfter(s);
  ASSERT_TRUE(retry_after.has_value());
  EXPECT_GT(*retry_after, absl::Seconds(5));
  EXPECT_LE(*retry_after, absl::Seconds(10));
  EXPECT_EQ(Grants("k").size(), 2u);

  ASSERT_TRUE(limiter.Block("blocked", absl::Seconds(5)).ok());
  s = limiter.Acquire("blocked");
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted);
  ASSERT_TRUE(GetRetryAfter(s).has_value());
  EXPECT_GT(*GetRetryAfter(s), absl::Seconds(4));
}

TEST_F(RateLimiterPgTest, KeysAreStoredOnlyAsSha256) {
  PgRateLimiter limiter(pool_.get(), {});
  ASSERT_TRUE(limiter.Acquire("ttsim_admin_rw_secret").ok());
  ASSERT_TRUE(limiter.Block("ttsim_admin_rw_secret", absl::Seconds(1)).ok());
  EXPECT_EQ(KeyHash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Scalar("SELECT count(*) FROM rate_limit_requests WHERE key_hash LIKE '%secret%'"), 0);
  EXPECT_EQ(Scalar("SELECT count(*) FROM rate_limit_blocks WHERE key_hash LIKE '%secret%'"), 0);
  EXPECT_EQ(Grants("ttsim_admin_rw_secret").size(), 1u);
}

TEST_F(RateLimiterPgTest, OldRowsArePruned) {
  ASSERT_TRUE(pool_->Transact([&](pqxx::work& tx) {
    tx.exec("INSERT INTO rate_limit_requests (key_hash, at) VALUES ('old', now() - interval '1 hour'),"
            " ('recent', now())");
    tx.exec("INSERT INTO rate_limit_blocks (key_hash, blocked_until) VALUES ('old', now() - interval '1 minute')");
    return absl::OkStatus();
  }).ok());
  PgRateLimiter limiter(pool_.get(), {});
  ASSERT_TRUE(limiter.Acquire("k").ok());
  EXPECT_EQ(Scalar("SELECT count(*) FROM rate_limit_requests WHERE key_hash = 'old'"), 0);
  EXPECT_EQ(Scalar("SELECT count(*) FROM rate_limit_requests WHERE key_hash = 'recent'"), 1);
  EXPECT_EQ(Scalar("SELECT count(*) FROM rate_limit_blocks"), 0);
}

// The client hook: every request of a key takes a slot; a 429's Retry-After
// and a spent budget pause the key for every replica; downloads are free.
class ClientHookPgTest : public RateLimiterPgTest {
 protected:
  void SetUp() override {
    RateLimiterPgTest::SetUp();
    if (HasFatalFailure()) return;  // no database: fail at once, start nothing
    server_.Get("/v1/ok", [&](const httplib::Request&, httplib::Response& res) {
      ++requests_;
      res.set_content("{}", "application/vnd.api+json");
    });
    server_.Get("/v1/spent", [&](const httplib::Request&, httplib::Response& res) {
      ++requests_;
      res.set_header("X-Rate-Limit-Limit", "50");
      res.set_header("X-Rate-Limit-Remaining", "0");
      res.set_header("X-Rate-Limit-Reset", "7");
      res.set_content("{}", "application/vnd.api+json");
    });
    server_.Get("/v1/once-429", [&](const httplib::Request&, httplib::Response& res) {
      if (++requests_ == 1) {
        res.status = 429;
        res.set_header("Retry-After", "1");
        return;
      }
      res.set_content(R"({"data":[]})", "application/vnd.api+json");
    });
    server_.Get("/v1/always-429", [&](const httplib::Request&, httplib::Response& res) {
      ++requests_;
      res.status = 429;
      res.set_header("Retry-After", "1");
    });
    server_.Put("/partner/v1/partner-results/p1", [&](const httplib::Request&, httplib::Response& res) {
      ++requests_;
      res.set_content("{}", "application/vnd.api+json");
    });
    server_.Get("/files/cv.pdf", [&](const httplib::Request&, httplib::Response& res) {
      res.set_content("%PDF", "application/pdf");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([&] { server_.listen_after_bind(); });
    limiter_ = std::make_unique<PgRateLimiter>(pool_.get(), Options{.limit = 50, .window = absl::Seconds(10)});
    teamtailor::ClientOptions o;
    o.base_url = Base() + "/v1";
    o.limiter = limiter_.get();
    client_ = std::make_unique<teamtailor::Client>(o);
  }
  void TearDown() override {
    client_.reset();
    if (thread_.joinable()) {
      // stop() before the listener runs would leave it listening forever.
      while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      server_.stop();
      thread_.join();
    }
    limiter_.reset();
    RateLimiterPgTest::TearDown();
  }
  std::string Base() { return "http://127.0.0.1:" + std::to_string(port_); }
  int64_t BlockedMs(const std::string& key) {
    return Scalar("SELECT coalesce(max(extract(epoch FROM blocked_until - clock_timestamp()) * 1000), 0)::bigint"
                  " FROM rate_limit_blocks WHERE key_hash = '" + KeyHash(key) + "'");
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> requests_{0};
  std::unique_ptr<PgRateLimiter> limiter_;
  std::unique_ptr<teamtailor::Client> client_;
};

TEST_F(ClientHookPgTest, EveryRequestOfAKeyTakesASlotDownloadsDoNot) {
  ASSERT_TRUE(client_->Get("company-key", "/ok").ok());
  ASSERT_TRUE(client_->Get("company-key", "/ok").ok());
  ASSERT_TRUE(client_->PutPartnerResult("partner-key", Base() + "/partner/v1/partner-results/p1", {}).ok());
  ASSERT_TRUE(client_->Download(Base() + "/files/cv.pdf", 1024).ok());
  EXPECT_EQ(Grants("company-key").size(), 2u);
  EXPECT_EQ(Grants("partner-key").size(), 1u);
  EXPECT_EQ(Scalar("SELECT count(*) FROM rate_limit_requests"), 3);
  EXPECT_EQ(Scalar("SELECT count(*) FROM rate_limit_blocks"), 0);
}

TEST_F(ClientHookPgTest, A429PausesTheKeyForEveryReplicaAndIsRetriedAfterThePause) {
  auto r = client_->Get("company-key", "/once-429");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(requests_.load(), 2);
  const std::vector<int64_t> grants = Grants("company-key");
  ASSERT_EQ(grants.size(), 2u);
  // The retry took its slot only once the Retry-After second had passed.
  EXPECT_GE(grants[1] - grants[0], 1'000'000);
  EXPECT_EQ(Scalar("SELECT count(*) FROM rate_limit_blocks"), 1);
}

TEST_F(ClientHookPgTest, APersistent429EndsAsResourceExhaustedWithRetryAfter) {
  auto r = client_->Get("company-key", "/always-429");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted) << r.status();
  EXPECT_TRUE(GetRetryAfter(r.status()).has_value());
  EXPECT_EQ(requests_.load(), 3);  // the request and two retries after the pauses
}

TEST_F(ClientHookPgTest, ASpentBudgetPausesTheKeyUntilTheReset) {
  ASSERT_TRUE(client_->Get("company-key", "/spent").ok());
  const int64_t blocked_ms = BlockedMs("company-key");
  EXPECT_GT(blocked_ms, 5000);
  EXPECT_LE(blocked_ms, 7000);
  // Another replica sees the pause.
  auto other_pool = NewPool();
  PgRateLimiter other(other_pool.get(), {});
  auto wait = other.TryAcquire("company-key");
  ASSERT_TRUE(wait.ok());
  EXPECT_GT(*wait, absl::Seconds(5));
}

TEST_F(ClientHookPgTest, WithoutALimiterNothingIsRecorded) {
  teamtailor::ClientOptions o;
  o.base_url = Base() + "/v1";
  teamtailor::Client plain(o);
  auto r = plain.Get("company-key", "/always-429");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(requests_.load(), 1);  // no retry without a shared pause to honour
  EXPECT_EQ(Scalar("SELECT count(*) FROM rate_limit_requests"), 0);
}

}  // namespace
}  // namespace clara::ratelimit
