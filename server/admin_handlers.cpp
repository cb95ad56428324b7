#include "server/admin_handlers.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <iostream>

#include "analytics/report_format.h"
#include "analytics/report_request.h"
#include "server/admin_auth.h"
#include "server/http_reply.h"
#include "server/json_response.h"
#include "server/path_param.h"
#include "server/query_string.h"
#include "server/raw_query.h"

namespace starry::server {

using Pistache::Http::ResponseWriter;
using Pistache::Rest::Request;

namespace {

// RFC 6750: a 401 names the scheme it wants. Typed, because Pistache drops addRaw() headers.
class WwwAuthenticate : public Pistache::Http::Header::Header {
 public:
  NAME("WWW-Authenticate")
  void parse(const std::string&) override {}
  void write(std::ostream& os) const override { os << "Bearer realm=\"starry-admin\""; }
};

// The admin check, answering the request itself when it fails. Returns whether to go on.
bool Authorized(const AdminServices& services, const Request& req, ResponseWriter& res) {
  auto s = CheckAdmin(services.token, services.signer, services.accounts, req);
  if (s) return true;
  if (s.error().code == ErrorCode::kUnauthenticated) res.headers().add<WwwAuthenticate>();
  ReplyError(res, s.error());
  return false;
}

std::string JobJson(const indexer::ReindexJob& job) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("id");
  w.String(job.id);
  w.Key("state");
  w.String(std::string(indexer::JobStateName(job.state)));
  w.Key("docsDone");
  w.Int64(job.progress.done);
  w.Key("docsTotal");
  w.Int64(job.progress.total);
  w.Key("docsPerSecond");
  w.Double(job.progress.seconds > 0 ? static_cast<double>(job.progress.done) / job.progress.seconds
                                    : 0.0);
  w.Key("elapsedSeconds");
  auto end =
      job.state == indexer::JobState::kRunning ? std::chrono::system_clock::now() : job.finished_at;
  w.Double(std::chrono::duration<double>(end - job.started_at).count());
  w.Key("startedAt");
  w.String(analytics::FormatTimestamp(job.started_at));
  w.Key("finishedAt");
  if (job.state == indexer::JobState::kRunning) {
    w.Null();
  } else {
    w.String(analytics::FormatTimestamp(job.finished_at));
  }
  if (job.report) {
    w.Key("documents");
    w.Int64(job.report->documents);
    w.Key("caughtUp");
    w.Int64(job.report->caught_up);
    w.Key("bytes");
    w.Uint64(job.report->bytes);
  }
  if (job.error) {
    w.Key("error");
    w.StartObject();
    w.Key("code");
    w.String(std::string(ErrorCodeName(job.error->code)));
    w.Key("message");  // internal details go to the log, not to clients
    w.String(job.error->code == ErrorCode::kInternal ? "internal error" : job.error->message);
    w.EndObject();
  }
  w.EndObject();
  return buf.GetString();
}

}  // namespace

void AdminHandlers::Report(analytics::ReportKind kind, const Request& req, ResponseWriter& res) {
  if (!Authorized(services_, req, res)) return;
  if (services_.reports == nullptr) {
    return ReplyError(res, Error(ErrorCode::kUnavailable, "the query log is not configured"));
  }
  auto params = ParseQueryString(RawQueryString(res));
  if (!params) return ReplyError(res, params.error());
  auto request = analytics::ParseReportParams(kind, *params, std::chrono::system_clock::now());
  if (!request) return ReplyError(res, request.error());
  auto report = services_.reports->Run(*request);
  if (!report) {
    std::cerr << "starry serve: report failed: " << report.error().message << std::endl;
    return ReplyError(res, Error(ErrorCode::kUnavailable, "the query log cannot be read now"));
  }
  ReplyData(res, analytics::ReportJson(*report));
}

void AdminHandlers::GetZeroResults(const Request& req, ResponseWriter res) {
  Report(analytics::ReportKind::kZeroResults, req, res);
}

void AdminHandlers::GetPopularQueries(const Request& req, ResponseWriter res) {
  Report(analytics::ReportKind::kPopular, req, res);
}

void AdminHandlers::PostReindex(const Request& req, ResponseWriter res) {
  if (!Authorized(services_, req, res)) return;
  if (services_.reindex == nullptr) {
    return ReplyError(res, Error(ErrorCode::kUnavailable, "reindex is not configured"));
  }
  auto params = ParseQueryString(RawQueryString(res));
  if (!params) return ReplyError(res, params.error());
  if (!params->empty()) {
    Error e(ErrorCode::kInvalidArgument, params->begin()->first + ": reindex takes no parameters");
    e.details.push_back(params->begin()->first);
    return ReplyError(res, e);
  }
  auto job = services_.reindex->Start();
  if (!job) return ReplyError(res, job.error());
  res.headers().add<Pistache::Http::Header::Location>("/v1/admin/reindex/" + job->id);
  ReplyJson(res, Pistache::Http::Code::Accepted, SuccessBody(JobJson(*job)));
}

void AdminHandlers::GetReindex(const Request& req, ResponseWriter res) {
  if (!Authorized(services_, req, res)) return;
  if (services_.reindex == nullptr) {
    return ReplyError(res, Error(ErrorCode::kUnavailable, "reindex is not configured"));
  }
  auto job = services_.reindex->Get(PathParam(req, ":id"));
  if (!job) return ReplyError(res, job.error());
  ReplyData(res, JobJson(*job));
}

}  // namespace starry::server
