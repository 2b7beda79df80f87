-- GET a random path from a file, one path per line:  wrk ... -s get.lua URL -- paths.txt
-- Used for slug lookups (also against nginx), list pages, the letter filter, q search and suggestions.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local paths

function init(args)
   init_counters()
   paths = read_lines(args[1])
end

function request()
   return wrk.format("GET", paths[math.random(#paths)])
end
