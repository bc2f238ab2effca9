-- POST /api/v1/auth/login round-robin over users user<first>..user<first+count-1> (password pw-<username>), the
-- same users and passwords as the peer harness's login.lua gives Keycloak.
-- wrk -s login.lua http://127.0.0.1:8180 -- <path> <first> <count>        (PEER_WRK: the peer harness's wrk/ folder)
dofile(assert(os.getenv("PEER_WRK"), "PEER_WRK must name the peer harness's wrk/ folder") .. "/common.lua")

function init(args)
  path, first, count = args[1], tonumber(args[2]), tonumber(args[3])
  hdr = { ["Content-Type"] = "application/json" }
  seed()
  n = math.random(count)
end

function request()
  n = n % count + 1
  local u = string.format("user%05d", first + n - 1)
  return wrk.format("POST", path, hdr, '{"login":"' .. u .. '","password":"pw-' .. u .. '"}')
end
