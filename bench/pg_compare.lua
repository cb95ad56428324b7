-- wrk side of bench/pg_compare.sh: the queries of bench/compare_queries.tsv, in order.
local paths = {}
for line in io.lines(os.getenv("STARRY_COMPARE_QUERIES")) do
  if line:sub(1, 1) ~= "#" then
    local q, cat = line:match("^([^\t]*)\t?(.*)$")
    local function enc(s)
      return (s:gsub("[^%w%-_.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
    end
    local path = q ~= "" and "/v1/search/celebrities?q=" .. enc(q) or "/v1/celebrities?limit=20"
    if cat ~= "" then path = path .. (q ~= "" and "&" or "&") .. "category=" .. enc(cat) end
    table.insert(paths, path)
  end
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
