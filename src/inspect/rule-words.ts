// Split an iptables-save rule spec into generic options, matches and the target: the one
// reading of rule words that the model and the renderers share.
import { splitWords } from "./iptables-save.js";

export interface Opt {
  /** Option name without dashes: "dport", "ctstate", "to-destination". */
  key: string;
  values: string[];
  inv: boolean;
  /** The words as written, for printing modules we do not know. */
  raw: string;
}

export interface Module {
  name: string;
  opts: Opt[];
  /** Loaded implicitly by `-p tcp --dport 80` (no -m tcp). */
  implicit?: boolean;
}

export interface ParsedRule {
  source?: string;
  sourceInv: boolean;
  destination?: string;
  destinationInv: boolean;
  in?: string;
  inInv: boolean;
  out?: string;
  outInv: boolean;
  protocol?: string;
  protocolInv: boolean;
  fragment: boolean;
  fragmentInv: boolean;
  matches: Module[];
  target?: Module;
  goto: boolean;
}

const ONE_VALUE = new Set(["comment", "log-prefix", "nflog-prefix", "string", "hex-string", "to-destination", "to-source", "reject-with"]);


const GENERIC: Record<string, string> = {
  "-s": "s", "--source": "s", "--src": "s",
  "-d": "d", "--destination": "d", "--dst": "d",
  "-i": "i", "--in-interface": "i",
  "-o": "o", "--out-interface": "o",
  "-p": "p", "--protocol": "p",
  "-f": "f", "--fragment": "f",
  "-m": "m", "--match": "m",
  "-j": "j", "--jump": "j",
  "-g": "g", "--goto": "g",
};

export function parseRuleSpec(spec: string): ParsedRule {
  const w = splitWords(spec);
  const rule: ParsedRule = {
    sourceInv: false, destinationInv: false, inInv: false, outInv: false, protocolInv: false,
    fragment: false, fragmentInv: false, matches: [], goto: false,
  };
  let current: Module | undefined;
  let inv = false;
  for (let i = 0; i < w.length; i++) {
    const word = w[i]!;
    if (word === "!") {
      inv = true;
      continue;
    }
    const g = GENERIC[word];
    if (g) {
      const value = g === "f" ? undefined : w[++i];
      switch (g) {
        case "s": rule.source = value; rule.sourceInv = inv; break;
        case "d": rule.destination = value; rule.destinationInv = inv; break;
        case "i": rule.in = value; rule.inInv = inv; break;
        case "o": rule.out = value; rule.outInv = inv; break;
        case "p": rule.protocol = value; rule.protocolInv = inv; break;
        case "f": rule.fragment = true; rule.fragmentInv = inv; break;
        case "m": current = { name: value ?? "", opts: [] }; rule.matches.push(current); break;
        case "j": case "g":
          current = { name: value ?? "", opts: [] };
          rule.target = current;
          rule.goto = g === "g";
          break;
      }
      inv = false;
      continue;
    }
    if (word.startsWith("--")) {
      const key = word.slice(2);
      const values: string[] = [];
      const rawWords = [word];
      if (ONE_VALUE.has(key)) {
        if (i + 1 < w.length) values.push(w[++i]!);
      } else {
        while (i + 1 < w.length && !w[i + 1]!.startsWith("-") && w[i + 1] !== "!") values.push(w[++i]!);
        // Old style: `--dport ! 22`.
        if (values.length === 0 && w[i + 1] === "!" && i + 2 < w.length && !w[i + 2]!.startsWith("-")) {
          inv = true;
          i++;
          values.push(w[++i]!);
        }
      }
      for (const v of values) rawWords.push(/[\s"\\]/.test(v) || v === "" ? `"${v.replace(/(["\\])/g, "\\$1")}"` : v);
      if (!current) {
        // `-p tcp --dport 80` without `-m tcp`: iptables loads the protocol's match itself.
        current = { name: rule.protocol ?? "", opts: [], implicit: true };
        rule.matches.push(current);
      }
      current.opts.push({ key, values, inv, raw: (inv ? "! " : "") + rawWords.join(" ") });
      inv = false;
      continue;
    }
    // A stray word: keep it with the current module so nothing is silently lost.
    if (current) current.opts.push({ key: "", values: [word], inv, raw: word });
    inv = false;
  }
  return rule;
}
