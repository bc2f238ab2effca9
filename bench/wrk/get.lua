-- GET with a bearer token, cycling over a file of access tokens and over one path or a file of paths (@file).
-- wrk -s get.lua http://127.0.0.1:8180 -- <token_file> <path | @path_file>
dofile(assert(os.getenv("PEER_WRK"), "PEER_WRK must name the peer harness's wrk/ folder") .. "/common.lua")

function init(args)
  tokens = read_lines(args[1])
  if args[2]:sub(1, 1) == "@" then paths = read_lines(args[2]:sub(2)) else paths = { args[2] } end
  seed()
  n = math.random(#tokens)
  m = math.random(#paths)
end

function request()
  n = n % #tokens + 1
  m = m % #paths + 1
  return wrk.format("GET", paths[m], { ["Authorization"] = "Bearer " .. tokens[n] })
end
