#include "analytics/report_format.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace starry::analytics {
namespace {

std::string CsvField(const std::string& value) {
  // Quote always when needed; also defuse spreadsheet formulas (=, +, -, @ first).
  bool formula =
      !value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@');
  std::string v = formula ? "'" + value : value;
  if (v.find_first_of(",\"\r\n") == std::string::npos && !formula) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

}  // namespace

std::string_view ReportKindName(ReportKind kind) {
  return kind == ReportKind::kZeroResults ? "zero-results" : "popular-queries";
}

std::string ReportJson(const Report& report) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("report");
  w.String(std::string(ReportKindName(report.request.kind)));
  w.Key("from");
  w.String(FormatTimestamp(report.request.from));
  w.Key("to");
  w.String(FormatTimestamp(report.request.to));
  w.Key("keystrokeWindowSeconds");
  w.Int64(kKeystrokeWindow.count());
  w.Key("queries");
  w.StartArray();
  for (const auto& row : report.rows) {
    w.StartObject();
    w.Key("query");
    w.String(row.query);
    w.Key("example");
    w.String(row.example);
    w.Key("count");
    w.Int64(row.count);
    w.Key("sessions");
    w.Int64(row.sessions);
    w.Key("zeroResults");
    w.Int64(row.zero_results);
    w.Key("firstSeen");
    w.String(row.first_seen);
    w.Key("lastSeen");
    w.String(row.last_seen);
    w.Key("cause");
    if (row.cause.empty()) {
      w.Null();
    } else {
      w.String(row.cause);
    }
    w.Key("filters");
    rapidjson::Document filters;  // stored as jsonb: valid JSON, re-emitted as an object
    filters.Parse(row.filters.c_str());
    if (filters.HasParseError()) {
      w.StartObject();
      w.EndObject();
    } else {
      filters.Accept(w);
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buf.GetString();
}

std::string ReportCsv(const Report& report) {
  std::string out =
      "query,example,count,sessions,zero_results,first_seen,last_seen,cause,filters\n";
  for (const auto& row : report.rows) {
    out += CsvField(row.query) + ',' + CsvField(row.example) + ',' + std::to_string(row.count) +
           ',' + std::to_string(row.sessions) + ',' + std::to_string(row.zero_results) + ',' +
           row.first_seen + ',' + row.last_seen + ',' + row.cause + ',' + CsvField(row.filters) +
           '\n';
  }
  return out;
}

}  // namespace starry::analytics
