// Sends partner events (and action callbacks) to the partner's HTTP endpoint on a background
// thread, one at a time in the order queued, so the request that caused an event never waits for
// the partner. Like Teamtailor it does not retry: each delivery is attempted once and its outcome
// is reported to a callback.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace clara::ttsim {

class WebhookSender {
 public:
  struct Delivery {
    std::string event_id;
    std::string endpoint;  // "webhook" or an action endpoint, for the record
    std::string url;       // absolute http(s) URL
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    // Extra headers computed at send time (the signature carries the send time).
    std::function<std::vector<std::pair<std::string, std::string>>()> late_headers;
  };
  struct Outcome {
    int status = 0;      // 0: no HTTP response
    std::string body;    // response body (truncated)
    std::string error;   // transport error, when status == 0
  };
  using DoneCallback = std::function<void(const Delivery&, const Outcome&)>;

  explicit WebhookSender(DoneCallback done);
  ~WebhookSender();

  void Start();
  // Stops after the delivery in flight; queued deliveries are dropped and reported as failed.
  void Stop();
  void Enqueue(Delivery d);

 private:
  void Run();
  Outcome Send(const Delivery& d);

  DoneCallback done_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Delivery> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

// Splits "http://host:port/base/path" into {"http://host:port", "/base/path"}. Empty on error.
std::pair<std::string, std::string> SplitUrl(const std::string& url);

}  // namespace clara::ttsim
