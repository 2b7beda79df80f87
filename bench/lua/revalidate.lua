-- Conditional GET: a random "path<TAB>etag" line, sent with If-None-Match: etag, so the expected
-- answer is 304. wrk ... -s revalidate.lua URL -- etags.tsv
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local paths, etags = {}, {}

function init(args)
   init_counters()
   for _, line in ipairs(read_lines(args[1])) do
      local path, etag = line:match("^([^\t]+)\t(.+)$")
      if path then
         table.insert(paths, path)
         table.insert(etags, etag)
      end
   end
   assert(#paths > 0, "no path<TAB>etag lines in " .. args[1])
end

function request()
   local i = math.random(#paths)
   return wrk.format("GET", paths[i], { ["If-None-Match"] = etags[i] })
end
