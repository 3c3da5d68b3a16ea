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
    if (typeof code === "string" && (filename === undefined || filename === CELL_FILE)) lastCell = code.split("\n");
    return original.call(vm, code, options as vm.RunningScriptOptions);
  } as typeof vm.runInThisContext;
  Object.assign(remembering, { vethbookCellLine: true });
  vm.runInThisContext = remembering;
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
