#include "services/ingest/metrics.h"

namespace clara::ingest {

IngestMetrics::IngestMetrics(prometheus::Registry& registry)
    : webhooks(&prometheus::BuildCounter()
                    .Name("clara_ingest_webhooks_total")
                    .Help("Partner webhooks received, by outcome.")
                    .Register(registry)),
      webhook_duration(&prometheus::BuildHistogram()
                            .Name("clara_ingest_webhook_duration_seconds")
                            .Help("Time to answer a partner webhook, by outcome.")
                            .Register(registry)),
      resumes(&prometheus::BuildCounter()
                   .Name("clara_ingest_resumes_total")
                   .Help("Résumé fetches, by outcome.")
                   .Register(registry)),
      pdf_texts(&prometheus::BuildCounter()
                     .Name("clara_ingest_pdf_texts_total")
                     .Help("Résumé PDFs through the text sandbox, by outcome.")
                     .Register(registry)),
      grpc_requests(&prometheus::BuildCounter()
                         .Name("clara_ingest_grpc_requests_total")
                         .Help("gRPC calls handled, by method and status code.")
                         .Register(registry)),
      company_webhooks(&prometheus::BuildCounter()
                            .Name("clara_ingest_company_webhooks_total")
                            .Help("Company webhooks (job, candidate, application changes), by outcome.")
                            .Register(registry)) {}

}  // namespace clara::ingest
