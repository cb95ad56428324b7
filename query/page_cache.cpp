#include "query/page_cache.h"

#include <fcntl.h>
#include <unistd.h>

#include <system_error>
#include <vector>

namespace starry::query {

uint64_t WarmPageCache(const std::filesystem::path& dir, const std::stop_token& stop) {
  uint64_t total = 0;
  std::error_code ec;
  std::vector<char> buffer(size_t{1} << 20);
  // The error_code forms throughout: this runs on a thread of its own, where a throw ends the
  // process.
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const int fd = open(it->path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    (void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    ssize_t n = 0;
    while (!stop.stop_requested() && (n = read(fd, buffer.data(), buffer.size())) > 0) {
      total += static_cast<uint64_t>(n);
    }
    close(fd);
    if (stop.stop_requested()) break;
  }
  return total;
}

}  // namespace starry::query
