-- GET a random path from a file (one per line), optionally pausing between requests on each
-- connection, so that a long run can be a steady load instead of a saturating one:
--   wrk ... -s bench/tools/mixed.lua URL -- paths.txt [pause_ms]
-- Counting and the BENCH_RESULT line come from bench/lua/common.lua (BENCH_LUA_DIR must point there).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local paths
local pause_ms = 0

function init(args)
   init_counters()
   paths = read_lines(args[1])
   pause_ms = tonumber(args[2] or "0") or 0
end

function request()
   return wrk.format("GET", paths[math.random(#paths)])
end

function delay()
   return pause_ms
end

-- Which 5xx they were (500 is a bug, 503/504 the documented answers when PostgreSQL is away):
-- one more line after BENCH_RESULT, FAULTS_STATUS s500=.. s503=.. s504=.. s5other=..
local all_threads = {}
local base_setup, base_response, base_done = setup, response, done

function setup(thread)
   base_setup(thread)
   table.insert(all_threads, thread)
end

function response(status, headers, body)
   base_response(status, headers, body)
   if status == 500 then s500 = (s500 or 0) + 1
   elseif status == 503 then s503 = (s503 or 0) + 1
   elseif status == 504 then s504 = (s504 or 0) + 1
   elseif status > 500 then s5other = (s5other or 0) + 1 end
end

function done(summary, latency, requests)
   base_done(summary, latency, requests)
   local t = { s500 = 0, s503 = 0, s504 = 0, s5other = 0 }
   for _, thread in ipairs(all_threads) do
      for name, _ in pairs(t) do t[name] = t[name] + (thread:get(name) or 0) end
   end
   io.write(string.format("FAULTS_STATUS s500=%d s503=%d s504=%d s5other=%d\n", t.s500, t.s503, t.s504, t.s5other))
end
