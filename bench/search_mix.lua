-- wrk request mix for bench/http_search_bench.sh: names as typed, with typos, as prefixes,
-- with filters and sorts, and filter-only browsing, in a fixed order.
local paths = {
  "/v1/search/celebrities?q=maria", "/v1/search/celebrities?q=john%20smith",
  "/v1/search/celebrities?q=jon%20smyth", "/v1/search/celebrities?q=taylor%20swift",
  "/v1/search/celebrities?q=tay", "/v1/search/celebrities?q=beyonse",
  "/v1/search/celebrities?q=muller", "/v1/search/celebrities?q=garcia&category=musicians",
  "/v1/search/celebrities?q=chef&city=London", "/v1/search/celebrities?q=anna&sort=price_asc",
  "/v1/search/celebrities?q=kim&country=kr", "/v1/search/celebrities?q=singer%20berlin",
  "/v1/search/celebrities?q=alexandre", "/v1/search/celebrities?q=aleksander",
  "/v1/search/celebrities?q=rossi&minPrice=100&maxPrice=1000",
  "/v1/search/celebrities?q=comedian&verified=true", "/v1/search/celebrities?q=schmidt",
  "/v1/search/celebrities?q=yamamoto", "/v1/search/celebrities?q=%E7%8E%8B",
  "/v1/search/celebrities?q=oconnor", "/v1/search/celebrities?q=lucas%20martin",
  "/v1/search/celebrities?q=footballer&minRating=4.5",
  "/v1/celebrities?category=actors&sort=rating", "/v1/celebrities?city=Paris&verified=true",
  "/v1/search/celebrities?q=sofia&availableFrom=2026-12-10&availableTo=2026-12-20",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
