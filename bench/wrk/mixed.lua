-- A mixed read load of the hot paths a fleet of replicas shares through Redis: 70 % permission checks, 20 % forward
-- authentication, 10 % GET /api/v1/account, cycling over a file of access tokens (one user and session each).
-- wrk -s mixed.lua http://127.0.0.1:8080 -- <token_file>
local function read_lines(path)
  local out = {}
  for line in io.lines(path) do
    if line ~= "" then out[#out + 1] = line end
  end
  return out
end

local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  tokens = read_lines(args[1])
  math.randomseed(os.time() + id)
  n = math.random(#tokens)
end

function request()
  n = n % #tokens + 1
  local r = math.random(10)
  local path = "/api/v1/authz/check?role=user"
  if r == 10 then path = "/api/v1/account" elseif r >= 8 then path = "/api/v1/authz/forward?role=user" end
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. tokens[n] })
end
