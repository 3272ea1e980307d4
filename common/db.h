// PostgreSQL access: a connection pool with prepared statements, error
// mapping from libpqxx exceptions to absl::Status, transactions retried as a
// whole on serialization failures, and the forward-only migration runner.
//
//   auto pool = db::Pool::Create({.dsn = dsn, .statements = MyStore::Statements()});
//   absl::Status s = (*pool)->Transact([&](pqxx::work& tx) {
//     tx.exec_prepared("insert_thing", id);
//     return absl::OkStatus();
//   });
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace clara::db {

// (name, SQL) pairs prepared on every connection of a pool.
using Statements = std::vector<std::pair<std::string, std::string>>;

// The schema version this build expects (the highest migration number).
int ExpectedSchemaVersion();

struct PoolOptions {
  std::string dsn;
  int size = 4;
  int statement_timeout_ms = 5000;
  Statements statements;
};

class Pool {
 public:
  // Connects once eagerly so that a bad DSN fails at start-up. UNAVAILABLE
  // when the server can't be reached (the message never contains the DSN's
  // password).
  static absl::StatusOr<std::unique_ptr<Pool>> Create(PoolOptions options);
  ~Pool();

  // Runs `fn` in a read-write transaction and commits when it returns OK.
  // Retries the whole unit (up to 3 tries) on serialization failure,
  // deadlock or a broken connection. Exceptions from libpqxx are mapped with
  // MapException and never escape.
  absl::Status Transact(const std::function<absl::Status(pqxx::work&)>& fn);

  // Runs `fn` with a connection of its own, outside a transaction.
  absl::Status WithConnection(const std::function<absl::Status(pqxx::connection&)>& fn);

  const std::string& dsn() const { return options_.dsn; }

 private:
  explicit Pool(PoolOptions options) : options_(std::move(options)) {}
  absl::StatusOr<std::unique_ptr<pqxx::connection>> Connect() const;
  absl::StatusOr<std::unique_ptr<pqxx::connection>> Take();
  void Give(std::unique_ptr<pqxx::connection> conn);

  PoolOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  int open_ = 0;
};

// Maps a libpqxx (or std) exception to the most specific status:
// unique_violation → ALREADY_EXISTS, foreign key / check violations →
// FAILED_PRECONDITION, serialization failure / deadlock → ABORTED,
// broken connection → UNAVAILABLE, statement timeout → DEADLINE_EXCEEDED,
// anything else → INTERNAL. The message never contains SQL parameters.
absl::Status MapException(const std::exception& e);

// Opens a connection (no pool); for tools and the migration runner.
absl::StatusOr<std::unique_ptr<pqxx::connection>> Open(const std::string& dsn);

// Applies the pending migrations of `dir` (files NNNN_name.sql), each in a
// transaction of its own, under an advisory lock so that concurrent runners
// are safe. Returns how many were applied. FAILED_PRECONDITION when the
// database is at a version newer than `dir` knows.
absl::StatusOr<int> Migrate(const std::string& dsn, const std::string& dir);

// The highest applied migration (0 for an empty database).
absl::StatusOr<int> SchemaVersion(pqxx::connection& conn);

// Binary values (protobuf payloads) to and from bytea.
pqxx::binarystring Bytes(const std::string& data);
std::string FromBytea(const pqxx::field& field);

}  // namespace clara::db
