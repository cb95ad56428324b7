-- wrk request mix for suggestions (bench/query_log_bench.sh with STARRY_BENCH_MIX): prefixes
-- of 1 to 12 characters as people type them, of common and of hand-made names, some with a
-- typo, some with a second word, two with a filter; in a fixed order.
local prefixes = {
  "t", "ta", "tay", "tayl", "taylo", "taylor", "taylor s", "taylor swi", "taylr sw",
  "m", "ma", "mar", "mari", "maria", "maria g", "maria garc", "mraia",
  "j", "jo", "joh", "john", "john s", "john smit", "jon smyth",
  "b", "be", "bey", "beyo", "beyon", "beyonse",
  "a", "al", "ale", "alex", "alexa", "alexand", "alexandre d", "aleksandr",
  "s", "so", "sof", "sofi", "sofia", "sofia m",
  "k", "ki", "kim", "kim j", "yamamoto", "yamamot", "muller", "mueller", "schmidt", "shmidt",
  "%E5%91%A8", "zhou", "zhou j",
}
local paths = {}
for _, p in ipairs(prefixes) do
  table.insert(paths, "/v1/search/suggestions?q=" .. p:gsub(" ", "%%20"))
end
table.insert(paths, "/v1/search/suggestions?q=ma&category=musicians")
table.insert(paths, "/v1/search/suggestions?q=an&city=Berlin")
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
