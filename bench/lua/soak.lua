-- wrk script of bench/soak.py: each request takes the next path of the list given after
-- "--" (every thread starting at its own place; every fourth with a random parameter
-- added), and the answers are counted by status,
-- printed at the end as "status <code> <count>" lines for the script to read.

local paths = {}
local position = 0
statuses = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("start", #threads * 13)
end

function init(args)
  for _, path in ipairs(args) do
    table.insert(paths, path)
  end
  position = start % #paths
end

-- Every fourth request carries a random parameter no page reads (as a tracker or an
-- attacker would add): the page cache must ignore it, not fill Redis with it.
function request()
  position = position % #paths + 1
  local path = paths[position]
  if position % 4 == 0 then
    local separator = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. separator .. "utm_x=" .. math.random(1, 1000000000)
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("statuses")) do
      total[code] = (total[code] or 0) + count
    end
  end
  for code, count in pairs(total) do
    io.write(string.format("status %d %d\n", code, count))
  end
end
