#include "common/testing/pg_fixture.h"

#include <cstdlib>
#include <random>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/db.h"

namespace clara::testing {
namespace {

std::string AdminDsn() {
  const char* dsn = std::getenv("POSTGRES_TEST_DSN");
  if (dsn == nullptr || *dsn == '\0') {
    ADD_FAILURE() << "POSTGRES_TEST_DSN is not set: run the pg and integration tiers through tools/test, "
                     "which starts PostgreSQL (or set it to a superuser DSN, e.g. "
                     "postgresql://postgres@127.0.0.1:5432/postgres)";
    return "";
  }
  return dsn;
}

// Replaces the database name of a URI DSN (postgresql://u@h:p/db?x).
std::string WithDatabase(const std::string& dsn, const std::string& db) {
  auto scheme = dsn.find("://");
  auto slash = dsn.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  auto query = dsn.find('?');
  std::string base = slash == std::string::npos ? dsn.substr(0, query) : dsn.substr(0, slash);
  std::string tail = query == std::string::npos ? "" : dsn.substr(query);
  return absl::StrCat(base, "/", db, tail);
}

std::string NewName() {
  std::random_device rd;
  std::mt19937_64 rng((static_cast<uint64_t>(rd()) << 32) ^ rd());
  return absl::StrCat("clara_t_", rng() % 1000000000000ULL);
}

}  // namespace

std::string CreateEmptyDatabase() {
  std::string admin = AdminDsn();
  if (admin.empty()) return "";
  const std::string name = NewName();
  try {
    pqxx::connection conn(admin);
    pqxx::nontransaction tx(conn);
    tx.exec(absl::StrCat("CREATE DATABASE ", name));
  } catch (const std::exception& e) {
    ADD_FAILURE() << "cannot create test database: " << e.what();
    return "";
  }
  return WithDatabase(admin, name);
}

std::string CreateMigratedDatabase() {
  std::string dsn = CreateEmptyDatabase();
  if (dsn.empty()) return "";
  auto applied = db::Migrate(dsn, CLARA_SOURCE_DIR "/deploy/postgres/migrations");
  if (!applied.ok()) ADD_FAILURE() << "migrations failed: " << applied.status();
  return dsn;
}

void DropDatabase(const std::string& dsn) {
  std::string admin = AdminDsn();
  if (admin.empty() || dsn.empty()) return;
  std::string name = dsn.substr(dsn.rfind('/') + 1);
  name = name.substr(0, name.find('?'));
  try {
    pqxx::connection conn(admin);
    pqxx::nontransaction tx(conn);
    tx.exec(absl::StrCat("DROP DATABASE IF EXISTS ", name, " WITH (FORCE)"));
  } catch (const std::exception& e) {
    ADD_FAILURE() << "cannot drop test database: " << e.what();
  }
}

}  // namespace clara::testing
