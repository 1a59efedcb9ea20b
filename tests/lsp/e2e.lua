-- The end-to-end test's script, run in headless Neovim after init.lua on
-- runbooks/pods.md of a copy of tests/fixtures/lsp: wait for rbc's finding on the
-- broken kubectl command, apply its quick fix as a user would, wait for it to clear.
-- Writes what it saw to $RBC_E2E_OUT, one line per step; exits 1 on failure.
local out = assert(io.open(vim.env.RBC_E2E_OUT, "w"))
local function say(s) out:write(s .. "\n"); out:flush() end
local function fail(s) say("FAIL " .. s); out:close(); vim.cmd("cquit 1") end

local buf = vim.api.nvim_get_current_buf()
if not vim.wait(60000, function() return #vim.diagnostic.get(buf) > 0 end, 20) then
  fail("no diagnostics")
end
local d = vim.diagnostic.get(buf)[1]
local lsp = d.user_data and d.user_data.lsp or {}
say(string.format("diagnostic %s line %d col %d: %s", lsp.code or d.code or "?",
  d.lnum + 1, d.col + 1, d.message:gsub("\n.*", "")))

local client = vim.lsp.get_active_clients()[1]
if client == nil then fail("no client") end
vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
-- The range of the finding (the file is ASCII: columns are UTF-16 units too).
local at = { line = d.lnum, character = d.col }
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = { start = at, ["end"] = at },
  context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, d.lnum) },
}
local resp, err = client.request_sync("textDocument/codeAction", params, 20000, buf)
if resp == nil or resp.result == nil then
  fail("no code actions: " .. vim.inspect(err) .. " " .. vim.inspect(resp))
end
local fix = nil
for _, a in ipairs(resp.result) do
  say("action " .. a.title)
  if a.isPreferred and fix == nil then fix = a end
end
if fix == nil then fail("no preferred quick fix") end
vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
say("applied " .. fix.title)
say("line " .. vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1])

if not vim.wait(60000, function() return #vim.diagnostic.get(buf) == 0 end, 20) then
  fail("the finding did not clear")
end
say("cleared")
out:close()
vim.cmd("qall!")
