// Every metric family of the ingest service.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace clara::ingest {

struct IngestMetrics {
  explicit IngestMetrics(prometheus::Registry& registry);
  // {outcome}: accepted, duplicate, unselected_job, rescreen, unknown_event,
  // unauthenticated, bad_signature, malformed, too_large (413: over 1 MiB on
  // the wire or inflated), too_deep (400: JSON nested over 64 levels),
  // invalid_text (400: a NUL in the body), disconnected, error.
  prometheus::Family<prometheus::Counter>* webhooks;
  prometheus::Family<prometheus::Histogram>* webhook_duration;  // {outcome}
  // {outcome}: extracted, none, url_expired, download_retry (a transient
  // download error, retried), download_failed, unreadable, reread_failed.
  prometheus::Family<prometheus::Counter>* resumes;
  // {outcome}: what the PDF sandbox made of a downloaded résumé (extracted,
  // not_pdf, unreadable, encrypted, too_many_pages, too_large, text_too_long,
  // no_text, cpu_limit, memory_limit, timeout, crashed, bad_output).
  prometheus::Family<prometheus::Counter>* pdf_texts;
  prometheus::Family<prometheus::Counter>* grpc_requests;  // {grpc_method, code}
  // {outcome}: applied, unauthenticated, bad_signature, malformed, too_large,
  // too_deep, invalid_text, error.
  prometheus::Family<prometheus::Counter>* company_webhooks;
};

}  // namespace clara::ingest
