#include "common/db.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace clara::db {

int ExpectedSchemaVersion() { return CLARA_SCHEMA_VERSION; }

absl::Status MapException(const std::exception& e) {
  // libpqxx messages may quote the statement; only the class and the
  // server's first line are kept.
  std::string what = e.what();
  if (auto nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
  if (dynamic_cast<const pqxx::unique_violation*>(&e)) return absl::AlreadyExistsError(what);
  if (dynamic_cast<const pqxx::foreign_key_violation*>(&e) ||
      dynamic_cast<const pqxx::check_violation*>(&e) ||
      dynamic_cast<const pqxx::not_null_violation*>(&e)) {
    return absl::FailedPreconditionError(what);
  }
  if (dynamic_cast<const pqxx::serialization_failure*>(&e) ||
      dynamic_cast<const pqxx::deadlock_detected*>(&e)) {
    return absl::AbortedError(what);
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&e) ||
      dynamic_cast<const pqxx::in_doubt_error*>(&e)) {
    return absl::UnavailableError("database connection lost");
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e); sql && sql->sqlstate() == "57014") {
    return absl::DeadlineExceededError("statement timed out");  // query_canceled
  }
  if (dynamic_cast<const pqxx::data_exception*>(&e)) return absl::InvalidArgumentError(what);
  return absl::InternalError(absl::StrCat("database error: ", what));
}

absl::StatusOr<std::unique_ptr<pqxx::connection>> Open(const std::string& dsn) {
  try {
    return std::make_unique<pqxx::connection>(dsn);
  } catch (const std::exception& e) {
    // The exception text can include the host but never the password;
    // still, keep only the first line.
    std::string what = e.what();
    if (auto nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
    return absl::UnavailableError(absl::StrCat("cannot connect to PostgreSQL: ", what));
  }
}

absl::StatusOr<std::unique_ptr<Pool>> Pool::Create(PoolOptions options) {
  if (options.size < 1) return absl::InvalidArgumentError("pool size must be >= 1");
  std::unique_ptr<Pool> pool(new Pool(std::move(options)));
  auto conn = pool->Connect();
  if (!conn.ok()) return conn.status();
  pool->open_ = 1;
  pool->idle_.push_back(std::move(*conn));
  return pool;
}

Pool::~Pool() = default;

absl::StatusOr<std::unique_ptr<pqxx::connection>> Pool::Connect() const {
  auto conn = Open(options_.dsn);
  if (!conn.ok()) return conn.status();
  try {
    pqxx::nontransaction tx(**conn);
    tx.exec(absl::StrCat("SET statement_timeout = ", options_.statement_timeout_ms));
    tx.exec("SET lock_timeout = '5s'");
    tx.exec("SET idle_in_transaction_session_timeout = '60s'");
    for (const auto& [name, sql] : options_.statements) (*conn)->prepare(name, sql);
  } catch (const std::exception& e) {
    return MapException(e);
  }
  return conn;
}

absl::StatusOr<std::unique_ptr<pqxx::connection>> Pool::Take() {
  std::unique_lock<std::mutex> lock(mu_);
  if (!cv_.wait_for(lock, std::chrono::seconds(10),
                    [&] { return !idle_.empty() || open_ < options_.size; })) {
    return absl::UnavailableError("no database connection free within 10s");
  }
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return conn;
  }
  ++open_;
  lock.unlock();
  auto conn = Connect();
  if (!conn.ok()) {
    std::lock_guard<std::mutex> relock(mu_);
    --open_;
    cv_.notify_one();
  }
  return conn;
}

void Pool::Give(std::unique_ptr<pqxx::connection> conn) {
  std::lock_guard<std::mutex> lock(mu_);
  if (conn && conn->is_open()) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
  cv_.notify_one();
}

absl::Status Pool::WithConnection(const std::function<absl::Status(pqxx::connection&)>& fn) {
  auto conn = Take();
  if (!conn.ok()) return conn.status();
  absl::Status status;
  try {
    status = fn(**conn);
  } catch (const std::exception& e) {
    status = MapException(e);
  }
  if (absl::IsUnavailable(status)) conn->reset();
  Give(std::move(*conn));
  return status;
}

absl::Status Pool::Transact(const std::function<absl::Status(pqxx::work&)>& fn) {
  absl::Status status;
  for (int attempt = 1; attempt <= 3; ++attempt) {
    auto conn = Take();
    if (!conn.ok()) return conn.status();
    try {
      pqxx::work tx(**conn);
      status = fn(tx);
      if (status.ok()) tx.commit();
    } catch (const std::exception& e) {
      status = MapException(e);
    }
    bool broken = absl::IsUnavailable(status) && !(*conn)->is_open();
    if (broken) conn->reset();
    Give(std::move(*conn));
    if (!(absl::IsAborted(status) || broken)) return status;
    log::Warning("transaction retried", {{"attempt", attempt}, {"code", absl::StatusCodeToString(status.code())}});
  }
  return status;
}

pqxx::binarystring Bytes(const std::string& data) { return pqxx::binarystring(data.data(), data.size()); }

std::string FromBytea(const pqxx::field& field) {
  if (field.is_null()) return {};
  pqxx::binarystring b(field);
  return b.str();
}

absl::StatusOr<int> SchemaVersion(pqxx::connection& conn) {
  try {
    pqxx::nontransaction tx(conn);
    auto exists = tx.exec("SELECT to_regclass('public.schema_migrations') IS NOT NULL");
    if (!exists[0][0].as<bool>()) return 0;
    auto r = tx.exec("SELECT coalesce(max(version), 0) FROM schema_migrations");
    return r[0][0].as<int>();
  } catch (const std::exception& e) {
    return MapException(e);
  }
}

absl::StatusOr<int> Migrate(const std::string& dsn, const std::string& dir) {
  struct File {
    int version;
    std::string name;
    std::filesystem::path path;
  };
  std::vector<File> files;
  std::error_code ec;
  static const std::regex kName(R"(^(\d{4})_([a-z0-9_]+)\.sql$)");
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::smatch m;
    std::string base = entry.path().filename().string();
    if (!std::regex_match(base, m, kName)) continue;
    int v = 0;
    if (!absl::SimpleAtoi(m[1].str(), &v)) continue;
    files.push_back({v, m[2].str(), entry.path()});
  }
  if (ec) return absl::NotFoundError(absl::StrCat("migrations folder ", dir, ": ", ec.message()));
  if (files.empty()) return absl::NotFoundError(absl::StrCat("no migrations in ", dir));
  std::sort(files.begin(), files.end(), [](const File& a, const File& b) { return a.version < b.version; });
  for (size_t i = 0; i < files.size(); ++i) {
    if (files[i].version != static_cast<int>(i) + 1) {
      return absl::FailedPreconditionError(
          absl::StrCat("migrations must be numbered 0001, 0002, ... without gaps; found ",
                       files[i].path.filename().string()));
    }
  }
  auto conn = Open(dsn);
  if (!conn.ok()) return conn.status();
  int applied = 0;
  // One transaction at a time per connection: each statement outside the
  // migrations runs in a short nontransaction of its own.
  auto exec = [&](const std::string& sql) {
    pqxx::nontransaction tx(**conn);
    tx.exec(sql);
  };
  try {
    exec("SELECT pg_advisory_lock(7302150001)");
    exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
         " version integer PRIMARY KEY, name text NOT NULL,"
         " applied_at timestamptz NOT NULL DEFAULT now())");
    auto current = SchemaVersion(**conn);
    if (!current.ok()) return current.status();
    if (*current > files.back().version) {
      exec("SELECT pg_advisory_unlock(7302150001)");
      return absl::FailedPreconditionError(absl::StrCat(
          "database schema is at version ", *current, ", newer than this build's ",
          files.back().version, "; roll forward instead"));
    }
    for (const auto& f : files) {
      if (f.version <= *current) continue;
      std::ifstream in(f.path);
      std::stringstream sql;
      sql << in.rdbuf();
      pqxx::work tx(**conn);
      tx.exec(sql.str());
      tx.exec_params("INSERT INTO schema_migrations(version, name) VALUES ($1, $2)", f.version, f.name);
      tx.commit();
      ++applied;
      log::Info("migration applied", {{"version", f.version}, {"name", f.name}});
    }
    exec("SELECT pg_advisory_unlock(7302150001)");
  } catch (const std::exception& e) {
    return MapException(e);
  }
  return applied;
}

}  // namespace clara::db
