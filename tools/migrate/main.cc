// clara-migrate: applies the forward-only migrations of
// deploy/postgres/migrations (a Kubernetes Job in production, the test
// harness and tools/run-local locally). Safe to run concurrently (advisory
// lock); exits 0 when the schema is current.
#include <cstdio>

#include "common/config.h"
#include "common/db.h"
#include "common/log.h"

int main(int argc, char** argv) {
  using namespace clara;
  Config config("clara-migrate", "applies pending PostgreSQL migrations");
  std::string dsn, dir, level;
  config.String("database_url", &dsn, "", "PostgreSQL connection URI", /*required=*/true, /*secret=*/true);
  config.String("migrations_dir", &dir, CLARA_DEFAULT_MIGRATIONS_DIR, "folder of NNNN_name.sql files");
  config.String("log_level", &level, "info", "debug | info | warning | error");
  absl::Status s = config.Parse(argc, argv);
  if (absl::IsCancelled(s)) {
    std::fputs(config.Usage().c_str(), stdout);
    return 0;
  }
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n(see clara-migrate --help)\n", std::string(s.message()).c_str());
    return 2;
  }
  log::Init("clara-migrate", log::Level::kInfo);
  auto applied = db::Migrate(dsn, dir);
  if (!applied.ok()) {
    log::Error("migration failed", {{"code", absl::StatusCodeToString(applied.status().code())},
                                    {"error", std::string(applied.status().message())}});
    return 1;
  }
  log::Info("schema current", {{"applied", *applied}, {"version", db::ExpectedSchemaVersion()}});
  return 0;
}
