// Test support: a fresh, migrated PostgreSQL database per test on the real
// server the harness (tools/test) started. The server comes from
// POSTGRES_TEST_DSN (a superuser DSN); without it the test fails, never skips.
#pragma once

#include <string>

#include "gtest/gtest.h"

namespace clara::testing {

// Creates database `clara_t_<random>`, applies every migration, and returns
// its DSN. Drop it with DropDatabase.
std::string CreateMigratedDatabase();
// Creates an empty database (no migrations).
std::string CreateEmptyDatabase();
void DropDatabase(const std::string& dsn);

// A fixture owning one migrated database for the test.
class PgTest : public ::testing::Test {
 protected:
  void SetUp() override { dsn_ = CreateMigratedDatabase(); }
  void TearDown() override {
    if (!dsn_.empty()) DropDatabase(dsn_);
  }
  std::string dsn_;
};

}  // namespace clara::testing
