-- POST /api/v1/auth/refresh with rotation: a refresh token is good once (a second use is reuse and revokes the
-- session), so each thread keeps a queue of live tokens, sends the oldest and queues the successor from each 200.
-- done() writes the tokens still live to $REFRESH_OUT, so the next run continues the same sessions. The tokens in
-- flight when wrk stops are lost (at most one per connection a run).
-- wrk -s refresh.lua http://127.0.0.1:8180 -- <path> <token_file> <threads>
dofile(assert(os.getenv("PEER_WRK"), "PEER_WRK must name the peer harness's wrk/ folder") .. "/common.lua")

local base_setup, base_done = setup, done
local all_threads = {}

function setup(thread)
  base_setup(thread)
  all_threads[#all_threads + 1] = thread
end

function init(args)
  path = args[1]
  local nthreads = tonumber(args[3])
  pool = {}
  for i, t in ipairs(read_lines(args[2])) do
    if (i - 1) % nthreads == id then pool[#pool + 1] = t end
  end
  head, tail = 1, #pool
  hdr = { ["Content-Type"] = "application/json" }
end

function request()
  local t = "pool-empty"
  if head <= tail then
    t = pool[head]; pool[head] = nil; head = head + 1
  end
  return wrk.format("POST", path, hdr, '{"refresh_token":"' .. t .. '"}')
end

function response(status, headers, body)
  if status == 200 then
    local t = body:match('"refresh_token"%s*:%s*"([^"]+)"')
    if t then tail = tail + 1; pool[tail] = t end
  end
end

function done(summary, latency, requests)
  base_done(summary, latency, requests)
  local out = os.getenv("REFRESH_OUT")
  if not out then return end
  local f = assert(io.open(out, "w"))
  for _, th in ipairs(all_threads) do
    local p, h, t = th:get("pool"), th:get("head"), th:get("tail")
    for i = h, t do
      if p[i] then f:write(p[i], "\n") end
    end
  end
  f:close()
end
