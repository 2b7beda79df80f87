-- GET a random path from a file (one per line), optionally pausing between requests on each
-- connection, so that a long run can be a steady load instead of a saturating one:
--   wrk ... -s bench/tools/mixed.lua URL -- paths.txt [pause_ms]
-- No response() callback (it would make wrk parse every answer in Lua and slow the client): done()
-- prints wrk's own counts in one machine-readable line,
--   BENCH_RESULT requests=.. rps=.. p50=.. p95=.. p99=.. max=.. (ms) bad=.. non2xx3xx=.. socket=..
-- where "bad" is every answer outside 2xx/3xx plus socket errors and time-outs. Which statuses they
-- were comes from the service's own counters (faults.sh, soak.sh).

local paths = {}
local pause_ms = 0
local threads = 0

function setup(thread)
   threads = threads + 1
   thread:set("tid", threads)
end

function init(args)
   math.randomseed(1000 + tid) -- each thread its own sequence of paths
   local file = assert(io.open(args[1], "r"), "cannot read " .. tostring(args[1]))
   for line in file:lines() do
      if line ~= "" then table.insert(paths, line) end
   end
   file:close()
   assert(#paths > 0, args[1] .. " is empty")
   pause_ms = tonumber(args[2] or "0") or 0
end

function request()
   return wrk.format("GET", paths[math.random(#paths)])
end

function delay()
   return pause_ms
end

function done(summary, latency, requests)
   local e = summary.errors
   local socket = e.connect + e.read + e.write + e.timeout
   local ms = function(us) return us / 1000 end
   io.write(string.format(
      "BENCH_RESULT requests=%d rps=%.1f p50=%.2f p95=%.2f p99=%.2f max=%.2f bad=%d non2xx3xx=%d socket=%d\n",
      summary.requests, summary.requests / (summary.duration / 1e6),
      ms(latency:percentile(50)), ms(latency:percentile(95)), ms(latency:percentile(99)), ms(latency.max),
      e.status + socket, e.status, socket))
end
