// clara-ingest: wiring only. See README.md for what it does and its options.
#include <unistd.h>

#include <memory>

#include "absl/strings/str_cat.h"

#include "common/db.h"
#include "common/log.h"
#include "common/metrics.h"
#include "common/queue.h"
#include "common/rate_limiter.h"
#include "common/server.h"
#include "common/service_main.h"
#include "common/teamtailor_client.h"
#include "common/worker.h"
#include "services/ingest/evidence_fetcher.h"
#include "services/ingest/http_server.h"
#include "services/ingest/ingest_store.h"
#include "services/ingest/integration_service.h"
#include "services/ingest/job_sync.h"
#include "services/ingest/jobs_store.h"
#include "services/ingest/metrics.h"
#include "services/ingest/pdf_sandbox.h"


int main(int argc, char** argv) {
  using namespace clara;
  server::BlockShutdownSignals();

  Config config("clara-ingest", "Teamtailor partner webhooks in, candidate evidence out (and the admin API)");
  CommonOptions common;
  AddCommonOptions(config, &common, 50051, 9101, /*needs_secret_key=*/true);
  int http_port, worker_concurrency;
  std::string webhook_secret, tt_base_url, tt_api_version, public_base_url, worker_id;
  std::vector<std::string> include, exclude;
  config.Int("http_port", &http_port, 8080, "HTTP port for the Teamtailor webhooks, /healthz and /readyz", 0, 65535);
  config.String("partner_webhook_secret", &webhook_secret, "",
                "the webhook secret Teamtailor holds for CLARA (verifies Teamtailor-Signature)", true, true);
  std::string company_secret;
  int job_sync_minutes;
  config.String("company_webhook_secret", &company_secret, "",
                "secret of company webhooks (TT-Signature v2); default: the partner webhook secret", false, true);
  config.Int("job_sync_interval_minutes", &job_sync_minutes, 15,
             "incremental job sync for every active integration this often", 1, 24 * 60);
  config.String("teamtailor_base_url", &tt_base_url, "https://api.teamtailor.com/v1", "Teamtailor public API base URL");
  config.String("teamtailor_api_version", &tt_api_version, "20240404", "X-Api-Version sent to Teamtailor");
  config.String("public_base_url", &public_base_url, "", "the public URL of this service's /teamtailor base (for links)");
  config.Int("worker_concurrency", &worker_concurrency, 4, "résumé fetches in parallel", 1, 64);
  config.String("worker_id", &worker_id, "", "this process's id in work-item leases (default: host name + pid)");
  config.List("integrations", &include, "serve only these integration ids (dedicated tenant pool)");
  config.List("exclude_integrations", &exclude, "never serve these integration ids (they have a dedicated pool)");
  RateLimitOptions rate;
  AddRateLimitOptions(config, &rate);
  // Résumé PDFs are read by a helper process under these limits (services/ingest/pdf_sandbox.h).
  std::string pdf_helper;
  int pdf_max_kb, pdf_max_text_kb, pdf_max_pages, pdf_cpu_seconds, pdf_memory_mb, pdf_timeout_seconds, download_tries;
  config.String("pdf_text_helper", &pdf_helper, ingest::DefaultPdfHelperPath(),
                "the PDF text helper executable (absolute path; default: clara-pdf-text beside clara-ingest)");
  config.Int("pdf_max_kb", &pdf_max_kb, 20 * 1024, "largest résumé downloaded and read, in KiB", 1, 512 * 1024);
  config.Int("pdf_max_text_kb", &pdf_max_text_kb, 1024, "most résumé text kept, in KiB (more: a résumé problem)", 1,
             64 * 1024);
  config.Int("pdf_max_pages", &pdf_max_pages, 50, "a résumé PDF with more pages is a résumé problem", 1, 100000);
  config.Int("pdf_cpu_seconds", &pdf_cpu_seconds, 10, "CPU seconds the PDF helper may use per résumé (RLIMIT_CPU)", 1,
             600);
  config.Int("pdf_memory_mb", &pdf_memory_mb, 256, "address space of the PDF helper in MiB (RLIMIT_AS)", 64,
             64 * 1024);
  int pdf_concurrency;
  config.Int("pdf_concurrency", &pdf_concurrency, 2,
             "PDF helpers at once (the container's memory must hold pdf_concurrency × pdf_memory_mb more)", 1, 64);
  config.Int("pdf_timeout_seconds", &pdf_timeout_seconds, 30, "wall-clock time per résumé PDF before the helper is killed",
             1, 3600);
  config.Int("resume_download_tries", &download_tries, 3,
             "résumé download tries per work-item attempt on 5xx, 429, timeouts (then the queue retries)", 1, 10);
  ParseOrExit(config, common, "clara-ingest", argc, argv);
  if (auto s = ingest::CheckPdfHelper(pdf_helper); !s.ok()) ExitOnError("--pdf_text_helper", s);

  auto box = crypto::SecretBox::FromBase64Key(common.secret_key);
  if (!box.ok()) ExitOnError("bad --secret_key", box.status());
  db::Statements statements = queue::Statements();
  for (const auto& s : ingest::IngestStore::Statements()) statements.push_back(s);
  for (const auto& s : ingest::JobsStore::Statements()) statements.push_back(s);
  for (const auto& s : ratelimit::PgRateLimiter::Statements()) statements.push_back(s);
  auto pool = db::Pool::Create({.dsn = common.database_url, .size = common.db_pool_size,
                                .statement_timeout_ms = common.statement_timeout_ms, .statements = statements});
  if (!pool.ok()) ExitOnError("database unavailable", pool.status());
  auto metrics_server = metrics::Server::Start(common.metrics_port);
  if (!metrics_server.ok()) ExitOnError("metrics server", metrics_server.status());
  ingest::IngestMetrics metrics((*metrics_server)->registry());
  metrics::QueueDepthReporter depth(pool->get(), (*metrics_server)->registry(), "ingest");
  worker::Purger purger(pool->get(), {.done = absl::Hours(24) * common.work_item_retention_days,
                                      .dead = absl::Hours(24) * common.dead_work_item_retention_days});

  // One budget per Teamtailor key shared with every ingest and writeback replica.
  std::unique_ptr<ratelimit::PgRateLimiter> limiter = MakeRateLimiter(pool->get(), rate);
  teamtailor::ClientOptions client_options;
  client_options.limiter = limiter.get();
  client_options.base_url = tt_base_url;
  client_options.api_version = tt_api_version;
  teamtailor::Client client(client_options);
  ingest::IngestStore store(pool->get(), &*box);
  ingest::JobsStore jobs(pool->get());
  ingest::JobSync sync(&store, &jobs, &client);

  ingest::HttpServer http(
      {.port = http_port, .partner_webhook_secret = webhook_secret, .company_webhook_secret = company_secret}, &store,
      &jobs, &sync, pool->get(), &metrics);
  if (auto s = http.Start(); !s.ok()) ExitOnError("http server", s);

  ingest::IntegrationServiceImpl integration_service(&store, &jobs, &sync, &client, &metrics);
  auto grpc_server = server::GrpcServer::Start(common.grpc_port, {&integration_service});
  if (!grpc_server.ok()) ExitOnError("grpc server", grpc_server.status());

  if (worker_id.empty()) worker_id = absl::StrCat("ingest-", getpid());
  queue::Queue queue(pool->get(), worker_id);
  ingest::ResumeOptions resume_options;
  resume_options.pdf = {.helper_path = pdf_helper,
                        .max_input_bytes = static_cast<size_t>(pdf_max_kb) << 10,
                        .max_text_bytes = static_cast<size_t>(pdf_max_text_kb) << 10,
                        .max_pages = pdf_max_pages,
                        .cpu_seconds = pdf_cpu_seconds,
                        .memory_bytes = static_cast<size_t>(pdf_memory_mb) << 20,
                        .timeout = absl::Seconds(pdf_timeout_seconds)};
  resume_options.download_tries = download_tries;
  resume_options.pdf_concurrency = pdf_concurrency;
  ingest::EvidenceFetcher fetcher(&store, &jobs, &client, &metrics, resume_options);
  const auto worker_families = metrics::WorkerFamilies::Create((*metrics_server)->registry(), "ingest");
  worker::Worker worker(pool->get(), &queue,
                        {.queue = ingest::kResumeQueue, .concurrency = worker_concurrency,
                         .tenants = {.include = include, .exclude = exclude}},
                        [&](const queue::WorkItem& item) { return fetcher.Handle(item); }, worker_families);
  worker.Start();
  worker::Worker sync_worker(pool->get(), &queue,
                             {.queue = ingest::kJobSyncQueue, .concurrency = 1,
                              .tenants = {.include = include, .exclude = exclude}},
                             [&](const queue::WorkItem& item) -> absl::Status {
                               integrations::v1::SyncJobsRequest task;
                               if (!task.ParseFromString(item.payload)) {
                                 return absl::InvalidArgumentError("corrupt job-sync task");
                               }
                               auto n = task.full() ? sync.Full(task.integration_id())
                                                    : sync.Incremental(task.integration_id());
                               return n.status();
                             },
                             worker_families);
  sync_worker.Start();
  ingest::BackgroundJobs background(&sync, &jobs, &store, absl::Minutes(job_sync_minutes));
  log::Info("clara-ingest ready", {{"http_port", http.port()},
                                   {"grpc_port", (*grpc_server)->port()},
                                   {"metrics_port", (*metrics_server)->port()}});

  const std::string signal = server::WaitForShutdownSignal();
  log::Info("draining", {{"signal", signal}, {"drain_seconds", common.drain_seconds}});
  const absl::Duration drain = absl::Seconds(common.drain_seconds);
  http.SetDraining();
  http.Stop();
  (*grpc_server)->Shutdown(drain / 2);
  worker.Stop(drain / 2);
  sync_worker.Stop(absl::Seconds(1));
  log::Info("clara-ingest stopped");
  return 0;
}
