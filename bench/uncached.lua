-- Adds a parameter the server ignores but its response cache keys on, so every request
-- renders from the read model: the cost of a cache miss.
local counter = 0
local id = 0

function setup(thread)
  id = id + 1
  thread:set("id", id)
end

function init(args)
  counter = 0
end

request = function()
  counter = counter + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "nocache=" .. id .. "-" .. counter)
end
