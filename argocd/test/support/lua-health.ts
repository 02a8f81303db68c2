// Runs an Argo CD resource health check (a Lua script from resource.customizations.health.*)
// against an object, as Argo CD does: the object is the global `obj`, the script returns a table
// with `status` and `message`. Argo CD embeds gopher-lua (Lua 5.1); fengari is Lua 5.3, and the
// scripts here use only what both have.
import { lauxlib, lua, lualib, to_luastring } from 'fengari';

function luaLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string')
    return `"${value.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\n')}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `{${value.map(luaLiteral).join(', ')}}`;
  const fields = Object.entries(value as Record<string, unknown>).map(
    ([key, item]) => `[${luaLiteral(key)}] = ${luaLiteral(item)}`,
  );
  return `{${fields.join(', ')}}`;
}

export function runHealthScript(
  script: string,
  object: unknown,
): { status: string; message: string } {
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  const program = [
    `obj = ${luaLiteral(object)}`,
    'local function check()',
    script,
    'end',
    'local hs = check()',
    'return hs.status, hs.message',
  ].join('\n');
  if (lauxlib.luaL_dostring(L, to_luastring(program)) !== lua.LUA_OK) {
    throw new Error(`Lua error: ${lua.lua_tojsstring(L, -1)}`);
  }
  return { status: lua.lua_tojsstring(L, -2), message: lua.lua_tojsstring(L, -1) };
}
