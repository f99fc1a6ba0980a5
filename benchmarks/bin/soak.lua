-- Mixed traffic for soak.sh: each connection cycles through the sample app's endpoints,
-- including the answers that are errors by design (504 past a deadline, 502 from a failed
-- supplier, 503 when an executor sheds load).
local mix = {
	{ path = "/quotes?city=Paris" },
	{ path = "/quotes?city=Lisbon" },
	{ path = "/primes?limit=100000" },
	{ path = "/quotes?city=Oslo&delay=hotels:2000", headers = { ["X-Request-Timeout"] = "300" } },
	{ path = "/quotes?city=Rome" },
	{ path = "/quotes?city=Vienna&fail=cars" },
	{ path = "/primes?limit=300000" },
	{ path = "/suppliers/flights?city=Madrid" },
	{ path = "/quotes?city=Prague" },
	{ path = "/leak?millis=2500" },
}

local requests = {}
local next_request = 1

function init(args)
	for i, entry in ipairs(mix) do
		requests[i] = wrk.format("GET", entry.path, entry.headers or {})
	end
	-- start each connection's thread at a different place in the mix
	next_request = math.random(#requests)
end

function request()
	local r = requests[next_request]
	next_request = next_request % #requests + 1
	return r
end
