#!/usr/bin/env node
import{existsSync as m,readFileSync as i}from"node:fs";import{createRequire as a}from"node:module";import{fileURLToPath as t}from"node:url";import p from"node:vm";function u(e,{useCache:l=!0}={}){let n=t(new URL("cli.js",e)),r=t(new URL("cli.cache",e)),o=new p.Script(i(n,"utf8"),{filename:n,cachedData:l&&m(r)?i(r):void 0}),c=d=>import(d);return{script:o,run:()=>o.runInThisContext()(a(n),new URL("flowlint.mjs",e).href,c)}}u(new URL("./",import.meta.url)).run();
//# sourceMappingURL=flowlint.mjs.map
