// Which line of the learner's cell a failure came from. tslab runs each cell as one script
// (vm.runInThisContext, file name "evalmachine.<anonymous>"), in the kernel and in the
// headless runner alike; remembering the last such script turns a stack frame's line number
// into the line of code the learner wrote (as TypeScript compiled it: types gone, same words).
import vm from "node:vm";
import { setCellLocator } from "../src/command/failure.js";

const CELL_FILE = "evalmachine.<anonymous>";
let lastCell: string[] = [];

const original = vm.runInThisContext;
if (!(original as { vethbookCellLine?: true }).vethbookCellLine) {
  const remembering = function (this: unknown, code: string, options?: vm.RunningScriptOptions | string) {
    const filename = typeof options === "string" ? options : options?.filename;
    if (typeof code === "string" && (filename === undefined || filename === CELL_FILE)) {
      lastCell = code.split("\n");
      code = quietShownLastValue(code);
    }
    return original.call(vm, code, options as vm.RunningScriptOptions);
  } as typeof vm.runInThisContext;
  Object.assign(remembering, { vethbookCellLine: true });
  vm.runInThisContext = remembering;
}

const TSLAB_TAIL = "\n})(__tslab__.exports, __tslab__.require)";

/** A cell that ends in a value it has already shown (a command's result: its terminal block
 *  says it all) prints nothing more; tslab would print an empty line for it. The check runs
 *  at the end of the cell's own function body, after its last value is assigned (also after
 *  an await), on a line after the last one, so line numbers stay as they were. */
function quietShownLastValue(code: string): string {
  if (!code.endsWith(TSLAB_TAIL) || !code.includes("exports.tsLastExpr")) return code;
  const check =
    '\n;for (const k of Object.keys(exports)) if (/^tsLastExpr\\d*$/.test(k) && exports[k] != null && exports[k][Symbol.for("vethbook.shown")]) delete exports[k];';
  return code.slice(0, -TSLAB_TAIL.length) + check + TSLAB_TAIL;
}

/** The cell's own line for the first cell frame of `stack`, or undefined. */
export function cellLine(stack: string): string | undefined {
  for (const m of stack.matchAll(/evalmachine\.<anonymous>:(\d+):\d+/g)) {
    const text = lastCell[Number(m[1]) - 1]?.trim();
    // The wrapper's own lines (the async function around the cell) are not the learner's.
    if (text && !/^\(async function\(exports, require\)|^\}\)\(__tslab__/.test(text)) return asWritten(text);
  }
  return undefined;
}

/** tslab's compiled form back to what the learner typed: top-level names live on
 *  `exports.`, a cell's last value is assigned to `exports.tsLastExpr`, and the printer puts
 *  a space between a tag and its template. */
function asWritten(js: string): string {
  return js
    .replace(/^exports\.tsLastExpr\s*=\s*/, "")
    .replace(/\bexports\./g, "")
    .replace(/(\w) `/g, "$1`")
    .replace(/;$/, "");
}

setCellLocator(cellLine);
