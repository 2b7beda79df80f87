-- Counting run: the same requests as lean.lua, with per-status counting (common.lua's response() and
-- done(): one BENCH_RESULT line), plus one COUNT_STATUS line with the 503s (sheds) and other 5xx.
-- run.sh uses it only for the short unmeasured run before each measured one (which also warms the
-- JIT); its throughput is never reported.
--
--   wrk ... -s count.lua URL -- requests.txt
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
dofile(os.getenv("BENCH_LUA_DIR") .. "/lean.lua")

local all_threads = {}
local base_setup, base_response, base_done, lean_init = setup, response, done, init

function setup(thread)
   base_setup(thread)
   table.insert(all_threads, thread)
end

function init(args)
   init_counters()
   c503, c5other = 0, 0
   lean_init(args)
end

function response(status, headers, body)
   base_response(status, headers, body)
   if status == 503 then c503 = c503 + 1
   elseif status >= 500 then c5other = c5other + 1 end
end

function done(summary, latency, requests)
   base_done(summary, latency, requests)
   local t503, tother = 0, 0
   for _, thread in ipairs(all_threads) do
      t503 = t503 + (thread:get("c503") or 0)
      tother = tother + (thread:get("c5other") or 0)
   end
   io.write(string.format("COUNT_STATUS s503=%d s5other=%d\n", t503, tother))
end
