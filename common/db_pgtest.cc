#include "common/db.h"

#include "common/testing/pg_fixture.h"
#include "gtest/gtest.h"

namespace clara::db {
namespace {

TEST(MigrateTest, AppliesOnceAndReportsVersion) {
  std::string dsn = testing::CreateEmptyDatabase();
  ASSERT_FALSE(dsn.empty());
  auto first = Migrate(dsn, CLARA_SOURCE_DIR "/deploy/postgres/migrations");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, ExpectedSchemaVersion());
  auto second = Migrate(dsn, CLARA_SOURCE_DIR "/deploy/postgres/migrations");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, 0);
  auto conn = Open(dsn);
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ(*SchemaVersion(**conn), ExpectedSchemaVersion());
  EXPECT_EQ(Migrate(dsn, "/nonexistent").status().code(), absl::StatusCode::kNotFound);
  testing::DropDatabase(dsn);
}

class PoolPgTest : public testing::PgTest {};

TEST_F(PoolPgTest, MapsErrorsAndRollsBack) {
  auto pool = Pool::Create({.dsn = dsn_, .size = 2, .statements = {{"ins", "INSERT INTO integrations (id) VALUES ($1::uuid)"}}});
  ASSERT_TRUE(pool.ok()) << pool.status();
  const std::string id = "00000000-0000-0000-0000-000000000001";
  ASSERT_TRUE((*pool)->Transact([&](pqxx::work& tx) {
    tx.exec_prepared("ins", id);
    return absl::OkStatus();
  }).ok());
  const struct {
    const char* name;
    std::function<absl::Status(pqxx::work&)> fn;
    absl::StatusCode code;
  } kCases[] = {
      {"duplicate key", [&](pqxx::work& tx) { tx.exec_prepared("ins", id); return absl::OkStatus(); },
       absl::StatusCode::kAlreadyExists},
      {"check violation", [&](pqxx::work& tx) { tx.exec("UPDATE integrations SET status = 'bogus'"); return absl::OkStatus(); },
       absl::StatusCode::kFailedPrecondition},
      {"bad uuid", [&](pqxx::work& tx) { tx.exec_prepared("ins", std::string("not-a-uuid")); return absl::OkStatus(); },
       absl::StatusCode::kInvalidArgument},
      {"statement timeout", [&](pqxx::work& tx) { tx.exec("SET LOCAL statement_timeout = 50"); tx.exec("SELECT pg_sleep(1)"); return absl::OkStatus(); },
       absl::StatusCode::kDeadlineExceeded},
      {"caller error rolls back", [&](pqxx::work& tx) { tx.exec("DELETE FROM integrations"); return absl::InternalError("no"); },
       absl::StatusCode::kInternal},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ((*pool)->Transact(c.fn).code(), c.code);
  }
  int count = -1;
  ASSERT_TRUE((*pool)->Transact([&](pqxx::work& tx) {
    count = tx.exec1("SELECT count(*) FROM integrations")[0].as<int>();
    return absl::OkStatus();
  }).ok());
  EXPECT_EQ(count, 1);
}

TEST(PoolTest, BadDsnIsUnavailableWithoutPassword) {
  auto pool = Pool::Create({.dsn = "postgresql://u:hunter2@127.0.0.1:1/db?connect_timeout=2"});
  ASSERT_EQ(pool.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(std::string(pool.status().message()).find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace clara::db
