-- rbc lsp in Neovim's built-in LSP client (Neovim 0.7 or later, no plugin).
-- Put this in ~/.config/nvim/init.lua (or source it from there). The end-to-end
-- test (tests/it/lsp_editors.rs) runs Neovim with exactly this file.
--
-- The server is `rbc lsp` (or the binary named by $RBC); the workspace is the folder
-- of the nearest runbooks.yaml above the file, else the current folder.
local rbc_client = nil

vim.api.nvim_create_autocmd("FileType", {
  pattern = "markdown",
  callback = function(args)
    if rbc_client == nil then
      local here = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ":p:h")
      local config = vim.fn.findfile("runbooks.yaml", here .. ";")
      local root = config ~= "" and vim.fn.fnamemodify(config, ":p:h") or vim.fn.getcwd()
      rbc_client = vim.lsp.start_client({
        name = "rbc",
        cmd = { vim.env.RBC or "rbc", "lsp" },
        root_dir = root,
        -- Optional: { debounceMs = 100, ruleDocsUrl = "https://…/rules/{code}.html" }
        init_options = {},
      })
    end
    vim.lsp.buf_attach_client(args.buf, rbc_client)
  end,
})

-- Quick fixes and "disable" comments on the usual key; K shows the hover.
vim.keymap.set("n", "<leader>ca", vim.lsp.buf.code_action)
vim.keymap.set("n", "K", vim.lsp.buf.hover)
vim.keymap.set("n", "gd", vim.lsp.buf.definition)
