// The few parts of fengari (a Lua VM in JavaScript; it ships no types) that lua-health.ts uses.
declare module 'fengari' {
  type LuaState = { readonly __brand: 'lua_State' };
  export const lua: {
    LUA_OK: number;
    lua_tojsstring(L: LuaState, index: number): string;
    lua_gettop(L: LuaState): number;
  };
  export const lauxlib: {
    luaL_newstate(): LuaState;
    luaL_dostring(L: LuaState, code: Uint8Array): number;
  };
  export const lualib: { luaL_openlibs(L: LuaState): void };
  export function to_luastring(text: string): Uint8Array;
}
