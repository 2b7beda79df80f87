-- Status counting for wrk, loaded with dofile (BENCH_LUA_DIR) by the counting scripts only:
-- bench/lua/count.lua (run.sh's short, unmeasured run before each measured one) and
-- bench/tools/mixed.lua (faults.sh and soak.sh, which judge statuses, not speed). Its response()
-- callback makes wrk parse every answer in Lua, so no throughput or latency figure of the bench is
-- ever taken from a run that loads it: those come from bench/lua/lean.lua, which has no callback.
-- Counts statuses per thread in response() and prints one machine-readable line in done():
--   BENCH_RESULT requests=.. rps=.. p50=.. p95=.. p99=.. max=.. (ms) bad=.. s2xx=.. s304=.. ...
-- "bad" is every status outside 2xx/3xx (304 is a success), plus socket errors and timeouts.

local threads = {}
local counters = { "s2xx", "s202", "s304", "s3xx", "s4xx", "s429", "s5xx", "other" }

function setup(thread)
   table.insert(threads, thread)
   thread:set("tid", #threads)
end

-- Per-thread state; each thread has its own Lua VM, so these globals are not shared.
function init_counters()
   for _, name in ipairs(counters) do _G[name] = 0 end
   math.randomseed(1000 + tid)
end

function read_lines(path)
   local lines = {}
   local file = assert(io.open(path, "r"), "cannot read " .. tostring(path))
   for line in file:lines() do
      if line ~= "" then table.insert(lines, line) end
   end
   file:close()
   assert(#lines > 0, path .. " is empty")
   return lines
end

function response(status, headers, body)
   if status >= 200 and status < 300 then
      s2xx = s2xx + 1
      if status == 202 then s202 = s202 + 1 end
   elseif status == 304 then
      s304 = s304 + 1
   elseif status >= 300 and status < 400 then
      s3xx = s3xx + 1
   elseif status >= 400 and status < 500 then
      s4xx = s4xx + 1
      if status == 429 then s429 = s429 + 1 end
   elseif status >= 500 then
      s5xx = s5xx + 1
   else
      other = other + 1
   end
end

function done(summary, latency, requests)
   local total = {}
   for _, name in ipairs(counters) do total[name] = 0 end
   for _, thread in ipairs(threads) do
      for _, name in ipairs(counters) do total[name] = total[name] + (thread:get(name) or 0) end
   end
   local e = summary.errors
   local socket = e.connect + e.read + e.write + e.timeout
   local seconds = summary.duration / 1e6
   local ms = function(us) return us / 1000 end
   io.write(string.format(
      "BENCH_RESULT requests=%d rps=%.1f p50=%.2f p95=%.2f p99=%.2f max=%.2f bad=%d " ..
      "s2xx=%d s202=%d s304=%d s3xx=%d s4xx=%d s429=%d s5xx=%d socket=%d bytes_per_req=%.0f\n",
      summary.requests, summary.requests / seconds,
      ms(latency:percentile(50)), ms(latency:percentile(95)), ms(latency:percentile(99)), ms(latency.max),
      total.s4xx + total.s5xx + total.other + socket,
      total.s2xx, total.s202, total.s304, total.s3xx, total.s4xx, total.s429, total.s5xx, socket,
      summary.requests > 0 and summary.bytes / summary.requests or 0))
end
