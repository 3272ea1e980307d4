#include "common/worker.h"

#include <chrono>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/status.h"

namespace clara::worker {
bool IsPermanent(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnauthenticated:
      return true;
    default:
      return false;
  }
}

Worker::Worker(db::Pool* pool, queue::Queue* queue, Options options, Handler handler,
               metrics::WorkerFamilies families)
    : pool_(pool),
      queue_(queue),
      options_(std::move(options)),
      handler_(std::move(handler)),
      families_(families) {}

Worker::~Worker() { Stop(absl::ZeroDuration()); }

void Worker::Start() {
  threads_.emplace_back([this] { ListenLoop(); });
  threads_.emplace_back([this] { DispatchLoop(); });
  threads_.emplace_back([this] { HeartbeatLoop(); });
  for (int i = 0; i < options_.concurrency; ++i) threads_.emplace_back([this] { RunLoop(); });
}

void Worker::Wake() {
  std::lock_guard<std::mutex> lock(mu_);
  woken_ = true;
  wake_cv_.notify_all();
}

void Worker::Stop(absl::Duration drain) {
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (threads_.empty()) return;
    stopping_ = true;
    // Claimed but not started: hand back by letting the lease lapse is slow;
    // run them instead, they are part of the drain.
    wake_cv_.notify_all();
    work_cv_.notify_all();
    idle_cv_.notify_all();
    idle_cv_.wait_for(lock, absl::ToChronoNanoseconds(drain),
                      [&] { return in_flight_.empty() && ready_.empty(); });
  }
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void Worker::ListenLoop() {
  // A dedicated connection: LISTEN needs a session of its own.
  while (true) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
    }
    auto conn = db::Open(pool_->dsn());
    if (!conn.ok()) {
      log::Warning("listen connection failed; polling only", {{"queue", options_.queue}});
      std::unique_lock<std::mutex> lock(mu_);
      wake_cv_.wait_for(lock, std::chrono::seconds(2), [&] { return stopping_; });
      continue;
    }
    struct Receiver : pqxx::notification_receiver {
      Receiver(pqxx::connection& c, Worker* w) : pqxx::notification_receiver(c, queue::kNotifyChannel), worker(w) {}
      void operator()(const std::string& payload, int) override {
        if (payload == worker->options_.queue) worker->Wake();
      }
      Worker* worker;
    };
    try {
      Receiver receiver(**conn, this);
      while (true) {
        {
          std::lock_guard<std::mutex> lock(mu_);
          if (stopping_) return;
        }
        (*conn)->await_notification(0, 250000);
      }
    } catch (const std::exception& e) {
      log::Warning("listen connection lost; reconnecting", {{"queue", options_.queue}});
    }
  }
}

void Worker::DispatchLoop() {
  while (true) {
    int free_slots;
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (stopping_) return;
      free_slots = options_.concurrency - static_cast<int>(in_flight_.size() + ready_.size());
      if (free_slots <= 0) {
        wake_cv_.wait(lock, [&] {
          return stopping_ || options_.concurrency > static_cast<int>(in_flight_.size() + ready_.size());
        });
        continue;
      }
      woken_ = false;
    }
    auto items = queue_->Claim(options_.queue, free_slots, options_.lease, options_.tenants);
    // A retry due before the next poll sets the wait (its NOTIFY came early).
    absl::Duration wait = options_.poll_interval;
    if (items.ok() && static_cast<int>(items->size()) < free_slots) {
      if (auto due = queue_->NextDueIn(options_.queue, options_.tenants); due.ok() && due->has_value()) {
        wait = std::min(wait, std::max(**due, absl::Milliseconds(20)));
      }
    }
    std::unique_lock<std::mutex> lock(mu_);
    if (!items.ok()) {
      log::Warning("claim failed", {{"queue", options_.queue}, {"code", absl::StatusCodeToString(items.status().code())}});
    } else {
      for (auto& item : *items) {
        in_flight_.insert(item.id);
        ready_.push_back(std::move(item));
      }
      work_cv_.notify_all();
      // A full batch means there may be more: claim again at once.
      if (!items->empty() && static_cast<int>(items->size()) == free_slots) continue;
    }
    wake_cv_.wait_for(lock, absl::ToChronoNanoseconds(wait), [&] { return stopping_ || woken_; });
  }
}

void Worker::RunLoop() {
  while (true) {
    queue::WorkItem item;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_cv_.wait(lock, [&] { return !ready_.empty() || (stopping_ && ready_.empty()); });
      if (ready_.empty()) return;
      item = std::move(ready_.front());
      ready_.pop_front();
    }
    Handle(item);
    std::lock_guard<std::mutex> lock(mu_);
    in_flight_.erase(item.id);
    wake_cv_.notify_all();
    idle_cv_.notify_all();
  }
}

void Worker::HeartbeatLoop() {
  const absl::Duration every = options_.lease / 3;
  while (true) {
    std::vector<int64_t> ids;
    {
      std::unique_lock<std::mutex> lock(mu_);
      idle_cv_.wait_for(lock, absl::ToChronoNanoseconds(every), [&] { return stopping_ && in_flight_.empty(); });
      if (stopping_ && in_flight_.empty()) return;
      ids.assign(in_flight_.begin(), in_flight_.end());
    }
    if (auto r = queue_->Heartbeat(ids, options_.lease); !r.ok()) {
      log::Warning("heartbeat failed", {{"queue", options_.queue}});
    }
  }
}

void Worker::Handle(const queue::WorkItem& item) {
  const absl::Time start = absl::Now();
  absl::Status status;
  try {
    status = handler_(item);
  } catch (const std::exception& e) {
    status = absl::InternalError(absl::StrCat("unexpected exception: ", e.what()));
  }
  std::string outcome;
  if (status.ok()) {
    auto s = queue_->Complete(item);
    outcome = s.ok() ? "done" : "lease_lost";
  } else {
    auto state = queue_->Fail(item, status.ToString(absl::StatusToStringMode::kWithNoExtraData),
                              IsPermanent(status), clara::GetRetryAfter(status));
    outcome = state.ok() ? (*state == "dead" ? "dead" : "retry") : "lease_lost";
    (outcome == "dead" ? log::Error : log::Warning)(
        "work item failed", {{"queue", item.queue}, {"work_item_id", item.id}, {"attempt", item.attempts},
                             {"outcome", outcome}, {"error", std::string(status.message()).substr(0, 300)}});
  }
  families_.items->Add({{"queue", item.queue}, {"outcome", outcome}}).Increment();
  families_.duration->Add({{"queue", item.queue}}, metrics::LatencyBuckets())
      .Observe(absl::ToDoubleSeconds(absl::Now() - start));
}

Purger::Purger(db::Pool* pool, queue::Retention retention, absl::Duration interval)
    : pool_(pool), retention_(retention), interval_(interval) {
  thread_ = std::thread([this] {
    do {
      auto purged = queue::Purge(pool_, retention_);
      if (!purged.ok()) {
        log::Warning("work item purge failed", {{"code", absl::StatusCodeToString(purged.status().code())}});
      } else if (*purged > 0) {
        log::Info("finished work items purged", {{"count", *purged}});
      }
    } while (!stop_.WaitForNotificationWithTimeout(interval_));
  });
}

Purger::~Purger() {
  stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

}  // namespace clara::worker
