#include "server/health_handlers.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "server/http_reply.h"
#include "server/json_response.h"

namespace starry::server {

void GetHealth(const Pistache::Rest::Request&, Pistache::Http::ResponseWriter response) {
  ReplyData(response, R"({"status":"ok"})");
}

void GetReady(const std::vector<ReadinessProbe>& probes, const Pistache::Rest::Request&,
              Pistache::Http::ResponseWriter response) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  bool ready = true;
  w.StartObject();
  w.Key("checks");
  w.StartObject();
  for (const auto& probe : probes) {
    Status s = probe.check();
    ready = ready && s.has_value();
    w.Key(probe.name.c_str());
    w.String(s ? "ok" : s.error().message);
  }
  w.EndObject();
  w.Key("status");
  w.String(ready ? "ready" : "not ready");
  w.EndObject();
  if (ready) {
    ReplyData(response, buf.GetString());
  } else {
    ReplyJson(response, Pistache::Http::Code::Service_Unavailable,
              std::string(R"({"success":false,"error":{"code":"UNAVAILABLE","message":)") +
                  R"("not ready","details":[]},"data":)" + buf.GetString() + "}");
  }
}

}  // namespace starry::server
