// Implementation of webhook_sender.h on cpp-httplib.
#include "tools/teamtailor-sim/webhook_sender.h"

#include <httplib.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace clara::ttsim {

std::pair<std::string, std::string> SplitUrl(const std::string& url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return {};
  std::string scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return {};
  size_t path_start = url.find('/', scheme_end + 3);
  if (path_start == std::string::npos) return {url, "/"};
  return {url.substr(0, path_start), url.substr(path_start)};
}

WebhookSender::WebhookSender(DoneCallback done) : done_(std::move(done)) {}

WebhookSender::~WebhookSender() { Stop(); }

void WebhookSender::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void WebhookSender::Stop() {
  std::deque<Delivery> dropped;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard<std::mutex> lock(mu_);
    dropped.swap(queue_);
  }
  for (const Delivery& d : dropped) done_(d, {0, "", "simulator stopped before delivery"});
}

void WebhookSender::Enqueue(Delivery d) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(d));
  }
  cv_.notify_one();
}

void WebhookSender::Run() {
  for (;;) {
    Delivery d;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      d = std::move(queue_.front());
      queue_.pop_front();
    }
    Outcome outcome = Send(d);
    done_(d, outcome);
  }
}

WebhookSender::Outcome WebhookSender::Send(const Delivery& d) {
  auto [origin, path] = SplitUrl(d.url);
  if (origin.empty()) return {0, "", absl::StrCat("invalid partner URL: ", d.url)};
  httplib::Client client(origin);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(15, 0);
  client.set_write_timeout(5, 0);
  httplib::Headers headers;
  for (const auto& [k, v] : d.headers) headers.emplace(k, v);
  if (d.late_headers) {
    for (const auto& [k, v] : d.late_headers()) headers.emplace(k, v);
  }
  httplib::Result res = client.Post(path, headers, d.body, "application/json");
  if (!res) return {0, "", absl::StrCat("connection error: ", httplib::to_string(res.error()))};
  std::string body = res->body.substr(0, 2000);
  return {res->status, body, ""};
}

}  // namespace clara::ttsim
