#include "server/raw_query.h"

#include <string_view>
#include <vector>

#include "server/private_member.h"

namespace starry::server {

// Reading two private members of Pistache's parser (see server/private_member.h). The tags
// live in starry::server, where PrivateMember defines their Get().
struct ParserBuffer {
  using type = Pistache::ArrayStreamBuf<char> Pistache::Http::Private::ParserBase::*;
  friend type Get(ParserBuffer);
};
template struct PrivateMember<ParserBuffer, &Pistache::Http::Private::ParserBase::buffer>;

struct BufferBytes {
  using type = std::vector<char> Pistache::ArrayStreamBuf<char>::*;
  friend type Get(BufferBytes);
};
template struct PrivateMember<BufferBytes, &Pistache::ArrayStreamBuf<char>::bytes>;

std::string RawQueryString(const Pistache::Http::ResponseWriter& response) {
  auto peer = response.peer();
  if (!peer) return "";
  auto parser = Pistache::Http::Handler::getParser(peer);
  if (!parser) return "";
  const std::vector<char>& bytes = ((*parser).*Get(ParserBuffer{})).*Get(BufferBytes{});
  std::string_view raw(bytes.data(), bytes.size());
  std::string_view line = raw.substr(0, raw.find("\r\n"));
  // METHOD SP request-target SP HTTP-version
  auto first = line.find(' ');
  auto last = line.rfind(' ');
  if (first == std::string_view::npos || last <= first) return "";
  std::string_view target = line.substr(first + 1, last - first - 1);
  auto question = target.find('?');
  if (question == std::string_view::npos) return "";
  std::string_view query = target.substr(question + 1);
  return std::string(query.substr(0, query.find('#')));
}

}  // namespace starry::server
